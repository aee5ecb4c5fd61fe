/* The text printer: what a person reads in a terminal. */
#include <stdlib.h>
#include <string.h>

#include "extract/dates.h"
#include "output/printer.h"
#include "text/normalize.h"
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

/* A snippet with its matches in colour; without colour and when
 * brackets is set, in [brackets], so that a passage shows its matches in a
 * pipe or a file too. */
static void print_marked(const ns_print_options *o, const ns_snippet *s, bool brackets)
{
    if (!o->color && brackets) {
        size_t at = 0;
        for (size_t i = 0; i < s->n_spans; i++) {
            fwrite(s->text + at, 1, s->spans[i].start - at, o->out);
            fprintf(o->out, "[%.*s]", (int)s->spans[i].len, s->text + s->spans[i].start);
            at = s->spans[i].start + s->spans[i].len;
        }
        fputs(s->text + at, o->out);
        return;
    }
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
        if (facet->n_more)
            fprintf(o->out, "  (%zu more)\n", facet->n_more);
    }
}

/* Characters on screen (code points; good enough for a table). */
static size_t width(const char *s)
{
    return ns_utf8_chars(s, strlen(s));
}

static void pad(FILE *out, const char *s, size_t to)
{
    fputs(s, out);
    for (size_t w = width(s); w < to; w++)
        fputc(' ', out);
}

#define BAR_WIDTH 30
#define BAR_CHAR "\xE2\x96\x88"

static void print_histogram(const ns_print_options *o, const ns_search_request *req,
                            const ns_search_result *r)
{
    const char *unit = ns_histogram_name(req->histogram);
    fprintf(o->out, "\n%sMatches by %s%s (share: of all articles in the %s)\n", style(o, BOLD),
            unit, style(o, RESET), unit);
    if (r->n_buckets == 0) {
        fputs("  (none)\n", o->out);
        return;
    }
    uint32_t most = 0;
    for (size_t i = 0; i < r->n_buckets; i++)
        if (r->histogram[i].count > most)
            most = r->histogram[i].count;
    for (size_t i = 0; i < r->n_buckets; i++) {
        const ns_histogram_bucket *b = &r->histogram[i];
        double share = b->articles ? 100.0 * b->count / b->articles : 0.0;
        fprintf(o->out, "  %-10s %6u  %5.1f%%  ", b->bucket, b->count, share);
        size_t bar = most ? (size_t)((uint64_t)b->count * BAR_WIDTH + most - 1) / most : 0;
        for (size_t k = 0; k < bar; k++)
            fputs(BAR_CHAR, o->out);
        fputc('\n', o->out);
    }
}

/* ": 2 words (ceasefire, ceasefires)": the index's words a word stands for. */
static void print_expansions(const ns_print_options *o, const ns_explain_word *w)
{
    fprintf(o->out, ": %zu word%s", w->n_expansions, w->n_expansions == 1 ? "" : "s");
    for (size_t k = 0; k < w->expansions.len; k++)
        fprintf(o->out, "%s%s", k ? ", " : " (", w->expansions.items[k]);
    if (w->expansions.len)
        fputs(w->expansions.len < w->n_expansions ? ", ...)" : ")", o->out);
}

