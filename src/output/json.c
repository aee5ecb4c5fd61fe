/* The JSON documents of the command line (and of any other front end), and
 * the JSON printer; jansson does all encoding. */
#include "output/json.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "extract/dates.h"
#include "output/printer.h"
#include "text/normalize.h"

static json_t *string_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *strings(const ns_strlist *list)
{
    json_t *array = json_array();
    for (size_t i = 0; i < list->len; i++)
        json_array_append_new(array, json_string(list->items[i]));
    return array;
}

static json_t *date_or_null(const ns_article *a)
{
    if (a->date_source == NS_DATE_NONE)
        return json_null();
    char date[21];
    ns_format_iso8601(a->date, date);
    return json_string(date);
}

static json_t *credit(const ns_article *a)
{
    char *line = ns_article_credit_line(a);
    json_t *v = string_or_null(line);
    free(line);
    return v;
}

/* Characters (code points) in s[from, to): what a program indexing the
 * string in its own language counts. */
static size_t chars_between(const char *s, size_t from, size_t to)
{
    return ns_utf8_chars(s + from, to - from);
}

static json_t *highlights(const ns_snippet *snippet);

static json_t *why_json(const ns_match_list *why)
{
    json_t *array = json_array();
    for (size_t i = 0; i < why->len; i++) {
        const ns_match *m = &why->items[i];
        json_array_append_new(array, json_pack("{s:s, s:s, s:I, s:o}", "part", m->part, "field",
                                               m->field, "count", (json_int_t)m->count, "quotes",
                                               strings(&m->quotes)));
    }
    return array;
}

static json_t *contexts_json(const ns_hit *h)
{
    json_t *array = json_array();
    for (size_t i = 0; i < h->n_contexts; i++) {
        const ns_passage *p = &h->contexts[i];
        json_array_append_new(array, json_pack("{s:s, s:I, s:s, s:o}", "field", p->field,
                                               "position", (json_int_t)p->position, "text",
                                               p->text.text, "highlights", highlights(&p->text)));
    }
    return array;
}

/* What --why and --context add to a hit. */
static void add_hit_extras(json_t *hit, const ns_search_request *req, const ns_hit *h)
{
    if (req->why)
        json_object_set_new(hit, "why", why_json(&h->why));
    if (req->context)
        json_object_set_new(hit, "contexts", contexts_json(h));
}

json_t *ns_json_explain(const ns_explanation *e)
{
    json_t *words = json_array();
    for (size_t i = 0; i < e->n_words; i++) {
        const ns_explain_word *w = &e->words[i];
        json_t *word = json_pack("{s:s, s:s, s:s, s:s}", "written", w->written, "field", w->field,
                                 "match", w->match, "folded", w->folded);
        if (w->stem)
            json_object_set_new(word, "stem", json_string(w->stem));
        if (!strcmp(w->match, "wildcard") || !strcmp(w->match, "fuzzy") || w->stem) {
            json_object_set_new(word, "expansions", strings(&w->expansions));
            json_object_set_new(word, "expansion_count", json_integer((json_int_t)w->n_expansions));
        }
        json_array_append_new(words, word);
    }
    return json_pack("{s:s, s:s, s:o, s:s}", "reading", e->reading, "tree", e->tree, "words",
                     words, "xapian", e->xapian);
}

json_t *ns_json_histogram(const ns_search_result *r)
{
    json_t *array = json_array();
    for (size_t i = 0; i < r->n_buckets; i++) {
        const ns_histogram_bucket *b = &r->histogram[i];
        double share = b->articles ? (double)b->count / b->articles : 0.0;
        json_array_append_new(array, json_pack("{s:s, s:I, s:I, s:f}", "bucket", b->bucket,
                                               "count", (json_int_t)b->count, "articles",
                                               (json_int_t)b->articles, "share", share));
    }
    return array;
}

/* What a search says besides its hits: facets, histogram, explanation,
 * suggestion (only those asked for, but facets always). */
