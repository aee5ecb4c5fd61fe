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

/* Characters (code points) before byte offset `at`: what a program
 * indexing the string in its own language counts. */
static size_t chars_before(const char *s, size_t at)
{
    size_t n = 0;
    for (size_t i = 0; i < at; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static json_t *highlights(const ns_snippet *snippet)
{
    json_t *array = json_array();
    for (size_t i = 0; i < snippet->n_spans; i++) {
        const ns_span *s = &snippet->spans[i];
        size_t start = chars_before(snippet->text, s->start);
        size_t end = chars_before(snippet->text, s->start + s->len);
        json_array_append_new(array, json_pack("[II]", (json_int_t)start,
                                               (json_int_t)(end - start)));
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
        json_array_append_new(hits, hit);
    }
    json_t *facets = json_object();
    for (size_t f = 0; f < r->n_facets; f++) {
        json_t *values = json_array();
        for (size_t v = 0; v < r->facets[f].n_values; v++)
            json_array_append_new(values, json_pack("{s:s, s:I}", "value",
                                                    r->facets[f].values[v].value, "count",
                                                    (json_int_t)r->facets[f].values[v].count));
        json_object_set_new(facets, ns_facet_name(r->facets[f].kind), values);
    }
    json_t *doc = json_object();
    json_object_set_new(doc, "format_version", json_integer(NS_JSON_FORMAT_VERSION));
    json_object_set_new(doc, "query", string_or_null(query));
    json_object_set_new(doc, "total", json_integer(r->total));
    json_object_set_new(doc, "stories", json_integer(r->stories));
    json_object_set_new(doc, "offset", json_integer(req->offset));
    json_object_set_new(doc, "limit", json_integer(req->limit));
    json_object_set_new(doc, "hits", hits);
    json_object_set_new(doc, "facets", facets);
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

static void print_people(const ns_print_options *o, const char *pattern, const ns_people_list *l)
{
    emit(o, ns_json_people(pattern, l));
}

const ns_printer ns_printer_json = { "json", print_search, print_article, print_stats,
                                     print_people };
