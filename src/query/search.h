/* Searching: a query text and options in, ranked hits with snippets and
 * exact facet counts out.  The one entry point that the command line (and
 * any other front end) uses to search. */
#ifndef NS_QUERY_SEARCH_H
#define NS_QUERY_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "index/schema.h"
#include "newssearch/article.h"
#include "newssearch/status.h"
#include "query/snippet.h"
#include "xapian/xdb.h"

typedef enum ns_sort {
    NS_SORT_RELEVANCE,
    NS_SORT_NEWEST,
    NS_SORT_OLDEST
} ns_sort;

/* "relevance", "newest", "oldest"; NS_ERR_USAGE otherwise. */
ns_status ns_sort_by_name(const char *name, ns_sort *sort, ns_error *err);

#define NS_SNIPPET_WORDS 36

typedef struct ns_search_request {
    const char *query;             /* NULL: every article */
    uint32_t offset;
    uint32_t limit;
    ns_sort sort;
    const ns_facet_kind *facets;   /* counted over all matches */
    size_t n_facets;
    bool no_collapse;              /* every copy of a story a hit of its own */
} ns_search_request;

/* Copies of a hit's story listed with it, at most. */
#define NS_ALSO_MAX 50

/* Another copy of a hit's story that matched too. */
typedef struct ns_copy {
    char *id;
    char *outlet;                  /* NULL when unknown */
    char *title;
    int64_t date;
} ns_copy;

typedef struct ns_hit {
    uint32_t rank;                 /* from 1, over all matches */
    double score;
    ns_docid docid;
    ns_article article;
    ns_snippet snippet;
    ns_copy *also;                 /* the story's other copies that matched, by date */
    size_t n_also;
} ns_hit;

typedef struct ns_facet_value {
    char *value;
    uint32_t count;
} ns_facet_value;

typedef struct ns_facet_result {
    ns_facet_kind kind;
    ns_facet_value *values;        /* by count, then value */
    size_t n_values;
} ns_facet_result;

typedef struct ns_search_result {
    uint32_t total;                /* exact number of matching articles */
    uint32_t stories;              /* of distinct stories among them (= total with no_collapse) */
    ns_hit *hits;
    size_t n_hits;
    ns_facet_result *facets;       /* in request order */
    size_t n_facets;
    ns_strlist notes;              /* how the query was repaired, if it was */
} ns_search_result;

ns_status ns_search(ns_xdb *db, const ns_search_request *request, ns_search_result **result,
                    ns_error *err);
void ns_search_result_free(ns_search_result *result);

#endif