static void add_search_extras(json_t *doc, const ns_search_request *req,
                              const ns_search_result *r)
{
    json_t *facets = json_object();
    json_t *more = json_object();
    for (size_t f = 0; f < r->n_facets; f++) {
        json_t *values = json_array();
        for (size_t v = 0; v < r->facets[f].n_values; v++)
            json_array_append_new(values, json_pack("{s:s, s:I}", "value",
                                                    r->facets[f].values[v].value, "count",
                                                    (json_int_t)r->facets[f].values[v].count));
        json_object_set_new(facets, ns_facet_name(r->facets[f].kind), values);
        if (r->facets[f].n_more)
            json_object_set_new(more, ns_facet_name(r->facets[f].kind),
                                json_integer((json_int_t)r->facets[f].n_more));
    }
    json_object_set_new(doc, "facets", facets);
    if (json_object_size(more))
        json_object_set_new(doc, "facets_more", more);
    else
        json_decref(more);
    if (req->histogram != NS_HISTOGRAM_NONE) {
        json_object_set_new(doc, "histogram_unit", json_string(ns_histogram_name(req->histogram)));
        json_object_set_new(doc, "histogram", ns_json_histogram(r));
    }
    if (r->explain)
        json_object_set_new(doc, "explain", ns_json_explain(r->explain));
    if (r->suggestion)
        json_object_set_new(doc, "suggestion",
                            json_pack("{s:s, s:I}", "query", r->suggestion->query, "total",
                                      (json_int_t)r->suggestion->total));
}

static json_t *highlights(const ns_snippet *snippet)
{
    return ns_json_highlights(snippet->text, snippet->spans, snippet->n_spans);
}

json_t *ns_json_highlights(const char *text, const ns_span *spans, size_t n_spans)
{
    json_t *array = json_array();
    /* Spans are in order: count on from the last one, so that a whole
     * article with many matches is one pass over its text. */
    size_t at = 0, chars = 0;
    for (size_t i = 0; i < n_spans; i++) {
        const ns_span *s = &spans[i];
        if (s->start < at)
            at = 0, chars = 0;
        chars += chars_between(text, at, s->start);
        size_t len = chars_between(text, s->start, s->start + s->len);
        json_array_append_new(array, json_pack("[II]", (json_int_t)chars, (json_int_t)len));
        at = s->start;
    }
    return array;
}

