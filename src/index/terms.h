/* Words to index terms, shared by the indexer and the query builder so
 * that both spell every term the same way: the stem of a normalised word
 * (cached, since a corpus repeats its vocabulary endlessly). */
#ifndef NS_INDEX_TERMS_H
#define NS_INDEX_TERMS_H

#include <stddef.h>

#include "newssearch/status.h"

typedef struct ns_terms ns_terms;

ns_status ns_terms_new(ns_terms **terms, ns_error *err);
void ns_terms_free(ns_terms *terms);

/* The English stem of a normalised word; borrowed, valid until the next
 * call. */
const char *ns_terms_stem(ns_terms *terms, const char *word, size_t len, size_t *stem_len);

#endif
