/* A query tree (parse.h) as a Xapian query, following the schema: words
 * match their stems, phrases and NEAR the exact words with positions,
 * field values their boolean terms, dates their day/month/year terms or a
 * range of the date value. */
#ifndef NS_QUERY_BUILD_H
#define NS_QUERY_BUILD_H

#include "index/terms.h"
#include "newssearch/status.h"
#include "query/parse.h"
#include "xapian/xdb.h"

/* Wildcards that expand to more words than this fail with a message
 * asking for a longer prefix. */
#define NS_WILDCARD_MAX_EXPANSION 5000

/* Fuzzy words must have their expansions (ns_spelling_expand_query()). */
ns_status ns_query_build(const ns_qnode *root, ns_terms *terms, ns_xdb *db, ns_xquery **out,
                         ns_error *err);

#endif
