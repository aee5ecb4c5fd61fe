#include "query/search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/dates.h"
#include "index/record.h"
#include "index/terms.h"
#include "query/build.h"
#include "query/parse.h"
#include "query/spelling.h"
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

static const char *const histogram_names[] = { "none", "day", "week", "month", "year" };

ns_status ns_histogram_by_name(const char *name, ns_histogram_unit *unit, ns_error *err)
{
    for (int i = NS_HISTOGRAM_DAY; i <= NS_HISTOGRAM_YEAR; i++) {
        if (strcasecmp(name, histogram_names[i]) == 0) {
            *unit = (ns_histogram_unit)i;
            return NS_OK;
        }
    }
    return ns_error_set(err, NS_ERR_USAGE, "unknown histogram '%s': use day, week, month or year",
                        name);
}

const char *ns_histogram_name(ns_histogram_unit unit)
{
    return histogram_names[unit];
}

/* The bucket of a day ("2025-08-09") into out. */
static void bucket_of(ns_histogram_unit unit, const char *day, char out[11])
{
    size_t len = unit == NS_HISTOGRAM_YEAR ? 4 : unit == NS_HISTOGRAM_MONTH ? 7 : 10;
    if (unit == NS_HISTOGRAM_WEEK) {
        int64_t t = 0;
        if (strlen(day) == 10 && ns_parse_iso8601(day, &t)) {
            ns_format_iso_week(t, out);
            return;
        }
    }
    snprintf(out, 11, "%.*s", (int)len, day);
}

/* The bucket after b (buckets in between have no matches but are shown). */
static void next_bucket(ns_histogram_unit unit, const char *b, char out[11])
{
    int y = atoi(b), d = 1;
    int m = unit == NS_HISTOGRAM_YEAR ? 1 : unit == NS_HISTOGRAM_WEEK ? atoi(b + 6) : atoi(b + 5);
    int64_t day;
    switch (unit) {
    case NS_HISTOGRAM_DAY:
        d = atoi(b + 8);
        day = ns_days_from_civil(y, (unsigned)m, (unsigned)d) + 1;
        break;
    case NS_HISTOGRAM_WEEK: {
        /* Monday of week 1 is the Monday on or before January 4th. */
        int64_t jan4 = ns_days_from_civil(y, 1, 4);
        int64_t monday = jan4 - ((jan4 + 3) % 7 + 7) % 7;
        day = monday + (int64_t)(m - 1) * 7 + 7;
        break;
    }
    case NS_HISTOGRAM_MONTH:
        day = m == 12 ? ns_days_from_civil(y + 1, 1, 1) : ns_days_from_civil(y, (unsigned)m + 1, 1);
        break;
    default:
        day = ns_days_from_civil(y + 1, 1, 1);
        break;
    }
    char iso[11];
    ns_format_day(day * 86400, iso);
    bucket_of(unit, iso, out);
}

typedef struct day_counts {
    ns_histogram_unit unit;
    ns_strmap *articles;   /* bucket -> all articles */
} day_counts;

/* Articles per day are the frequencies of the day terms. */
static int count_day_term(void *ctx, const char *term, size_t len, uint32_t freq)
{
    day_counts *dc = ctx;
    if (len != 9)
        return 0;
    char day[11], bucket[11];
    snprintf(day, sizeof day, "%.4s-%.2s-%.2s", term + 1, term + 5, term + 7);
    bucket_of(dc->unit, day, bucket);
    void **slot = ns_strmap_slot(dc->articles, bucket, strlen(bucket));
    *slot = (void *)((uintptr_t)*slot + freq);
    return 0;
}

