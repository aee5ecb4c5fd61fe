#include "query/search.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "index/record.h"
#include "index/terms.h"
#include "query/build.h"
#include "query/parse.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/strmap.h"

ns_status ns_sort_by_name(const char *name, ns_sort *sort, ns_error *err)
{
    static const char *const names[] = { "relevance", "newest", "oldest" };
    for (int i = 0; i < 3; i++) {
        if (strcasecmp(name, names[i]) == 0) {
            *sort = (ns_sort)i;
            return NS_OK;
        }
    }
    return ns_error_set(err, NS_ERR_USAGE, "unknown sort '%s': use relevance, newest or oldest",
                        name);
}

/* The value slots a facet counts, and how many characters of each value
 * make its bucket (0: the whole value). */
typedef struct facet_slots {
    unsigned first;
    unsigned count;
    size_t bucket_len;
} facet_slots;

static facet_slots slots_of(ns_facet_kind kind, unsigned person_slots)
{
    switch (kind) {
    case NS_FACET_OUTLET: return (facet_slots){ NS_SLOT_OUTLET, 1, 0 };
    case NS_FACET_CREDIT: return (facet_slots){ NS_SLOT_CREDIT_BASE, NS_SLOT_CREDIT_MAX, 0 };
    case NS_FACET_FORMAT: return (facet_slots){ NS_SLOT_FORMAT, 1, 0 };
    case NS_FACET_PERSON: return (facet_slots){ NS_SLOT_PERSON_BASE, person_slots, 0 };
    case NS_FACET_YEAR: return (facet_slots){ NS_SLOT_DAY, 1, 4 };
    case NS_FACET_MONTH: return (facet_slots){ NS_SLOT_DAY, 1, 7 };
    case NS_FACET_DAY: return (facet_slots){ NS_SLOT_DAY, 1, 10 };
    default: return (facet_slots){ 0, 0, 0 };
    }
}

static ns_status person_slot_count(ns_xdb *db, unsigned *count, ns_error *err)
{
    char *text = NULL;
    ns_status st = ns_xdb_get_metadata(db, NS_META_PERSON_SLOTS, &text, err);
    if (st == NS_OK)
        *count = (unsigned)strtoul(text, NULL, 10);
    free(text);
    return st;
}

static int compare_facet_values(const void *a, const void *b)
{
    const ns_facet_value *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->value, y->value);
}

typedef struct gathering {
    ns_facet_value *values;
    size_t len, cap;
} gathering;

static void gather(void *ctx, const char *key, void *value)
{
    gathering *g = ctx;
    g->values = ns_xgrow(g->values, &g->cap, g->len + 1, sizeof *g->values);
    g->values[g->len++] = (ns_facet_value){ ns_xstrdup(key), (uint32_t)(uintptr_t)value };
}

/* Sum one facet's counts over its slots and buckets.  An article holds a
 * value in one slot at most, so the sums are exact. */
static void count_facet(const ns_xresult *xr, const unsigned *slot_list, size_t n_slots,
                        facet_slots fs, ns_facet_result *out)
{
    ns_strmap counts = NS_STRMAP_INIT;
    for (size_t f = 0; f < xr->n_facets; f++) {
        const ns_xfacet *xf = &xr->facets[f];
        if (slot_list[f] < fs.first || slot_list[f] >= fs.first + fs.count)
            continue;
        for (size_t v = 0; v < xf->n_values; v++) {
            const char *value = xf->values[v].value;
            size_t len = strlen(value);
            if (fs.bucket_len && len > fs.bucket_len)
                len = fs.bucket_len;
            void **slot = ns_strmap_slot(&counts, value, len);
            *slot = (void *)((uintptr_t)*slot + xf->values[v].count);
        }
    }
    gathering g = { 0 };
    ns_strmap_each(&counts, gather, &g);
    ns_strmap_free(&counts, NULL);
    if (g.len)
        qsort(g.values, g.len, sizeof *g.values, compare_facet_values);
    out->values = g.values;
    out->n_values = g.len;
}

/* The other copies of a hit's story that match the query too. */
static ns_status find_copies(ns_xdb *db, const ns_xquery *xq, const ns_xhit *xhit, ns_hit *hit,
                             ns_error *err)
{
    ns_buf term = NS_BUF_INIT;
    ns_schema_term(&term, NS_PREFIX_STORY, xhit->collapse_key, strlen(xhit->collapse_key));
    ns_xquery *story = ns_xquery_term(term.data, term.len, 0);
    ns_xquery *parts[2] = { (ns_xquery *)xq, story };
    ns_xquery *copies = ns_xquery_combine(NS_XQ_FILTER, parts, 2, 0);
    ns_xsearch_spec spec = {
        .query = copies,
        .limit = NS_ALSO_MAX + 1,
        .sort = NS_XSORT_VALUE_ASCENDING,
        .sort_slot = NS_SLOT_DATE,
    };
    ns_xresult *xr = NULL;
    ns_status st = ns_xdb_search(db, &spec, &xr, err);
    if (st == NS_OK) {
        hit->also = ns_xcalloc(xr->n_hits + 1, sizeof *hit->also);
        for (size_t i = 0; st == NS_OK && i < xr->n_hits && hit->n_also < NS_ALSO_MAX; i++) {
            if (xr->hits[i].docid == xhit->docid)
                continue;
            ns_article copy;
            st = ns_record_decode(xr->hits[i].data, xr->hits[i].data_len, &copy, err);
            if (st != NS_OK)
                break;
            ns_copy *c = &hit->also[hit->n_also++];
            c->id = copy.id;
            c->outlet = copy.outlet;
            c->title = copy.title;
            c->date = copy.date;
            copy.id = copy.outlet = copy.title = NULL;
            ns_article_clear(&copy);
        }
    }
    ns_xresult_free(xr);
    ns_xquery_free(copies);
    ns_xquery_free(story);
    ns_buf_free(&term);
    return st;
}

