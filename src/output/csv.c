/* The CSV printer (RFC 4180: fields with a comma, quote or line break
 * quoted, quotes doubled, CRLF line ends), for spreadsheets.  A first line
 * starting with "#" records what was searched; lists within a field are
 * joined with "; ". */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/dates.h"
#include "output/printer.h"
#include "util/buf.h"

#define CRLF "\r\n"

static void field(FILE *out, const char *s)
{
    if (!s)
        s = "";
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    fputc('"', out);
}

/* A field that may be missing, as an empty one (NULL ends row()'s list). */
#define OR_EMPTY(s) ((s) ? (s) : "")

/* Fields separated by commas; NULL ends the list. */
static void row(FILE *out, const char *first, ...)
{
    va_list ap;
    va_start(ap, first);
    bool start = true;
    for (const char *s = first; s; s = va_arg(ap, const char *)) {
        if (!start)
            fputc(',', out);
        field(out, s);
        start = false;
    }
    va_end(ap);
    fputs(CRLF, out);
}

static char *joined(const ns_strlist *list)
{
    ns_buf b = NS_BUF_INIT;
    ns_buf_append(&b, "", 0);
    for (size_t i = 0; i < list->len; i++)
        ns_buf_printf(&b, "%s%s", i ? "; " : "", list->items[i]);
    return ns_buf_detach(&b);
}

/* "# newssearch 0.1.0; index revision 12; now ...; query: ..." */
static void provenance(const ns_print_options *o, const char *what)
{
    const ns_provenance *p = o->provenance;
    if (!p)
        return;
    fprintf(o->out, "# newssearch %s; index revision %llu", p->version,
            (unsigned long long)p->revision);
    if (p->has_now) {
        char now[21];
        ns_format_iso8601(p->now, now);
        fprintf(o->out, "; now %s", now);
    }
    const char *text = what ? what : p->query;
    if (text) {
        fputs(what ? "; " : "; query: ", o->out);
        /* A comment is one line. */
        for (const char *c = text; *c; c++)
            fputc(*c == '\r' || *c == '\n' ? ' ' : *c, o->out);
    }
    fputs(CRLF, o->out);
}

static void hits_header(const ns_print_options *o)
{
    row(o->out, "rank", "id", "score", "date", "date_source", "outlet", "credit", "credits",
        "people", "bylines", "title", "url", "source", "format", "body", NULL);
}

static void article_row(const ns_print_options *o, const char *rank, const char *score,
                        const ns_article *a)
{
    char date[21] = "";
    const char *date_source = ns_date_source_name(a->date_source);
    if (date_source)
        ns_format_iso8601(a->date, date);
    char *credit = ns_article_credit_line(a);
    char *credits = joined(&a->credits), *people = joined(&a->people);
    char *bylines = joined(&a->bylines);
    row(o->out, rank, a->id, score, date, OR_EMPTY(date_source), OR_EMPTY(a->outlet),
        OR_EMPTY(credit), credits, people, bylines, a->title, OR_EMPTY(a->url),
        OR_EMPTY(a->source), OR_EMPTY(a->format), a->body, NULL);
    free(credit);
    free(credits);
    free(people);
    free(bylines);
}

static void export_begin(const ns_print_options *o, const ns_search_request *req,
                         const ns_search_result *summary)
{
    provenance(o, NULL);
    if (summary->explain) {
        fprintf(o->out, "# reading: %s" CRLF, summary->explain->reading);
        fprintf(o->out, "# xapian: %s" CRLF, summary->explain->xapian);
    }
    hits_header(o);
}

static void export_hit(const ns_print_options *o, const ns_search_request *req, const ns_hit *h)
{
    char rank[16], score[32];
    snprintf(rank, sizeof rank, "%u", h->rank);
    snprintf(score, sizeof score, "%.6f", h->score);
    article_row(o, rank, score, &h->article);
}

