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
