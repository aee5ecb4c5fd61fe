#include "query/snippet.h"

#include <stdlib.h>
#include <string.h>

#include "text/normalize.h"
#include "text/tokenize.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/strmap.h"

/* A match needs a value in the maps; any non-NULL pointer will do. */
static char present;

typedef struct phrase {
    char **words;         /* borrowed from the query tree */
    size_t len;
} phrase;

struct ns_highlighter {
    ns_terms *terms;
    ns_strmap stems;      /* stems of plain query words */
    ns_strmap words;      /* exact words: one-word phrases, words in NEAR */
    ns_strlist prefixes;  /* wildcards */
    phrase *phrases;      /* phrases of two words or more, matched whole */
    size_t n_phrases, cap_phrases;
};

static void collect(ns_highlighter *h, const ns_qnode *n, bool exact)
{
    if (n->field != NS_FIELD_TEXT && n->field != NS_FIELD_TITLE)
        return;
    bool in_negation = false;
    switch (n->kind) {
    case NS_Q_WORD:
    case NS_Q_PHRASE:
        if (n->kind == NS_Q_WORD && !exact) {
            size_t stem_len;
            const char *stem = ns_terms_stem(h->terms, n->words.items[0],
                                             strlen(n->words.items[0]), &stem_len);
            *ns_strmap_slot(&h->stems, stem, stem_len) = &present;
            return;
        }
        /* Phrases, and words in NEAR, match exactly; a phrase only whole. */
        if (n->words.len > 1) {
            h->phrases = ns_xgrow(h->phrases, &h->cap_phrases, h->n_phrases + 1,
                                  sizeof *h->phrases);
            h->phrases[h->n_phrases++] = (phrase){ n->words.items, n->words.len };
            return;
        }
        for (size_t i = 0; i < n->words.len; i++)
            *ns_strmap_slot(&h->words, n->words.items[i], strlen(n->words.items[i])) = &present;
        return;
    case NS_Q_WILDCARD:
        ns_strlist_add(&h->prefixes, n->words.items[0]);
        return;
    case NS_Q_AND_NOT:
        in_negation = true;
        break;
    default:
        break;
    }
    bool child_exact = exact || n->kind == NS_Q_NEAR || n->kind == NS_Q_ADJ;
    /* What a query excludes is not highlighted. */
    size_t count = in_negation ? 1 : n->n_children;
    for (size_t i = 0; i < count; i++)
        collect(h, n->children[i], child_exact);
}

ns_highlighter *ns_highlighter_new(const ns_qnode *root, ns_terms *terms)
{
    ns_highlighter *h = ns_xcalloc(1, sizeof *h);
    h->terms = terms;
    if (root)
        collect(h, root, false);
    return h;
}

void ns_highlighter_free(ns_highlighter *h)
{
    if (!h)
        return;
    ns_strmap_free(&h->stems, NULL);
    ns_strmap_free(&h->words, NULL);
    ns_strlist_clear(&h->prefixes);
    free(h->phrases);
    free(h);
}

static bool matches(ns_highlighter *h, const ns_token *t)
{
    if (ns_strmap_get(&h->words, t->text, t->len))
        return true;
    for (size_t i = 0; i < h->prefixes.len; i++) {
        size_t n = strlen(h->prefixes.items[i]);
        if (t->len >= n && memcmp(t->text, h->prefixes.items[i], n) == 0)
            return true;
    }
    if (h->stems.len == 0)
        return false;
    size_t stem_len;
    const char *stem = ns_terms_stem(h->terms, t->text, t->len, &stem_len);
    return ns_strmap_get(&h->stems, stem, stem_len) != NULL;
}

typedef struct word_pos {
    size_t start, end;
    bool match;
    size_t phrase_progress[8];   /* words of phrase k matched so far, ending here */
} word_pos;

typedef struct scan {
    ns_highlighter *h;
    word_pos *words;
    size_t len, cap;
} scan;

/* Phrases are followed word by word: when the last word of one arrives,
 * every word of it is marked. */
static void follow_phrases(scan *s, const ns_token *t)
{
    word_pos *w = &s->words[s->len - 1];
    const word_pos *prev = s->len > 1 ? &s->words[s->len - 2] : NULL;
    for (size_t k = 0; k < s->h->n_phrases && k < 8; k++) {
        const phrase *p = &s->h->phrases[k];
        size_t done = prev ? prev->phrase_progress[k] : 0;
        if (done < p->len && strlen(p->words[done]) == t->len &&
            memcmp(p->words[done], t->text, t->len) == 0)
            w->phrase_progress[k] = done + 1;
        else if (strlen(p->words[0]) == t->len && memcmp(p->words[0], t->text, t->len) == 0)
            w->phrase_progress[k] = 1;
        if (w->phrase_progress[k] == p->len) {
            for (size_t i = 0; i < p->len; i++)
                s->words[s->len - 1 - i].match = true;
            w->phrase_progress[k] = 0;
        }
    }
}