static void print_explain(const ns_print_options *o, const ns_explanation *e)
{
    fprintf(o->out, "%sQuery:%s  %s\n", style(o, BOLD), style(o, RESET), e->reading);
    for (size_t i = 0; i < e->n_words; i++) {
        const ns_explain_word *w = &e->words[i];
        fprintf(o->out, "%s%s%s  %s", style(o, BOLD), i ? "      " : "Words:", style(o, RESET),
                w->written);
        if (strcmp(w->field, "title") == 0)
            fputs(" (title)", o->out);
        if (strcmp(w->match, "exact") == 0) {
            fputs(": exactly as written\n", o->out);
            continue;
        }
        if (strcmp(w->match, "wildcard") == 0 || strcmp(w->match, "fuzzy") == 0) {
            print_expansions(o, w);
            fputc('\n', o->out);
            continue;
        }
        bool folded = strcmp(w->written, w->folded) != 0;
        if (folded)
            fprintf(o->out, " -> %s", w->folded);
        if (w->stem) {
            fprintf(o->out, "%sstem %s", folded ? ", " : ": ", w->stem);
            print_expansions(o, w);
        } else
            fprintf(o->out, "%sany case and accents, not stemmed", folded ? ", " : ": ");
        fputc('\n', o->out);
    }
    fprintf(o->out, "%sXapian:%s %s\n\n", style(o, BOLD), style(o, RESET), e->xapian);
}

static void print_why(const ns_print_options *o, const ns_hit *h)
{
    for (size_t i = 0; i < h->why.len; i++) {
        const ns_match *m = &h->why.items[i];
        fprintf(o->out, "   %sWhy:%s %s in %s", style(o, DIM), style(o, RESET), m->part, m->field);
        if (m->count > 1)
            fprintf(o->out, " (%u times)", m->count);
        for (size_t q = 0; q < m->quotes.len; q++)
            fprintf(o->out, "%s\"%s\"", q ? ", " : ": ", m->quotes.items[q]);
        fputc('\n', o->out);
    }
}

static void print_marked(const ns_print_options *o, const ns_snippet *s, bool brackets);

static void print_contexts(const ns_print_options *o, const ns_hit *h)
{
    for (size_t i = 0; i < h->n_contexts; i++) {
        const ns_passage *p = &h->contexts[i];
        fprintf(o->out, "   %s%s %u:%s ", style(o, DIM), p->field, p->position, style(o, RESET));
        print_marked(o, &p->text, true);
        fputc('\n', o->out);
    }
}

static void print_search(const ns_print_options *o, const char *query,
                         const ns_search_request *req, const ns_search_result *r)
{
    if (r->explain)
        print_explain(o, r->explain);
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
        if (req->context) {
            print_contexts(o, h);
        } else if (*h->snippet.text) {
            fputs("   ", o->out);
            print_marked(o, &h->snippet, false);
            fputc('\n', o->out);
        }
        for (size_t k = 0; k < h->n_also; k++) {
            char date[17];
            short_date(h->also[k].date, date);
            fprintf(o->out, "%s%s %s (%s)", k ? "; " : "   Also in: ",
                    h->also[k].outlet ? h->also[k].outlet : "(outlet unknown)", date, h->also[k].id);
        }
        if (h->n_also)
            fputc('\n', o->out);
        if (req->why)
            print_why(o, h);
        fprintf(o->out, "   %s", style(o, DIM));
        ns_print_escaped(o->out, a->source ? a->source : "");
        fprintf(o->out, "%s\n", style(o, RESET));
    }
    if (r->n_hits)
        fputc('\n', o->out);
    if (r->total == 0) {
        fputs("No articles matched.\n", o->out);
    } else {
        fprintf(o->out, "%u article%s matched", r->total, r->total == 1 ? "" : "s");
        if (r->stories != r->total)
            fprintf(o->out, " (%u stor%s: copies of one story are shown as one hit)", r->stories,
                    r->stories == 1 ? "y" : "ies");
        if (r->n_hits > 0 && (r->hits[0].rank > 1 || r->n_hits < r->stories))
            fprintf(o->out, "; showing %u-%u", r->hits[0].rank, r->hits[r->n_hits - 1].rank);
        fputs(".\n", o->out);
    }
    if (r->suggestion)
        fprintf(o->out, "Did you mean: %s (%u article%s)\n", r->suggestion->query,
                r->suggestion->total, r->suggestion->total == 1 ? "" : "s");
    if (req->histogram != NS_HISTOGRAM_NONE)
        print_histogram(o, req, r);
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
    print_counts(o, "By format", &s->by_format);
}