static ns_status make_histogram(ns_xdb *db, ns_histogram_unit unit, const ns_xfacet *days,
                                ns_search_result *result, ns_error *err)
{
    result->histogram_unit = unit;
    if (!days || days->n_values == 0)
        return NS_OK;
    ns_strmap matches = NS_STRMAP_INIT, articles = NS_STRMAP_INIT;
    char first[11] = "", last[11] = "";
    for (size_t v = 0; v < days->n_values; v++) {
        char bucket[11];
        bucket_of(unit, days->values[v].value, bucket);
        void **slot = ns_strmap_slot(&matches, bucket, strlen(bucket));
        *slot = (void *)((uintptr_t)*slot + days->values[v].count);
        if (!*first || strcmp(bucket, first) < 0)
            strcpy(first, bucket);
        if (strcmp(bucket, last) > 0)
            strcpy(last, bucket);
    }
    day_counts dc = { unit, &articles };
    ns_status st = ns_xdb_each_term(db, NS_PREFIX_DAY, count_day_term, &dc, err);
    size_t cap = 0;
    for (char b[11] = ""; st == NS_OK;) {
        char next[11];
        if (!*b)
            strcpy(next, first);
        else
            next_bucket(unit, b, next);
        /* Buckets grow; one that does not would never end. */
        if (strcmp(next, last) > 0 || (*b && strcmp(next, b) <= 0))
            break;
        strcpy(b, next);
        result->histogram = ns_xgrow(result->histogram, &cap, result->n_buckets + 1,
                                     sizeof *result->histogram);
        ns_histogram_bucket *hb = &result->histogram[result->n_buckets++];
        strcpy(hb->bucket, b);
        hb->count = (uint32_t)(uintptr_t)ns_strmap_get(&matches, b, strlen(b));
        hb->articles = (uint32_t)(uintptr_t)ns_strmap_get(&articles, b, strlen(b));
    }
    ns_strmap_free(&matches, NULL);
    ns_strmap_free(&articles, NULL);
    return st;
}

static ns_status find_copies(ns_xdb *db, const ns_xquery *xq, const ns_xhit *xhit, ns_hit *hit,
                             ns_error *err);

/* What a search keeps between the pages it fetches. */
typedef struct searching {
    ns_xdb *db;
    const ns_search_request *req;
    ns_query query;
    ns_terms *terms;
    ns_xquery *xq;
    unsigned *slot_list;
    size_t n_slots;
    unsigned person_slots;
    ns_highlighter *hl;
} searching;

static void add_slot(searching *s, unsigned slot)
{
    for (size_t k = 0; k < s->n_slots; k++)
        if (s->slot_list[k] == slot)
            return;
    s->slot_list = ns_xrealloc(s->slot_list, (s->n_slots + 1) * sizeof *s->slot_list);
    s->slot_list[s->n_slots++] = slot;
}

static ns_status prepare(searching *s, ns_xdb *db, const ns_search_request *req, ns_error *err)
{
    memset(s, 0, sizeof *s);
    s->db = db;
    s->req = req;
    ns_status st = req->query ? ns_query_parse_with(req->query, &req->options, &s->query, err)
                              : NS_OK;
    if (st == NS_OK)
        st = ns_spelling_expand_query(db, s->query.root, err);
    if (st == NS_OK)
        st = ns_terms_new(&s->terms, err);
    if (st == NS_OK && s->query.root)
        st = ns_query_build(s->query.root, s->terms, db, &s->xq, err);
    else if (st == NS_OK)
        s->xq = ns_xquery_match_all();
    if (st == NS_OK && req->has_written_after) {
        char after[13];
        ns_schema_format_generation(req->written_after + 1, after);
        ns_xquery *parts[2] = { s->xq, ns_xquery_value_range(NS_SLOT_INDEXED, after, NULL) };
        s->xq = ns_xquery_combine(NS_XQ_FILTER, parts, 2, 0);
        ns_xquery_free(parts[0]);
        ns_xquery_free(parts[1]);
    }
    if (st == NS_OK && req->n_facets)
        st = person_slot_count(db, &s->person_slots, err);
    if (st != NS_OK)
        return st;
    /* Every slot any requested facet reads, once. */
    for (size_t f = 0; f < req->n_facets; f++) {
        facet_slots fs = slots_of(req->facets[f], s->person_slots);
        for (unsigned slot = fs.first; slot < fs.first + fs.count; slot++)
            add_slot(s, slot);
    }
    if (req->histogram != NS_HISTOGRAM_NONE)
        add_slot(s, NS_SLOT_DAY);
    s->hl = ns_highlighter_new(s->query.root, s->terms);
    return NS_OK;
}

static void finish(searching *s)
{
    ns_highlighter_free(s->hl);
    ns_query_clear(&s->query);
    ns_xquery_free(s->xq);
    ns_terms_free(s->terms);
    free(s->slot_list);
}

static ns_status time_limit_error(const ns_search_request *req, ns_error *err)
{
    return ns_error_set(err, NS_ERR_TIME_LIMIT,
                        "counting every match took longer than %g s: narrow the search "
                        "(rarer words, a field, a date range)", req->time_limit);
}

/* The counts, over every match: the total, the facets, the histogram and
 * the number of stories.  Copies are counted apart, over the grouped
 * articles only (stories.h): stories = total - grouped + groups, since
 * the grouped matches of one story make one story.  So the common case, an
 * article that is its own story, costs no value read at all. */
