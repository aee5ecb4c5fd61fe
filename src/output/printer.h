/* Output printers: every command's results go through one of these, chosen
 * with --format, so that no command prints JSON (or layout) by hand.
 *
 *   text   for people: ranked hits with highlighted snippets, then facets;
 *          colour only on a terminal and when NO_COLOR is not set
 *   json   for programs: one JSON object per call, schema in README.md
 *   jsonl  exports: a first line saying what was searched, then one line
 *          per hit with every field, streamed
 *   csv    exports: a "#" comment line saying what was searched, a header,
 *          then one row per hit (RFC 4180), streamed; tables (batch,
 *          histograms, watches) as rows
 */
#ifndef NS_OUTPUT_PRINTER_H
#define NS_OUTPUT_PRINTER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "newssearch/article.h"
#include "newssearch/status.h"
#include "query/people_list.h"
#include "query/search.h"
#include "query/stats.h"

/* Bump when a field changes meaning or goes away (adding one is fine). */
#define NS_JSON_FORMAT_VERSION 1

/* What an export records so that a set of evidence can be reproduced. */
typedef struct ns_provenance {
    const char *query;
    const char *version;         /* newssearch's */
    uint64_t revision;           /* the index's */
    bool has_now;
    int64_t now;                 /* the reference time of relative dates */
} ns_provenance;

typedef struct ns_print_options {
    FILE *out;
    bool color;
    const ns_provenance *provenance;   /* NULL when not known */
} ns_print_options;

/* newssearch batch: one row per query. */
typedef struct ns_batch_row {
    unsigned line;               /* in the file, from 1 */
    const char *query;
    uint32_t total;
    double elapsed_ms;           /* wall time of this query alone */
    const ns_facet_result *by;   /* the breakdown, or NULL */
    const ns_search_result *result;   /* the whole search (hits with --limit, facets) */
} ns_batch_row;

typedef struct ns_batch_report {
    const char *file;
    bool has_by;
    ns_facet_kind by;
    const ns_batch_row *rows;
    size_t n_rows;
    double elapsed_ms;           /* all queries */
} ns_batch_report;

/* newssearch watch. */
typedef struct ns_watch {
    char *name;
    char *query;
    char *created;               /* ISO 8601 */
    char *last_run;              /* ISO 8601, or NULL before the first run */
    uint64_t revision;           /* the index revision the last run (or adding) saw */
} ns_watch;

typedef struct ns_watch_run {
    const ns_watch *watch;       /* as it was before this run */
    uint64_t revision;           /* the revision this run saw */
    const ns_search_request *request;
    const ns_search_result *result;   /* the articles written since */
} ns_watch_run;

typedef struct ns_printer {
    const char *name;
    void (*search)(const ns_print_options *o, const char *query, const ns_search_request *req,
                   const ns_search_result *r);
    void (*article)(const ns_print_options *o, const ns_article *a);
    void (*stats)(const ns_print_options *o, const char *database, const ns_stats *s);
    /* Streaming exports (NULL for printers that take whole results): what
     * was searched, then each hit. */
    void (*export_begin)(const ns_print_options *o, const ns_search_request *req,
                         const ns_search_result *summary);
    void (*export_hit)(const ns_print_options *o, const ns_search_request *req, const ns_hit *hit);
    void (*batch)(const ns_print_options *o, const ns_batch_report *report);
    void (*watches)(const ns_print_options *o, const ns_watch *watches, size_t n);
    void (*watch_runs)(const ns_print_options *o, const ns_watch_run *runs, size_t n);
    void (*people)(const ns_print_options *o, const char *pattern, const ns_people_list *l);
} ns_printer;

extern const ns_printer ns_printer_text;
extern const ns_printer ns_printer_json;
extern const ns_printer ns_printer_jsonl;
extern const ns_printer ns_printer_csv;

/* The printer called name ("text", "json", "jsonl", "csv"); NS_ERR_USAGE
 * otherwise. */
ns_status ns_printer_by_name(const char *name, const ns_printer **printer, ns_error *err);

/* Write s with its control characters escaped ("\n", "\t", "\x1b"): for
 * text that comes from outside (file names, queries) on a terminal. */
void ns_print_escaped(FILE *out, const char *s);
/* The columns of a batch breakdown, for tables: months and years in
 * order, other values by their count over all queries, then by name. */
void ns_batch_columns(const ns_batch_report *report, ns_strlist *columns);
/* A row's count for a column (0 when the query has none there). */
uint32_t ns_batch_count(const ns_batch_row *row, const char *column);

/* Whether to colour output written to out: a terminal, and no NO_COLOR. */
bool ns_want_color(FILE *out);

#endif