static int note_word(void *ctx, const ns_token *t)
{
    scan *s = ctx;
    s->words = ns_xgrow(s->words, &s->cap, s->len + 1, sizeof *s->words);
    memset(&s->words[s->len], 0, sizeof s->words[s->len]);
    s->words[s->len] = (word_pos){ .start = t->start, .end = t->end, .match = matches(s->h, t) };
    s->len++;
    follow_phrases(s, t);
    return 0;
}

/* Append text[from, to) with runs of white space as one space. */
static void append_collapsed(ns_buf *out, const char *text, size_t from, size_t to)
{
    bool space = false;
    for (size_t i = from; i < to;) {
        int32_t cp;
        size_t n = ns_utf8_decode(text + i, to - i, &cp);
        if (ns_char_is_space(cp)) {
            space = true;
        } else {
            if (space && out->len > 0 && out->data[out->len - 1] != ' ')
                ns_buf_putc(out, ' ');
            space = false;
            ns_buf_append(out, text + i, n);
        }
        i += n;
    }
    if (space && out->len > 0 && out->data[out->len - 1] != ' ')
        ns_buf_putc(out, ' ');
}

#define ELLIPSIS "\xE2\x80\xA6"
/* Words shown before the first match, so it is read in context. */
#define LEAD_WORDS 6

void ns_snippet_make(ns_highlighter *h, const char *text, size_t max_words, ns_snippet *out)
{
    memset(out, 0, sizeof *out);
    scan s = { .h = h };
    /* The passage is looked for in the first NS_SNIPPET_SCAN_BYTES: a
     * search must stay quick when it finds a 50 MB article. */
    size_t len = strlen(text);
    if (len > NS_SNIPPET_SCAN_BYTES) {
        len = NS_SNIPPET_SCAN_BYTES;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--;
    }
    ns_tokenize(text, len, note_word, &s);
    ns_buf buf = NS_BUF_INIT;
    ns_buf_append(&buf, "", 0);
    if (s.len == 0 || max_words == 0) {
        out->text = ns_buf_detach(&buf);
        free(s.words);
        return;
    }
    /* The window of max_words words with the most matches, earliest first. */
    size_t best = 0, best_count = 0, count = 0;
    for (size_t i = 0; i < s.len; i++) {
        count += s.words[i].match;
        if (i >= max_words)
            count -= s.words[i - max_words].match;
        size_t start = i + 1 >= max_words ? i + 1 - max_words : 0;
        if (count > best_count) {
            best_count = count;
            best = start;
        }
    }
    if (best_count > 0) {
        size_t first_match = best;
        while (!s.words[first_match].match)
            first_match++;
        best = first_match > LEAD_WORDS ? first_match - LEAD_WORDS : 0;
    }
    size_t last = best + max_words < s.len ? best + max_words - 1 : s.len - 1;
    if (best > 0)
        ns_buf_puts(&buf, ELLIPSIS " ");
    size_t at = s.words[best].start;
    ns_span *spans = NULL;
    size_t n_spans = 0, cap = 0;
    for (size_t i = best; i <= last; i++) {
        append_collapsed(&buf, text, at, s.words[i].start);
        size_t word_start = buf.len;
        ns_buf_append(&buf, text + s.words[i].start, s.words[i].end - s.words[i].start);
        if (s.words[i].match) {
            spans = ns_xgrow(spans, &cap, n_spans + 1, sizeof *spans);
            spans[n_spans++] = (ns_span){ word_start, buf.len - word_start };
        }
        at = s.words[i].end;
    }
    /* Keep the punctuation that ends the last word's sentence. */
    size_t end = at;
    while (text[end] && strchr(".,;:!?\"')", text[end]))
        end++;
    ns_buf_append(&buf, text + at, end - at);
    if (last + 1 < s.len)
        ns_buf_puts(&buf, " " ELLIPSIS);
    out->text = ns_buf_detach(&buf);
    out->spans = spans;
    out->n_spans = n_spans;
    free(s.words);
}

void ns_snippet_clear(ns_snippet *snippet)
{
    if (!snippet)
        return;
    free(snippet->text);
    free(snippet->spans);
    memset(snippet, 0, sizeof *snippet);
}
