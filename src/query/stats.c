#include "query/stats.h"

#include <string.h>

#include "index/schema.h"

static int count_term(void *ctx, const char *term, size_t len, uint32_t freq)
{
    (*(uint32_t *)ctx)++;
    return 0;
}

/* The date of the first article in date order, ascending or descending. */
static ns_status end_date(ns_xdb *db, ns_sort sort, ns_stats *out, int64_t *date, ns_error *err)
{
    ns_search_request req = { .query = NULL, .limit = 1, .sort = sort };
    ns_search_result *r = NULL;
    ns_status st = ns_search(db, &req, &r, err);
    if (st == NS_OK && r->n_hits) {
        *date = r->hits[0].article.date;
        out->has_dates = true;
    }
    ns_search_result_free(r);
    return st;
}

ns_status ns_stats_read(ns_xdb *db, ns_stats *out, ns_error *err)
{
    memset(out, 0, sizeof *out);
    ns_status st = ns_xdb_doc_count(db, &out->articles, err);
    if (st == NS_OK)
        st = ns_xdb_each_term(db, NS_PREFIX_OUTLET, count_term, &out->outlets, err);
    if (st == NS_OK)
        st = ns_xdb_each_term(db, NS_PREFIX_PERSON, count_term, &out->people, err);
    if (st == NS_OK)
        st = ns_xdb_each_term(db, NS_PREFIX_CREDIT, count_term, &out->credits, err);
    if (st == NS_OK)
        st = end_date(db, NS_SORT_OLDEST, out, &out->first_date, err);
    if (st == NS_OK)
        st = end_date(db, NS_SORT_NEWEST, out, &out->last_date, err);
    if (st == NS_OK) {
        static const ns_facet_kind facets[] = { NS_FACET_OUTLET, NS_FACET_YEAR, NS_FACET_FORMAT };
        ns_search_request req = { .query = NULL, .limit = 0, .facets = facets, .n_facets = 3 };
        st = ns_search(db, &req, &out->counts, err);
        if (st == NS_OK) {
            out->by_outlet = out->counts->facets[0];
            out->by_year = out->counts->facets[1];
            out->by_format = out->counts->facets[2];
        }
    }
    if (st != NS_OK)
        ns_stats_clear(out);
    return st;
}

void ns_stats_clear(ns_stats *stats)
{
    if (!stats)
        return;
    ns_search_result_free(stats->counts);
    memset(stats, 0, sizeof *stats);
}