static void print_batch(const ns_print_options *o, const ns_batch_report *report)
{
    ns_strlist columns = { 0 };
    ns_batch_columns(report, &columns);
    size_t query_width = 5;
    uint64_t all = 0;
    for (size_t i = 0; i < report->n_rows; i++) {
        size_t w = width(report->rows[i].query);
        if (w > query_width)
            query_width = w;
        all += report->rows[i].total;
    }
    size_t *widths = calloc(columns.len + 1, sizeof *widths);
    for (size_t c = 0; widths && c < columns.len; c++)
        widths[c] = width(columns.items[c]) > 6 ? width(columns.items[c]) : 6;
    fprintf(o->out, "%s", style(o, BOLD));
    pad(o->out, "query", query_width);
    fputs("   total", o->out);
    for (size_t c = 0; widths && c < columns.len; c++) {
        fputs("  ", o->out);
        for (size_t k = width(columns.items[c]); k < widths[c]; k++)
            fputc(' ', o->out);
        fputs(columns.items[c], o->out);
    }
    fprintf(o->out, "%s\n", style(o, RESET));
    for (size_t i = 0; i < report->n_rows; i++) {
        const ns_batch_row *r = &report->rows[i];
        pad(o->out, r->query, query_width);
        fprintf(o->out, " %7u", r->total);
        for (size_t c = 0; widths && c < columns.len; c++)
            fprintf(o->out, "  %*u", (int)widths[c], ns_batch_count(r, columns.items[c]));
        fputc('\n', o->out);
    }
    fprintf(o->out, "\n%zu quer%s, %llu matches in all.\n", report->n_rows,
            report->n_rows == 1 ? "y" : "ies", (unsigned long long)all);
    free(widths);
    ns_strlist_clear(&columns);
}

static void print_watches(const ns_print_options *o, const ns_watch *watches, size_t n)
{
    if (n == 0)
        fputs("No watches: add one with `newssearch watch add NAME QUERY`.\n", o->out);
    for (size_t i = 0; i < n; i++) {
        const ns_watch *w = &watches[i];
        fprintf(o->out, "%s%s%s  %s\n", style(o, BOLD), w->name, style(o, RESET), w->query);
        fprintf(o->out, "   %sadded %s, last run %s, index revision %llu%s\n", style(o, DIM),
                w->created, w->last_run ? w->last_run : "never", (unsigned long long)w->revision,
                style(o, RESET));
    }
}

static void print_watch_runs(const ns_print_options *o, const ns_watch_run *runs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const ns_watch_run *run = &runs[i];
        if (i)
            fputc('\n', o->out);
        fprintf(o->out, "%s== %s: %s%s\n", style(o, BOLD), run->watch->name, run->watch->query,
                style(o, RESET));
        if (run->result->total == 0) {
            fputs("Nothing new.\n", o->out);
            continue;
        }
        fputc('\n', o->out);
        print_search(o, run->watch->query, run->request, run->result);
    }
}

static void print_people(const ns_print_options *o, const char *pattern,
                         const ns_people_list *l);

const ns_printer ns_printer_text = {
    .name = "text",
    .search = print_search,
    .article = print_article,
    .stats = print_stats,
    .batch = print_batch,
    .watches = print_watches,
    .watch_runs = print_watch_runs,
    .people = print_people,
};
static void print_people(const ns_print_options *o, const char *pattern, const ns_people_list *l)
{
    for (size_t i = 0; i < l->len; i++)
        fprintf(o->out, "%6u  %s\n", l->people[i].count, l->people[i].name);
    if (l->total == 0)
        fprintf(o->out, "No people%s%s%s.\n", pattern ? " match \"" : "", pattern ? pattern : "",
                pattern ? "\"" : "");
    else if (l->len < l->total)
        fprintf(o->out, "(%zu of %zu people; --limit 0 lists all)\n", l->len, l->total);
}