/* With a histogram, the table is the histogram; otherwise the hits. */
static void print_search(const ns_print_options *o, const char *query,
                         const ns_search_request *req, const ns_search_result *r)
{
    if (req->histogram != NS_HISTOGRAM_NONE) {
        provenance(o, NULL);
        row(o->out, ns_histogram_name(req->histogram), "count", "articles", "share", NULL);
        for (size_t i = 0; i < r->n_buckets; i++) {
            const ns_histogram_bucket *b = &r->histogram[i];
            char count[16], articles[16], share[32];
            snprintf(count, sizeof count, "%u", b->count);
            snprintf(articles, sizeof articles, "%u", b->articles);
            snprintf(share, sizeof share, "%.6f", b->articles ? (double)b->count / b->articles : 0.0);
            row(o->out, b->bucket, count, articles, share, NULL);
        }
        return;
    }
    export_begin(o, req, r);
    for (size_t i = 0; i < r->n_hits; i++)
        export_hit(o, req, &r->hits[i]);
}

static void print_article(const ns_print_options *o, const ns_article *a)
{
    hits_header(o);
    article_row(o, "", "", a);
}

static void print_counts(const ns_print_options *o, const char *kind, const ns_facet_result *f)
{
    for (size_t v = 0; v < f->n_values; v++) {
        char count[16];
        snprintf(count, sizeof count, "%u", f->values[v].count);
        row(o->out, kind, f->values[v].value, count, NULL);
    }
}

static void print_stats(const ns_print_options *o, const char *database, const ns_stats *s)
{
    row(o->out, "kind", "value", "articles", NULL);
    char all[16];
    snprintf(all, sizeof all, "%u", s->articles);
    row(o->out, "all", "", all, NULL);
    print_counts(o, "outlet", &s->by_outlet);
    print_counts(o, "year", &s->by_year);
}

static void print_batch(const ns_print_options *o, const ns_batch_report *report)
{
    char what[4200];
    snprintf(what, sizeof what, "batch %s", report->file);
    provenance(o, what);
    ns_strlist columns = { 0 };
    ns_batch_columns(report, &columns);
    fputs("line,query,total,elapsed_ms", o->out);
    for (size_t c = 0; c < columns.len; c++) {
        fputc(',', o->out);
        field(o->out, columns.items[c]);
    }
    fputs(CRLF, o->out);
    for (size_t i = 0; i < report->n_rows; i++) {
        const ns_batch_row *r = &report->rows[i];
        fprintf(o->out, "%u,", r->line);
        field(o->out, r->query);
        fprintf(o->out, ",%u,%.3f", r->total, r->elapsed_ms);
        for (size_t c = 0; c < columns.len; c++)
            fprintf(o->out, ",%u", ns_batch_count(r, columns.items[c]));
        fputs(CRLF, o->out);
    }
    ns_strlist_clear(&columns);
}

static void watch_row(const ns_print_options *o, const ns_watch *w)
{
    char revision[24];
    snprintf(revision, sizeof revision, "%llu", (unsigned long long)w->revision);
    row(o->out, w->name, w->query, w->created, OR_EMPTY(w->last_run), revision, NULL);
}

static void print_watches(const ns_print_options *o, const ns_watch *watches, size_t n)
{
    row(o->out, "name", "query", "created", "last_run", "revision", NULL);
    for (size_t i = 0; i < n; i++)
        watch_row(o, &watches[i]);
}

static void print_watch_runs(const ns_print_options *o, const ns_watch_run *runs, size_t n)
{
    provenance(o, "watch run");
    fputs("watch,", o->out);
    hits_header(o);
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < runs[i].result->n_hits; k++) {
            field(o->out, runs[i].watch->name);
            fputc(',', o->out);
            export_hit(o, runs[i].request, &runs[i].result->hits[k]);
        }
    }
}

static void print_people(const ns_print_options *o, const char *pattern,
                         const ns_people_list *l)
{
    row(o->out, "name", "articles", NULL);
    for (size_t i = 0; i < l->len; i++) {
        char count[16];
        snprintf(count, sizeof count, "%u", l->people[i].count);
        row(o->out, l->people[i].name, count, NULL);
    }
}

const ns_printer ns_printer_csv = {
    .name = "csv",
    .search = print_search,
    .article = print_article,
    .stats = print_stats,
    .export_begin = export_begin,
    .export_hit = export_hit,
    .batch = print_batch,
    .watches = print_watches,
    .watch_runs = print_watch_runs,
    .people = print_people,
};