static void emit(const ns_print_options *o, json_t *value)
{
    json_dumpf(value, o->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', o->out);
    json_decref(value);
}

json_t *ns_json_search(const char *query, const ns_search_request *req,
                       const ns_search_result *r)
{
    json_t *hits = json_array();
    for (size_t i = 0; i < r->n_hits; i++) {
        const ns_hit *h = &r->hits[i];
        const ns_article *a = &h->article;
        json_t *hit = json_object();
        json_object_set_new(hit, "rank", json_integer(h->rank));
        json_object_set_new(hit, "id", json_string(a->id));
        json_object_set_new(hit, "score", json_real(h->score));
        json_object_set_new(hit, "title", json_string(a->title));
        json_object_set_new(hit, "outlet", string_or_null(a->outlet));
        json_object_set_new(hit, "credit", credit(a));
        json_object_set_new(hit, "date", date_or_null(a));
        json_object_set_new(hit, "date_source",
                            string_or_null(ns_date_source_name(a->date_source)));
        json_object_set_new(hit, "people", strings(&a->people));
        json_object_set_new(hit, "source", string_or_null(a->source));
        json_object_set_new(hit, "url", string_or_null(a->url));
        json_object_set_new(hit, "snippet", json_string(h->snippet.text));
        json_object_set_new(hit, "highlights", highlights(&h->snippet));
        json_t *also = json_array();
        for (size_t k = 0; k < h->n_also; k++) {
            char date[21];
            ns_format_iso8601(h->also[k].date, date);
            json_t *copy = json_object();
            json_object_set_new(copy, "id", json_string(h->also[k].id));
            json_object_set_new(copy, "outlet", string_or_null(h->also[k].outlet));
            json_object_set_new(copy, "date", json_string(date));
            json_object_set_new(copy, "title", json_string(h->also[k].title));
            json_array_append_new(also, copy);
        }
        json_object_set_new(hit, "also", also);
        add_hit_extras(hit, req, h);
        json_array_append_new(hits, hit);
    }
    json_t *doc = json_object();
    json_object_set_new(doc, "format_version", json_integer(NS_JSON_FORMAT_VERSION));
    json_object_set_new(doc, "query", string_or_null(query));
    json_object_set_new(doc, "total", json_integer(r->total));
    json_object_set_new(doc, "stories", json_integer(r->stories));
    json_object_set_new(doc, "offset", json_integer(req->offset));
    json_object_set_new(doc, "limit", json_integer(req->limit));
    json_object_set_new(doc, "hits", hits);
    add_search_extras(doc, req, r);
    json_object_set_new(doc, "notes", strings(&r->notes));
    return doc;
}

json_t *ns_json_article(const ns_article *a)
{
    json_t *doc = json_object();
    json_object_set_new(doc, "format_version", json_integer(NS_JSON_FORMAT_VERSION));
    json_object_set_new(doc, "id", json_string(a->id));
    json_object_set_new(doc, "title", json_string(a->title));
    json_object_set_new(doc, "outlet", string_or_null(a->outlet));
    json_object_set_new(doc, "credit", credit(a));
    json_object_set_new(doc, "credits", strings(&a->credits));
    json_object_set_new(doc, "date", date_or_null(a));
    json_object_set_new(doc, "date_source", string_or_null(ns_date_source_name(a->date_source)));
    json_object_set_new(doc, "people", strings(&a->people));
    json_object_set_new(doc, "bylines", strings(&a->bylines));
    json_object_set_new(doc, "url", string_or_null(a->url));
    json_object_set_new(doc, "source", string_or_null(a->source));
    json_object_set_new(doc, "format", string_or_null(a->format));
    json_object_set_new(doc, "body", json_string(a->body));
    return doc;
}

static json_t *counts(const ns_facet_result *f)
{
    json_t *values = json_array();
    for (size_t v = 0; v < f->n_values; v++)
        json_array_append_new(values, json_pack("{s:s, s:I}", "value", f->values[v].value,
                                                "count", (json_int_t)f->values[v].count));
    return values;
}

json_t *ns_json_stats(const char *database, const ns_stats *s)
{
    char first[21], last[21];
    ns_format_iso8601(s->first_date, first);
    ns_format_iso8601(s->last_date, last);
    json_t *doc = json_object();
    json_object_set_new(doc, "format_version", json_integer(NS_JSON_FORMAT_VERSION));
    json_object_set_new(doc, "database", json_string(database));
    json_object_set_new(doc, "articles", json_integer(s->articles));
    json_object_set_new(doc, "outlets", json_integer(s->outlets));
    json_object_set_new(doc, "people", json_integer(s->people));
    json_object_set_new(doc, "credits", json_integer(s->credits));
    json_object_set_new(doc, "first_date", s->has_dates ? json_string(first) : json_null());
    json_object_set_new(doc, "last_date", s->has_dates ? json_string(last) : json_null());
    json_object_set_new(doc, "by_outlet", counts(&s->by_outlet));
    json_object_set_new(doc, "by_year", counts(&s->by_year));
    json_object_set_new(doc, "by_format", counts(&s->by_format));
    return doc;
}

json_t *ns_json_people(const char *pattern, const ns_people_list *l)
{
    json_t *people = json_array();
    for (size_t i = 0; i < l->len; i++)
        json_array_append_new(people, json_pack("{s:s, s:I}", "name", l->people[i].name, "count",
                                                (json_int_t)l->people[i].count));
    json_t *doc = json_object();
    json_object_set_new(doc, "format_version", json_integer(NS_JSON_FORMAT_VERSION));
    json_object_set_new(doc, "pattern", string_or_null(pattern));
    json_object_set_new(doc, "total", json_integer((json_int_t)l->total));
    json_object_set_new(doc, "people", people);
    return doc;
}

static void print_search(const ns_print_options *o, const char *query,
                         const ns_search_request *req, const ns_search_result *r)
{
    emit(o, ns_json_search(query, req, r));
}

static void print_article(const ns_print_options *o, const ns_article *a)
{
    emit(o, ns_json_article(a));
}

static void print_stats(const ns_print_options *o, const char *database, const ns_stats *s)
{
    emit(o, ns_json_stats(database, s));
}

json_t *ns_json_batch(const ns_batch_report *report)
{
    json_t *queries = json_array();
    for (size_t i = 0; i < report->n_rows; i++) {
        const ns_batch_row *row = &report->rows[i];
        json_t *q = json_pack("{s:I, s:s, s:I, s:f}", "line", (json_int_t)row->line, "query",
                              row->query, "total", (json_int_t)row->total, "elapsed_ms",
                              row->elapsed_ms);
        if (row->by) {
            json_t *by = json_object();
            for (size_t v = 0; v < row->by->n_values; v++)
                json_object_set_new(by, row->by->values[v].value,
                                    json_integer((json_int_t)row->by->values[v].count));
            json_object_set_new(q, "by", by);
        }
        if (row->result && row->result->n_hits) {
            json_t *ids = json_array();
            for (size_t h = 0; h < row->result->n_hits; h++)
                json_array_append_new(ids, json_string(row->result->hits[h].article.id));
            json_object_set_new(q, "ids", ids);
        }
        json_array_append_new(queries, q);
    }
    json_t *doc = json_pack("{s:i, s:s, s:o, s:I, s:f}", "format_version", NS_JSON_FORMAT_VERSION,
                            "file", report->file, "by",
                            report->has_by ? json_string(ns_facet_name(report->by)) : json_null(),
                            "queries_run", (json_int_t)report->n_rows, "elapsed_ms",
                            report->elapsed_ms);
    json_object_set_new(doc, "queries", queries);
    return doc;
}

json_t *ns_json_watch(const ns_watch *w)
{
    return json_pack("{s:s, s:s, s:s, s:o, s:I}", "name", w->name, "query", w->query, "created",
                     w->created, "last_run", string_or_null(w->last_run), "revision",
                     (json_int_t)w->revision);
}

static json_t *provenance(const ns_print_options *o)
{
    json_t *doc = json_object();
    json_object_set_new(doc, "format_version", json_integer(NS_JSON_FORMAT_VERSION));
    const ns_provenance *p = o->provenance;
    if (!p)
        return doc;
    json_object_set_new(doc, "newssearch", json_string(p->version));
    json_object_set_new(doc, "index_revision", json_integer((json_int_t)p->revision));
    if (p->has_now) {
        char now[21];
        ns_format_iso8601(p->now, now);
        json_object_set_new(doc, "now", json_string(now));
    }
    return doc;
}

static void print_batch(const ns_print_options *o, const ns_batch_report *report)
{
    emit(o, ns_json_batch(report));
}

static void print_watches(const ns_print_options *o, const ns_watch *watches, size_t n)
{
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, ns_json_watch(&watches[i]));
    json_t *doc = json_pack("{s:i, s:o}", "format_version", NS_JSON_FORMAT_VERSION, "watches", list);
    emit(o, doc);
}