static ns_status count_all(searching *s, ns_search_result *result, ns_error *err)
{
    const ns_search_request *req = s->req;
    ns_xsearch_spec spec = {
        .query = s->xq,
        .limit = 0,
        .facet_slots = s->slot_list,
        .n_facet_slots = s->n_slots,
        .exact = true,
        .time_limit = req->time_limit,
    };
    ns_xresult *xr = NULL;
    ns_status st = ns_xdb_search(s->db, &spec, &xr, err);
    if (st == NS_OK && xr->timed_out)
        st = time_limit_error(req, err);
    if (st != NS_OK) {
        ns_xresult_free(xr);
        return st;
    }
    result->total = xr->total;
    result->stories = xr->total;
    result->facets = ns_xcalloc(req->n_facets + 1, sizeof *result->facets);
    for (size_t f = 0; f < req->n_facets; f++) {
        ns_facet_result *fr = &result->facets[f];
        fr->kind = req->facets[f];
        count_facet(xr, s->slot_list, s->n_slots, slots_of(req->facets[f], s->person_slots), fr);
        if (req->facet_limit && fr->n_values > req->facet_limit) {
            fr->n_more = fr->n_values - req->facet_limit;
            for (size_t v = req->facet_limit; v < fr->n_values; v++)
                free(fr->values[v].value);
            fr->n_values = req->facet_limit;
        }
        result->n_facets++;
    }
    if (req->histogram != NS_HISTOGRAM_NONE) {
        const ns_xfacet *days = NULL;
        for (size_t f = 0; f < s->n_slots; f++)
            if (s->slot_list[f] == NS_SLOT_DAY)
                days = &xr->facets[f];
        st = make_histogram(s->db, req->histogram, days, result, err);
    }
    ns_xresult_free(xr);
    if (st != NS_OK || req->no_collapse || result->total == 0)
        return st;

    ns_xquery *grouped = ns_xquery_term(NS_PREFIX_GROUPED, strlen(NS_PREFIX_GROUPED), 0);
    ns_xquery *parts[2] = { s->xq, grouped };
    ns_xquery *copies = ns_xquery_combine(NS_XQ_FILTER, parts, 2, 0);
    unsigned group_slot = NS_SLOT_GROUP;
    ns_xsearch_spec groups = {
        .query = copies,
        .limit = 0,
        .facet_slots = &group_slot,
        .n_facet_slots = 1,
        .exact = true,
        .time_limit = req->time_limit,
    };
    st = ns_xdb_search(s->db, &groups, &xr, err);
    if (st == NS_OK && xr->timed_out)
        st = time_limit_error(req, err);
    if (st == NS_OK)
        result->stories = result->total - xr->total + (uint32_t)xr->facets[0].n_values;
    ns_xresult_free(xr);
    ns_xquery_free(copies);
    ns_xquery_free(grouped);
    return st;
}

/* One page of hits into result->hits, one a story unless asked not to:
 * Xapian checks only as many matches as the page needs. */
static ns_status fetch_page(searching *s, uint32_t offset, uint32_t limit,
                            ns_search_result *result, ns_error *err)
{
    const ns_search_request *req = s->req;
    ns_xsearch_spec spec = {
        .query = s->xq,
        .offset = offset,
        .limit = limit,
        .sort = req->sort == NS_SORT_NEWEST   ? NS_XSORT_VALUE_DESCENDING
                : req->sort == NS_SORT_OLDEST ? NS_XSORT_VALUE_ASCENDING
                                              : NS_XSORT_RELEVANCE,
        .sort_slot = NS_SLOT_ORDER,
        .collapse = !req->no_collapse,
        .collapse_slot = NS_SLOT_GROUP,
        .data_slot = NS_SLOT_RECORD,
    };
    ns_xresult *xr = NULL;
    ns_status st = ns_xdb_search(s->db, &spec, &xr, err);
    if (st != NS_OK)
        return st;
    result->hits = ns_xcalloc(xr->n_hits + 1, sizeof *result->hits);
    for (size_t i = 0; st == NS_OK && i < xr->n_hits; i++) {
        ns_hit *hit = &result->hits[i];
        hit->rank = offset + (uint32_t)i + 1;
        hit->score = xr->hits[i].weight;
        hit->docid = xr->hits[i].docid;
        st = ns_record_unpack(xr->hits[i].data, xr->hits[i].data_len, &hit->article, err);
        if (st != NS_OK)
            break;
        ns_snippet_make(s->hl, hit->article.body, NS_SNIPPET_WORDS, &hit->snippet);
        if (xr->hits[i].collapse_count > 0)
            st = find_copies(s->db, s->xq, &xr->hits[i], hit, err);
        if (req->why)
            ns_why(s->hl, &hit->article, &hit->why);
        if (req->context)
            ns_contexts(s->hl, &hit->article, req->context, &hit->contexts, &hit->n_contexts);
        result->n_hits++;
    }
    ns_xresult_free(xr);
    return st;
}