ns_status ns_search(ns_xdb *db, const ns_search_request *req, ns_search_result **out,
                    ns_error *err)
{
    ns_query query = { 0 };
    ns_status st = req->query ? ns_query_parse(req->query, &query, err) : NS_OK;
    if (st != NS_OK)
        return st;
    ns_terms *terms = NULL;
    ns_xquery *xq = NULL;
    ns_xresult *xr = NULL;
    unsigned *slot_list = NULL;
    size_t n_slots = 0;
    unsigned person_slots = 0;
    ns_search_result *result = ns_xcalloc(1, sizeof *result);

    st = ns_terms_new(&terms, err);
    if (st == NS_OK && query.root)
        st = ns_query_build(query.root, terms, db, &xq, err);
    else if (st == NS_OK)
        xq = ns_xquery_match_all();
    if (st == NS_OK && req->n_facets)
        st = person_slot_count(db, &person_slots, err);
    if (st == NS_OK) {
        /* Every slot any requested facet reads, once. */
        for (size_t f = 0; f < req->n_facets; f++) {
            facet_slots fs = slots_of(req->facets[f], person_slots);
            for (unsigned s = fs.first; s < fs.first + fs.count; s++) {
                bool seen = false;
                for (size_t k = 0; k < n_slots && !seen; k++)
                    seen = slot_list[k] == s;
                if (!seen) {
                    slot_list = ns_xrealloc(slot_list, (n_slots + 1) * sizeof *slot_list);
                    slot_list[n_slots++] = s;
                }
            }
        }
        ns_xsearch_spec spec = {
            .query = xq,
            .offset = req->offset,
            .limit = req->limit,
            .sort = req->sort == NS_SORT_NEWEST   ? NS_XSORT_VALUE_DESCENDING
                    : req->sort == NS_SORT_OLDEST ? NS_XSORT_VALUE_ASCENDING
                                                  : NS_XSORT_RELEVANCE,
            .sort_slot = NS_SLOT_DATE,
            .facet_slots = slot_list,
            .n_facet_slots = n_slots,
            .collapse = !req->no_collapse,
            .collapse_slot = NS_SLOT_STORY,
        };
        st = ns_xdb_search(db, &spec, &xr, err);
    }
    if (st == NS_OK) {
        result->total = xr->total;
        result->stories = req->no_collapse ? xr->total : xr->total_collapsed;
        result->hits = ns_xcalloc(xr->n_hits + 1, sizeof *result->hits);
        ns_highlighter *hl = ns_highlighter_new(query.root, terms);
        for (size_t i = 0; st == NS_OK && i < xr->n_hits; i++) {
            ns_hit *hit = &result->hits[i];
            hit->rank = req->offset + (uint32_t)i + 1;
            hit->score = xr->hits[i].weight;
            hit->docid = xr->hits[i].docid;
            st = ns_record_decode(xr->hits[i].data, xr->hits[i].data_len, &hit->article, err);
            if (st == NS_OK) {
                ns_snippet_make(hl, hit->article.body, NS_SNIPPET_WORDS, &hit->snippet);
                result->n_hits++;
                if (xr->hits[i].collapse_count > 0)
                    st = find_copies(db, xq, &xr->hits[i], hit, err);
            }
        }
        ns_highlighter_free(hl);
        result->facets = ns_xcalloc(req->n_facets + 1, sizeof *result->facets);
        for (size_t f = 0; st == NS_OK && f < req->n_facets; f++) {
            result->facets[f].kind = req->facets[f];
            count_facet(xr, slot_list, n_slots, slots_of(req->facets[f], person_slots),
                        &result->facets[f]);
            result->n_facets++;
        }
    }
    result->notes = query.notes;
    query.notes = (ns_strlist){ 0 };
    ns_query_clear(&query);
    ns_xresult_free(xr);
    ns_xquery_free(xq);
    ns_terms_free(terms);
    free(slot_list);
    if (st != NS_OK) {
        ns_search_result_free(result);
        return st;
    }
    *out = result;
    return NS_OK;
}

void ns_search_result_free(ns_search_result *result)
{
    if (!result)
        return;
    for (size_t i = 0; i < result->n_hits; i++) {
        ns_article_clear(&result->hits[i].article);
        ns_snippet_clear(&result->hits[i].snippet);
        for (size_t k = 0; k < result->hits[i].n_also; k++) {
            free(result->hits[i].also[k].id);
            free(result->hits[i].also[k].outlet);
            free(result->hits[i].also[k].title);
        }
        free(result->hits[i].also);
    }
    free(result->hits);
    for (size_t f = 0; f < result->n_facets; f++) {
        for (size_t v = 0; v < result->facets[f].n_values; v++)
            free(result->facets[f].values[v].value);
        free(result->facets[f].values);
    }
    free(result->facets);
    ns_strlist_clear(&result->notes);
    free(result);
}