static void print_watch_runs(const ns_print_options *o, const ns_watch_run *runs, size_t n)
{
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *w = ns_json_watch(runs[i].watch);
        json_object_set_new(w, "since_revision", json_integer((json_int_t)runs[i].watch->revision));
        json_object_set_new(w, "revision", json_integer((json_int_t)runs[i].revision));
        json_object_set_new(w, "new", ns_json_search(runs[i].watch->query, runs[i].request,
                                                     runs[i].result));
        json_array_append_new(list, w);
    }
    json_t *doc = provenance(o);
    json_object_set_new(doc, "watches", list);
    emit(o, doc);
}

static void print_people(const ns_print_options *o, const char *pattern,
                         const ns_people_list *l);

const ns_printer ns_printer_json = {
    .name = "json",
    .search = print_search,
    .article = print_article,
    .stats = print_stats,
    .batch = print_batch,
    .watches = print_watches,
    .watch_runs = print_watch_runs,
    .people = print_people,
};

/* ---- JSON Lines: one compact document a line ---- */

static void emit_line(const ns_print_options *o, json_t *value)
{
    json_dumpf(value, o->out, JSON_COMPACT | JSON_PRESERVE_ORDER);
    fputc('\n', o->out);
    json_decref(value);
}

static void jsonl_begin(const ns_print_options *o, const ns_search_request *req,
                        const ns_search_result *summary)
{
    json_t *doc = provenance(o);
    json_object_set_new(doc, "query", string_or_null(o->provenance ? o->provenance->query : NULL));
    json_object_set_new(doc, "total", json_integer(summary->total));
    json_object_set_new(doc, "offset", json_integer(req->offset));
    json_object_set_new(doc, "limit", json_integer(req->limit));
    add_search_extras(doc, req, summary);
    json_object_set_new(doc, "notes", strings(&summary->notes));
    emit_line(o, doc);
}

