#include "index/terms.h"

#include <stdlib.h>
#include <string.h>

#include "index/schema.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/strmap.h"
#include "xapian/xdb.h"

/* Past this many cached stems the cache starts again, bounding memory on
 * corpora with endless vocabularies (numbers, names, typos). */
#define STEM_CACHE_MAX 500000

struct ns_terms {
    ns_xstemmer *stemmer;
    ns_strmap cache;      /* word -> ns_buf holding its stem */
    ns_buf scratch;
};

ns_status ns_terms_new(ns_terms **out, ns_error *err)
{
    ns_terms *terms = ns_xcalloc(1, sizeof *terms);
    ns_status st = ns_xstemmer_new(NS_STEM_LANGUAGE, &terms->stemmer, err);
    if (st != NS_OK) {
        free(terms);
        return st;
    }
    *out = terms;
    return NS_OK;
}

static void free_stem(void *value)
{
    free(value);
}

void ns_terms_free(ns_terms *terms)
{
    if (!terms)
        return;
    ns_xstemmer_free(terms->stemmer);
    ns_strmap_free(&terms->cache, free_stem);
    ns_buf_free(&terms->scratch);
    free(terms);
}

const char *ns_terms_stem(ns_terms *terms, const char *word, size_t len, size_t *stem_len)
{
    if (terms->cache.len >= STEM_CACHE_MAX)
        ns_strmap_free(&terms->cache, free_stem);
    void **slot = ns_strmap_slot(&terms->cache, word, len);
    if (!*slot) {
        ns_buf_reset(&terms->scratch);
        ns_xstem(terms->stemmer, word, len, &terms->scratch);
        *slot = ns_xstrndup(terms->scratch.data ? terms->scratch.data : "", terms->scratch.len);
    }
    const char *stem = *slot;
    *stem_len = strlen(stem);
    return stem;
}

/* Where the words with a given stem start.  The English (Porter2) stemmer
 * changes a word only at its end, and at most its stem's last letter
 * differs from the word: y becomes i ("happy", "happi"), i becomes e
 * ("hoping", "hope") or l ("possibility", "possibl"), i becomes y ("skies",
 * "sky"); and "dying", "lying" and "tying" stem to "die", "lie" and "tie".
 * So a word with stem s starts with s, or with s whose last letter is
 * changed back, or, for s ending in "ie", with s less "ie" plus "y".
 * Checked over the 278,518 words of Debian's american-english-huge list
 * (tests/unit/test_query.c keeps the hard cases). */
#define STEM_STARTS_MAX 3

static size_t stem_starts(const char *stem, size_t len, ns_buf starts[STEM_STARTS_MAX])
{
    size_t n = 0;
    ns_buf_reset(&starts[n]);
    ns_buf_append(&starts[n++], stem, len);
    char last = stem[len - 1];
    char back = last == 'i' ? 'y' : (last == 'e' || last == 'l' || last == 'y') ? 'i' : 0;
    if (back) {
        ns_buf_reset(&starts[n]);
        ns_buf_append(&starts[n], stem, len - 1);
        ns_buf_putc(&starts[n++], back);
    }
    if (len >= 2 && stem[len - 2] == 'i' && last == 'e') {
        ns_buf_reset(&starts[n]);
        ns_buf_append(&starts[n], stem, len - 2);
        ns_buf_putc(&starts[n++], 'y');
    }
    return n;
}

typedef struct stem_scan {
    ns_terms *terms;
    const char *stem;       /* a copy: stemming candidates may clear the cache */
    size_t stem_len;
    size_t prefix_len;      /* of the terms being listed */
    bool variants;          /* they are XE terms: the word ends at the space */
    ns_stem_term_fn fn;
    void *ctx;
    int stopped;
} stem_scan;

static int check_term(void *ctx, const char *term, size_t len, uint32_t freq)
{
    (void)freq;
    stem_scan *s = ctx;
    const char *word = term + s->prefix_len;
    size_t word_len = len - s->prefix_len;
    if (s->variants && !ns_schema_variant_word(term, len, &word, &word_len))
        return 0;
    size_t stem_len;
    const char *stem = ns_terms_stem(s->terms, word, word_len, &stem_len);
    if (stem_len != s->stem_len || memcmp(stem, s->stem, stem_len) != 0)
        return 0;
    s->stopped = s->fn(s->ctx, term, len, word, word_len);
    return s->stopped;
}

ns_status ns_terms_each_with_stem(ns_terms *terms, ns_xdb *db, const char *stem, size_t stem_len,
                                  bool title, ns_stem_term_fn fn, void *ctx, ns_error *err)
{
    static const struct { const char *prefix; bool variants; } text[] = {
        { "", false }, { NS_PREFIX_EXACT, true },
    }, in_title[] = {
        { NS_PREFIX_TITLE, false },
    };
    if (stem_len == 0)
        return NS_OK;
    ns_buf starts[STEM_STARTS_MAX] = { NS_BUF_INIT, NS_BUF_INIT, NS_BUF_INIT };
    ns_buf prefix = NS_BUF_INIT;
    char *own = ns_xstrndup(stem, stem_len);
    stem_scan s = { .terms = terms, .stem = own, .stem_len = stem_len, .fn = fn, .ctx = ctx };
    size_t n_starts = stem_starts(own, stem_len, starts);
    size_t n_kinds = title ? 1 : 2;
    ns_status st = NS_OK;
    for (size_t i = 0; i < n_starts && st == NS_OK && !s.stopped; i++) {
        for (size_t k = 0; k < n_kinds && st == NS_OK && !s.stopped; k++) {
            const char *kind = title ? in_title[k].prefix : text[k].prefix;
            s.variants = title ? in_title[k].variants : text[k].variants;
            s.prefix_len = strlen(kind);
            ns_schema_term(&prefix, kind, starts[i].data, starts[i].len);
            st = ns_xdb_each_term(db, ns_buf_str(&prefix), check_term, &s, err);
        }
    }
    for (size_t i = 0; i < STEM_STARTS_MAX; i++)
        ns_buf_free(&starts[i]);
    ns_buf_free(&prefix);
    free(own);
    return st;
}