static ns_status run_page(searching *s, uint32_t offset, uint32_t limit, bool counts,
                          ns_search_result *result, ns_error *err)
{
    ns_status st = counts ? count_all(s, result, err) : NS_OK;
    if (st == NS_OK && limit > 0)
        st = fetch_page(s, offset, limit, result, err);
    else if (st == NS_OK)
        result->hits = ns_xcalloc(1, sizeof *result->hits);
    return st;
}

/* Few results: try each plain word's commonest close spelling that the
 * index has more often than the word itself. */
#define SUGGEST_BELOW 3

typedef struct replacement {
    size_t at, len;
    const char *with;
} replacement;

static void collect_misspelt(searching *s, const ns_qnode *n, replacement *out, size_t *n_out,
                             ns_spelling_list *keep, ns_error *err)
{
    if (*n_out >= 16)
        return;
    if (n->kind == NS_Q_WORD && !n->exact && !n->fuzzy && n->len) {
        ns_spelling_list near;
        unsigned distance = ns_fuzzy_auto_distance(n->words.items[0]);
        if (ns_spelling_near(s->db, n->words.items[0], distance, &near, err) != NS_OK)
            return;
        uint32_t own = 0;
        const ns_spelling *best = NULL;
        for (size_t i = 0; i < near.len; i++) {
            if (near.items[i].distance == 0)
                own = near.items[i].freq;
            else if (!best || near.items[i].freq > best->freq)
                best = &near.items[i];
        }
        if (best && best->freq > own) {
            out[*n_out] = (replacement){ n->at, n->len, best->written };
            (*n_out)++;
            keep[*n_out - 1] = near;
            return;
        }
        ns_spelling_list_clear(&near);
        return;
    }
    for (size_t i = 0; i < n->n_children; i++)
        if (n->kind != NS_Q_AND_NOT || i == 0)
            collect_misspelt(s, n->children[i], out, n_out, keep, err);
}

static void suggest(searching *s, ns_search_result *result)
{
    replacement rep[16];
    ns_spelling_list keep[16];
    size_t n = 0;
    ns_error ignored;
    if (s->query.root)
        collect_misspelt(s, s->query.root, rep, &n, keep, &ignored);
    if (n == 0)
        return;
    ns_buf text = NS_BUF_INIT;
    const char *q = s->req->query;
    size_t at = 0;
    /* Replacements are in tree order, which is query order but for
     * filters pulled out; apply them in text order. */
    for (size_t done = 0; done < n; done++) {
        size_t next = n;
        for (size_t i = 0; i < n; i++)
            if (rep[i].at >= at && (next == n || rep[i].at < rep[next].at))
                next = i;
        if (next == n)
            break;
        ns_buf_append(&text, q + at, rep[next].at - at);
        ns_buf_puts(&text, rep[next].with);
        at = rep[next].at + rep[next].len;
    }
    ns_buf_puts(&text, q + at);
    for (size_t i = 0; i < n; i++)
        ns_spelling_list_clear(&keep[i]);
    ns_search_request again = *s->req;
    again.query = ns_buf_str(&text);
    again.limit = 0;
    again.offset = 0;
    again.n_facets = 0;
    again.histogram = NS_HISTOGRAM_NONE;
    again.explain = again.suggest = again.why = false;
    again.context = 0;
    ns_search_result *r = NULL;
    if (ns_search(s->db, &again, &r, &ignored) == NS_OK && r->total > result->total) {
        result->suggestion = ns_xcalloc(1, sizeof *result->suggestion);
        result->suggestion->query = ns_buf_detach(&text);
        result->suggestion->total = r->total;
    }
    ns_search_result_free(r);
    ns_buf_free(&text);
}