/* Every field of a hit: the whole article, its rank and score. */
static void jsonl_hit(const ns_print_options *o, const ns_search_request *req, const ns_hit *h)
{
    json_t *hit = json_object();
    json_object_set_new(hit, "rank", json_integer(h->rank));
    json_object_set_new(hit, "score", json_real(h->score));
    json_t *article = ns_json_article(&h->article);
    json_object_del(article, "format_version");
    json_object_update(hit, article);
    json_decref(article);
    add_hit_extras(hit, req, h);
    emit_line(o, hit);
}

static void jsonl_search(const ns_print_options *o, const char *query,
                         const ns_search_request *req, const ns_search_result *r)
{
    jsonl_begin(o, req, r);
    for (size_t i = 0; i < r->n_hits; i++)
        jsonl_hit(o, req, &r->hits[i]);
}

static void jsonl_article(const ns_print_options *o, const ns_article *a)
{
    emit_line(o, ns_json_article(a));
}

static void jsonl_stats(const ns_print_options *o, const char *database, const ns_stats *s)
{
    emit_line(o, ns_json_stats(database, s));
}

static void jsonl_batch(const ns_print_options *o, const ns_batch_report *report)
{
    json_t *doc = ns_json_batch(report);
    json_t *queries = json_incref(json_object_get(doc, "queries"));
    json_object_del(doc, "queries");
    emit_line(o, doc);
    size_t i;
    json_t *q;
    json_array_foreach(queries, i, q)
        emit_line(o, json_incref(q));
    json_decref(queries);
}

static void jsonl_watches(const ns_print_options *o, const ns_watch *watches, size_t n)
{
    for (size_t i = 0; i < n; i++)
        emit_line(o, ns_json_watch(&watches[i]));
}

/* A line per new hit, each saying which watch found it. */
static void jsonl_watch_runs(const ns_print_options *o, const ns_watch_run *runs, size_t n)
{
    emit_line(o, provenance(o));
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < runs[i].result->n_hits; k++) {
            const ns_hit *h = &runs[i].result->hits[k];
            json_t *hit = json_pack("{s:s, s:I, s:f}", "watch", runs[i].watch->name, "rank",
                                    (json_int_t)h->rank, "score", h->score);
            json_t *article = ns_json_article(&h->article);
            json_object_del(article, "format_version");
            json_object_update(hit, article);
            json_decref(article);
            emit_line(o, hit);
        }
    }
}

static void jsonl_people(const ns_print_options *o, const char *pattern,
                         const ns_people_list *l)
{
    for (size_t i = 0; i < l->len; i++)
        emit_line(o, json_pack("{s:s, s:I}", "name", l->people[i].name, "count",
                               (json_int_t)l->people[i].count));
}

const ns_printer ns_printer_jsonl = {
    .name = "jsonl",
    .search = jsonl_search,
    .article = jsonl_article,
    .stats = jsonl_stats,
    .export_begin = jsonl_begin,
    .export_hit = jsonl_hit,
    .batch = jsonl_batch,
    .watches = jsonl_watches,
    .watch_runs = jsonl_watch_runs,
    .people = jsonl_people,
};
static void print_people(const ns_print_options *o, const char *pattern, const ns_people_list *l)
{
    emit(o, ns_json_people(pattern, l));
}

