#include "query/spelling.h"

#include <stdlib.h>
#include <string.h>

#include "index/schema.h"
#include "query/parse.h"
#include "text/normalize.h"
#include "util/mem.h"
#include "util/strmap.h"

#define MAX_CHARS 80

static size_t decode_all(const char *s, size_t len, int32_t *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < len && n < cap;) {
        i += ns_utf8_decode(s + i, len - i, &out[n]);
        n++;
    }
    return n;
}

/* Optimal string alignment distance over code points, abandoned once every
 * entry of a row exceeds max. */
static unsigned osa_distance(const int32_t *a, size_t m, const int32_t *b, size_t n, unsigned max)
{
    unsigned rows[3][MAX_CHARS + 1];
    unsigned *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= n; j++)
        prev[j] = (unsigned)j;
    for (size_t i = 1; i <= m; i++) {
        cur[0] = (unsigned)i;
        unsigned row_min = cur[0];
        for (size_t j = 1; j <= n; j++) {
            unsigned cost = a[i - 1] != b[j - 1];
            unsigned d = prev[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            if (prev[j - 1] + cost < d)
                d = prev[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                prev2[j - 2] + 1 < d)
                d = prev2[j - 2] + 1;
            cur[j] = d;
            if (d < row_min)
                row_min = d;
        }
        if (row_min > max)
            return max + 1;
        unsigned *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[n] > max ? max + 1 : prev[n];
}

unsigned ns_edit_distance(const char *a, size_t a_len, const char *b, size_t b_len, unsigned max)
{
    int32_t ca[MAX_CHARS], cb[MAX_CHARS];
    size_t m = decode_all(a, a_len, ca, MAX_CHARS), n = decode_all(b, b_len, cb, MAX_CHARS);
    if ((m > n ? m - n : n - m) > max)
        return max + 1;
    return osa_distance(ca, m, cb, n, max);
}

typedef struct scan {
    int32_t word[MAX_CHARS];
    size_t word_chars;
    unsigned max;
    ns_spelling_list *out;
    ns_strmap found;        /* word -> index + 1 in out */
    uint32_t *written_freq; /* one per item */
    size_t written_cap;
    /* The last variant's word, so a run of variants is measured once. */
    char last[NS_TERM_MAX_BYTES + 1];
    size_t last_len;
    unsigned last_distance;
} scan;

static unsigned distance_to(scan *s, const char *w, size_t len)
{
    size_t chars = ns_utf8_chars(w, len);
    size_t diff = chars > s->word_chars ? chars - s->word_chars : s->word_chars - chars;
    if (diff > s->max || chars > MAX_CHARS)
        return s->max + 1;
    int32_t cw[MAX_CHARS];
    size_t n = decode_all(w, len, cw, MAX_CHARS);
    return osa_distance(s->word, s->word_chars, cw, n, s->max);
}

static void add(scan *s, const char *w, size_t len, const char *written, size_t written_len,
                uint32_t freq, unsigned distance)
{
    void **slot = ns_strmap_slot(&s->found, w, len);
    size_t index;
    if (!*slot) {
        ns_spelling_list *out = s->out;
        out->items = ns_xgrow(out->items, &out->cap, out->len + 1, sizeof *out->items);
        index = out->len++;
        out->items[index] = (ns_spelling){ ns_xstrndup(w, len), NULL, 0, distance };
        *slot = (void *)(uintptr_t)(index + 1);
        s->written_freq = ns_xgrow(s->written_freq, &s->written_cap, out->len, sizeof *s->written_freq);
        s->written_freq[index] = 0;
    } else {
        index = (size_t)(uintptr_t)*slot - 1;
    }
    ns_spelling *sp = &s->out->items[index];
    sp->freq += freq;
    if (freq > s->written_freq[index]) {
        free(sp->written);
        sp->written = ns_xstrndup(written, written_len);
        s->written_freq[index] = freq;
    }
}

static int on_plain(void *ctx, const char *term, size_t len, uint32_t freq)
{
    scan *s = ctx;
    unsigned d = distance_to(s, term, len);
    if (d <= s->max)
        add(s, term, len, term, len, freq, d);
    return 0;
}

static int on_variant(void *ctx, const char *term, size_t len, uint32_t freq)
{
    scan *s = ctx;
    const char *w;
    size_t w_len;
    if (!ns_schema_variant_word(term, len, &w, &w_len))
        return 0;
    if (w_len != s->last_len || memcmp(w, s->last, w_len) != 0) {
        memcpy(s->last, w, w_len);
        s->last_len = w_len;
        s->last_distance = distance_to(s, w, w_len);
    }
    const char *written = w + w_len + 1;   /* after the space */
    if (s->last_distance <= s->max)
        add(s, w, w_len, written, (size_t)(term + len - written), freq, s->last_distance);
    return 0;
}

static int compare_spellings(const void *a, const void *b)
{
    const ns_spelling *x = a, *y = b;
    if (x->distance != y->distance)
        return x->distance < y->distance ? -1 : 1;
    if (x->freq != y->freq)
        return x->freq > y->freq ? -1 : 1;
    return strcmp(x->word, y->word);
}

ns_status ns_spelling_near(ns_xdb *db, const char *word, unsigned max_distance,
                           ns_spelling_list *out, ns_error *err)
{
    memset(out, 0, sizeof *out);
    scan s = { .max = max_distance, .out = out };
    s.word_chars = decode_all(word, strlen(word), s.word, MAX_CHARS);
    /* Plain words are the terms that do not start with a capital (Xapian's
     * mark of a prefix); variants are under XE. */
    ns_status st = ns_xdb_each_term_between(db, "", "A", on_plain, &s, err);
    if (st == NS_OK)
        st = ns_xdb_each_term_between(db, "a", NULL, on_plain, &s, err);
    if (st == NS_OK)
        st = ns_xdb_each_term_between(db, NS_PREFIX_EXACT, "XF", on_variant, &s, err);
    ns_strmap_free(&s.found, NULL);
    free(s.written_freq);
    if (st != NS_OK) {
        ns_spelling_list_clear(out);
        return st;
    }
    if (out->len)
        qsort(out->items, out->len, sizeof *out->items, compare_spellings);
    return NS_OK;
}

void ns_spelling_list_clear(ns_spelling_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->len; i++) {
        free(list->items[i].word);
        free(list->items[i].written);
    }
    free(list->items);
    memset(list, 0, sizeof *list);
}

ns_status ns_spelling_expand_query(ns_xdb *db, ns_qnode *n, ns_error *err)
{
    if (!n)
        return NS_OK;
    if (n->kind == NS_Q_WORD && n->fuzzy && n->expansions.len == 0) {
        ns_spelling_list near;
        ns_status st = ns_spelling_near(db, n->words.items[0], n->fuzzy, &near, err);
        if (st != NS_OK)
            return st;
        for (size_t i = 0; i < near.len; i++)
            ns_strlist_add(&n->expansions, near.items[i].word);
        ns_spelling_list_clear(&near);
    }
    for (size_t i = 0; i < n->n_children; i++) {
        ns_status st = ns_spelling_expand_query(db, n->children[i], err);
        if (st != NS_OK)
            return st;
    }
    return NS_OK;
}