/* What comes with the first page: notes, explanation, suggestion. */
static ns_status annotate(searching *s, ns_search_result *result, ns_error *err)
{
    result->notes = s->query.notes;
    s->query.notes = (ns_strlist){ 0 };
    if (s->req->explain) {
        ns_status st = ns_explain(s->db, s->terms, s->query.root, s->xq, &result->explain, err);
        if (st != NS_OK)
            return st;
    }
    if (s->req->suggest && result->total < SUGGEST_BELOW)
        suggest(s, result);
    return NS_OK;
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
        .sort_slot = NS_SLOT_ORDER,
        .data_slot = NS_SLOT_RECORD,
    };
    ns_xresult *xr = NULL;
    ns_status st = ns_xdb_search(db, &spec, &xr, err);
    if (st == NS_OK) {
        hit->also = ns_xcalloc(xr->n_hits + 1, sizeof *hit->also);
        for (size_t i = 0; st == NS_OK && i < xr->n_hits && hit->n_also < NS_ALSO_MAX; i++) {
            if (xr->hits[i].docid == xhit->docid)
                continue;
            ns_article copy;
            st = ns_record_unpack(xr->hits[i].data, xr->hits[i].data_len, &copy, err);
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
    searching s;
    ns_search_result *result = ns_xcalloc(1, sizeof *result);
    ns_status st = prepare(&s, db, req, err);
    if (st == NS_OK)
        st = run_page(&s, req->offset, req->limit, true, result, err);
    if (st == NS_OK)
        st = annotate(&s, result, err);
    finish(&s);
    if (st != NS_OK) {
        ns_search_result_free(result);
        return st;
    }
    *out = result;
    return NS_OK;
}

static void free_hits(ns_search_result *result)
{
    for (size_t i = 0; i < result->n_hits; i++) {
        ns_article_clear(&result->hits[i].article);
        ns_snippet_clear(&result->hits[i].snippet);
        ns_match_list_clear(&result->hits[i].why);
        ns_passages_free(result->hits[i].contexts, result->hits[i].n_contexts);
        for (size_t k = 0; k < result->hits[i].n_also; k++) {
            free(result->hits[i].also[k].id);
            free(result->hits[i].also[k].outlet);
            free(result->hits[i].also[k].title);
        }
        free(result->hits[i].also);
    }
    free(result->hits);
    result->hits = NULL;
    result->n_hits = 0;
}

#define STREAM_PAGE 1000

ns_status ns_search_each(ns_xdb *db, const ns_search_request *req,
                         const ns_search_stream *stream, ns_error *err)
{
    searching s;
    ns_search_result *result = ns_xcalloc(1, sizeof *result);
    uint32_t page = stream->page_size ? stream->page_size : STREAM_PAGE;
    ns_status st = prepare(&s, db, req, err);
    /* The first call counts (and fetches no hits). */
    if (st == NS_OK)
        st = run_page(&s, 0, 0, true, result, err);
    if (st == NS_OK)
        st = annotate(&s, result, err);
    if (st == NS_OK && stream->begin)
        stream->begin(stream->ctx, result);
    uint32_t end = result->total;
    if (req->limit && req->offset + (uint64_t)req->limit < end)
        end = req->offset + req->limit;
    bool stopped = false;
    for (uint32_t at = req->offset; st == NS_OK && !stopped && at < end; at += page) {
        uint32_t n = end - at < page ? end - at : page;
        free_hits(result);
        st = run_page(&s, at, n, false, result, err);
        for (size_t i = 0; st == NS_OK && !stopped && i < result->n_hits; i++)
            stopped = stream->hit(stream->ctx, &result->hits[i]) != 0;
        if (st == NS_OK && result->n_hits < n)
            break;   /* the index shrank under us: what is left is all there is */
    }
    finish(&s);
    ns_search_result_free(result);
    return st;
}

void ns_search_result_free(ns_search_result *result)
{
    if (!result)
        return;
    free_hits(result);
    for (size_t f = 0; f < result->n_facets; f++) {
        for (size_t v = 0; v < result->facets[f].n_values; v++)
            free(result->facets[f].values[v].value);
        free(result->facets[f].values);
    }
    free(result->facets);
    ns_strlist_clear(&result->notes);
    free(result->histogram);
    ns_explanation_free(result->explain);
    if (result->suggestion)
        free(result->suggestion->query);
    free(result->suggestion);
    free(result);
}

ns_status ns_article_by_id(ns_xdb *db, const char *id, ns_article *out, ns_error *err)
{
    ns_buf term = NS_BUF_INIT;
    ns_schema_term(&term, NS_PREFIX_ID, id, strlen(id));
    ns_docid docid = 0;
    ns_status st = ns_xdb_find(db, ns_buf_str(&term), &docid, err);
    if (st == NS_OK && !docid)
        st = ns_error_set(err, NS_ERR_NOT_FOUND, "no article with id '%s'", id);
    if (st == NS_OK)
        st = ns_record_load(db, docid, out, err);
    ns_buf_free(&term);
    return st;
}
