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
#include "query/parse.h"
#include "query/explain.h"
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

/* Timelines: matches per day, ISO week, month or year. */
typedef enum ns_histogram_unit {
    NS_HISTOGRAM_NONE,
    NS_HISTOGRAM_DAY,
    NS_HISTOGRAM_WEEK,
    NS_HISTOGRAM_MONTH,
    NS_HISTOGRAM_YEAR
} ns_histogram_unit;

/* "day", "week", "month", "year"; NS_ERR_USAGE otherwise. */
ns_status ns_histogram_by_name(const char *name, ns_histogram_unit *unit, ns_error *err);
const char *ns_histogram_name(ns_histogram_unit unit);

typedef struct ns_search_request {
    const char *query;             /* NULL: every article */
    uint32_t offset;
    uint32_t limit;
    ns_sort sort;
    const ns_facet_kind *facets;   /* counted over all matches */
    size_t n_facets;
    ns_query_options options;      /* the reference time for relative dates, fuzziness */
    uint32_t facet_limit;          /* values kept per facet, the most frequent; 0: all */
    ns_histogram_unit histogram;   /* matches per bucket, over all matches */
    bool explain;                  /* how the query was read (result->explain) */
    bool suggest;                  /* a corrected query when few match (result->suggestion) */
    bool why;                      /* what each hit matched (hit->why) */
    uint32_t context;              /* every match with this many words around it (hit->contexts) */
    bool has_written_after;        /* only articles written into the index after */
    uint64_t written_after;        /* this revision (watches) */
    bool no_collapse;              /* every copy of a story a hit of its own */
    double time_limit;             /* seconds the counts may take; 0: no limit.  Past it
                                      ns_search() fails with NS_ERR_TIME_LIMIT rather than
                                      give counts that are not exact */
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
    ns_match_list why;             /* request->why */
    ns_passage *contexts;          /* request->context: every match, in text order */
    size_t n_contexts;
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
    size_t n_more;                 /* values left out by facet_limit */
} ns_facet_result;

typedef struct ns_histogram_bucket {
    char bucket[11];               /* "2025-08-09", "2025-W32", "2025-08", "2025" */
    uint32_t count;                /* matching articles */
    uint32_t articles;             /* all articles of the bucket */
} ns_histogram_bucket;

/* A query that finds more, made of the index's own words. */
typedef struct ns_suggestion {
    char *query;
    uint32_t total;
} ns_suggestion;

typedef struct ns_search_result {
    uint32_t total;                /* exact number of matching articles */
    uint32_t stories;              /* of distinct stories among them (= total with no_collapse) */
    ns_hit *hits;
    size_t n_hits;
    ns_facet_result *facets;       /* in request order */
    size_t n_facets;
    ns_strlist notes;              /* how the query was repaired, if it was */
    ns_histogram_unit histogram_unit;
    ns_histogram_bucket *histogram;  /* oldest first, every bucket from the first match's
                                        to the last's */
    size_t n_buckets;
    ns_explanation *explain;       /* request->explain */
    ns_suggestion *suggestion;     /* request->suggest, when one finds more */
} ns_search_result;

ns_status ns_search(ns_xdb *db, const ns_search_request *request, ns_search_result **result,
                    ns_error *err);
void ns_search_result_free(ns_search_result *result);

/* The article with this id; out is initialised by the call and the caller
 * clears it.  NS_ERR_NOT_FOUND when the index has no such article. */
ns_status ns_article_by_id(ns_xdb *db, const char *id, ns_article *out, ns_error *err);
/* Every hit, one at a time, for exports: the hits from request->offset on
 * (request->limit of them, or all when it is 0) are fetched page_size at a
 * time and handed to `hit`, each freed after, so memory stays bounded
 * whatever the number of matches.  `begin` is called once before the
 * first hit with a result that has everything but hits (total, facets,
 * histogram, explanation, notes).  A non-zero return from `hit` stops. */
typedef struct ns_search_stream {
    void (*begin)(void *ctx, const ns_search_result *summary);
    int (*hit)(void *ctx, const ns_hit *hit);
    void *ctx;
    uint32_t page_size;            /* 0: a default */
} ns_search_stream;

ns_status ns_search_each(ns_xdb *db, const ns_search_request *request,
                         const ns_search_stream *stream, ns_error *err);

#endif
