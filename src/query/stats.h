/* What an index holds: counts of articles, outlets, people and credits,
 * the date range, and the articles by outlet, year and format. */
#ifndef NS_QUERY_STATS_H
#define NS_QUERY_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "newssearch/status.h"
#include "query/search.h"
#include "xapian/xdb.h"

typedef struct ns_stats {
    uint32_t articles;
    uint32_t outlets;           /* distinct values */
    uint32_t people;
    uint32_t credits;
    bool has_dates;
    int64_t first_date;
    int64_t last_date;
    ns_facet_result by_outlet;  /* articles per outlet */
    ns_facet_result by_year;    /* articles per year */
    ns_facet_result by_format;  /* articles per format */
    ns_search_result *counts;   /* owns the two above */
} ns_stats;

ns_status ns_stats_read(ns_xdb *db, ns_stats *out, ns_error *err);
void ns_stats_clear(ns_stats *stats);

#endif
