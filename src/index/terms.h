/* Words to index terms, shared by the indexer and the query builder so
 * that both spell every term the same way: the stem of a normalised word
 * (cached, since a corpus repeats its vocabulary endlessly), and the
 * other way round, the index's terms of every word with a given stem. */
#ifndef NS_INDEX_TERMS_H
#define NS_INDEX_TERMS_H

#include <stdbool.h>
#include <stddef.h>

#include "newssearch/status.h"
#include "xapian/xdb.h"

typedef struct ns_terms ns_terms;

ns_status ns_terms_new(ns_terms **terms, ns_error *err);
void ns_terms_free(ns_terms *terms);

/* The English stem of a normalised word; borrowed, valid until the next
 * call. */
const char *ns_terms_stem(ns_terms *terms, const char *word, size_t len, size_t *stem_len);

/* Called with a term of the index and the word it holds (the term without
 * its prefix, or a variant's word); nonzero stops. */
typedef int (*ns_stem_term_fn)(void *ctx, const char *term, size_t len, const char *word,
                               size_t word_len);

/* Every term in db of a word whose stem is `stem`: in the text its plain
 * terms and their XE variants, in the title (title) its S terms, in term
 * order for each of the few prefixes looked at.  The index keeps no
 * stemmed terms (schema.h): this is how a query finds a stem's words. */
ns_status ns_terms_each_with_stem(ns_terms *terms, ns_xdb *db, const char *stem, size_t stem_len,
                                  bool title, ns_stem_term_fn fn, void *ctx, ns_error *err);

#endif
