/* The text printer: what a person reads in a terminal. */
#include <stdlib.h>
#include <string.h>

#include "extract/dates.h"
#include "output/printer.h"
#include "util/mem.h"

#define BOLD "\033[1m"
#define DIM "\033[2m"
#define MATCH "\033[1;31m"
#define RESET "\033[0m"

static const char *style(const ns_print_options *o, const char *code)
{
    return o->color ? code : "";
}

/* "2025-08-09 14:03" */
static void short_date(int64_t t, char out[17])
{
    char iso[21];
    ns_format_iso8601(t, iso);
    memcpy(out, iso, 10);
    out[10] = ' ';
    memcpy(out + 11, iso + 11, 5);
    out[16] = '\0';
}

static void print_list(FILE *out, const ns_strlist *list)
{
    for (size_t i = 0; i < list->len; i++)
        fprintf(out, "%s%s", i ? ", " : "", list->items[i]);
}

static void print_snippet(const ns_print_options *o, const ns_snippet *s)
{
    size_t at = 0;
    for (size_t i = 0; i < s->n_spans; i++) {
        fwrite(s->text + at, 1, s->spans[i].start - at, o->out);
        fprintf(o->out, "%s%.*s%s", style(o, MATCH), (int)s->spans[i].len,
                s->text + s->spans[i].start, style(o, RESET));
        at = s->spans[i].start + s->spans[i].len;
    }
    fputs(s->text + at, o->out);
}

/* The line under a title: outlet, date, credit, id. */
static void print_byline(const ns_print_options *o, const ns_article *a)
{
    char date[17];
    short_date(a->date, date);
    char *credit = ns_article_credit_line(a);
    fprintf(o->out, "%s%s | %s", style(o, DIM), a->outlet ? a->outlet : "(outlet unknown)", date);
    if (credit)
        fprintf(o->out, " | %s", credit);
    fprintf(o->out, " | id %s%s\n", a->id, style(o, RESET));
    free(credit);
}

static void print_facets(const ns_print_options *o, const ns_search_result *r)
{
    for (size_t f = 0; f < r->n_facets; f++) {
        const ns_facet_result *facet = &r->facets[f];
        fprintf(o->out, "\n%s%s%s\n", style(o, BOLD), ns_facet_name(facet->kind),
                style(o, RESET));
        if (facet->n_values == 0)
            fputs("  (none)\n", o->out);
        for (size_t v = 0; v < facet->n_values; v++)
            fprintf(o->out, "  %6u  %s\n", facet->values[v].count, facet->values[v].value);
    }
}

static void print_search(const ns_print_options *o, const char *query,
                         const ns_search_request *req, const ns_search_result *r)
{
    for (size_t i = 0; i < r->n_hits; i++) {
        const ns_hit *h = &r->hits[i];
        const ns_article *a = &h->article;
        if (i)
            fputc('\n', o->out);
        fprintf(o->out, "%u. %s%s%s\n", h->rank, style(o, BOLD), *a->title ? a->title : "(no title)",
                style(o, RESET));
        fputs("   ", o->out);
        print_byline(o, a);
        if (a->people.len) {
            fputs("   People: ", o->out);
            print_list(o->out, &a->people);
            fputc('\n', o->out);
        }
        if (*h->snippet.text) {
            fputs("   ", o->out);
            print_snippet(o, &h->snippet);
            fputc('\n', o->out);
        }
        fprintf(o->out, "   %s", style(o, DIM));
        ns_print_escaped(o->out, a->source ? a->source : "");
        fprintf(o->out, "%s\n", style(o, RESET));
    }
    if (r->n_hits)
        fputc('\n', o->out);
    if (r->total == 0)
        fputs("No articles matched.\n", o->out);
    else if (r->n_hits == r->total)
        fprintf(o->out, "%u article%s matched.\n", r->total, r->total == 1 ? "" : "s");
    else if (r->n_hits == 0)
        fprintf(o->out, "%u articles matched (none shown from %u).\n", r->total, req->offset + 1);
    else
        fprintf(o->out, "%u articles matched; showing %u-%u.\n", r->total, r->hits[0].rank,
                r->hits[r->n_hits - 1].rank);
    print_facets(o, r);
}

static void print_article(const ns_print_options *o, const ns_article *a)
{
    fprintf(o->out, "%s%s%s\n", style(o, BOLD), *a->title ? a->title : "(no title)",
            style(o, RESET));
    print_byline(o, a);
    const char *date_source = ns_date_source_name(a->date_source);
    if (date_source)
        fprintf(o->out, "Date from: %s\n", date_source);
    if (a->people.len) {
        fputs("People: ", o->out);
        print_list(o->out, &a->people);
        fputc('\n', o->out);
    }
    if (a->bylines.len) {
        fputs("By: ", o->out);
        print_list(o->out, &a->bylines);
        fputc('\n', o->out);
    }
    if (a->url)
        fprintf(o->out, "URL: %s\n", a->url);
    fputs("Source: ", o->out);
    ns_print_escaped(o->out, a->source ? a->source : "");
    fprintf(o->out, "\n\n%s\n", a->body);
}

static void print_counts(const ns_print_options *o, const char *name, const ns_facet_result *f)
{
    fprintf(o->out, "\n%s%s%s\n", style(o, BOLD), name, style(o, RESET));
    if (f->n_values == 0)
        fputs("  (none)\n", o->out);
    for (size_t v = 0; v < f->n_values; v++)
        fprintf(o->out, "  %6u  %s\n", f->values[v].count, f->values[v].value);
}

static void print_stats(const ns_print_options *o, const char *database, const ns_stats *s)
{
    fprintf(o->out, "Index:     %s\n", database);
    fprintf(o->out, "Articles:  %u\n", s->articles);
    fprintf(o->out, "Outlets:   %u\n", s->outlets);
    fprintf(o->out, "People:    %u\n", s->people);
    fprintf(o->out, "Credits:   %u\n", s->credits);
    if (s->has_dates) {
        char first[17], last[17];
        short_date(s->first_date, first);
        short_date(s->last_date, last);
        fprintf(o->out, "Dates:     %s to %s (UTC)\n", first, last);
    }
    print_counts(o, "By outlet", &s->by_outlet);
    print_counts(o, "By year", &s->by_year);
}

const ns_printer ns_printer_text = { "text", print_search, print_article, print_stats };
