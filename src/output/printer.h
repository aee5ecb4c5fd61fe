/* Output printers: every command's results go through one of these, chosen
 * with --format, so that no command prints JSON (or layout) by hand.
 *
 *   text   for people: ranked hits with highlighted snippets, then facets;
 *          colour only on a terminal and when NO_COLOR is not set
 *   json   for programs: one JSON object per call, schema in README.md
 */
#ifndef NS_OUTPUT_PRINTER_H
#define NS_OUTPUT_PRINTER_H

#include <stdbool.h>
#include <stdio.h>

#include "newssearch/article.h"
#include "newssearch/status.h"
#include "query/search.h"
#include "query/stats.h"

/* Bump when a field changes meaning or goes away (adding one is fine). */
#define NS_JSON_FORMAT_VERSION 1

typedef struct ns_print_options {
    FILE *out;
    bool color;
} ns_print_options;

typedef struct ns_printer {
    const char *name;
    void (*search)(const ns_print_options *o, const char *query, const ns_search_request *req,
                   const ns_search_result *r);
    void (*article)(const ns_print_options *o, const ns_article *a);
    void (*stats)(const ns_print_options *o, const char *database, const ns_stats *s);
} ns_printer;

extern const ns_printer ns_printer_text;
extern const ns_printer ns_printer_json;

/* The printer called name ("text", "json"); NS_ERR_USAGE otherwise. */
ns_status ns_printer_by_name(const char *name, const ns_printer **printer, ns_error *err);

/* Write s with its control characters escaped ("\n", "\t", "\x1b"): for
 * text that comes from outside (file names, queries) on a terminal. */
void ns_print_escaped(FILE *out, const char *s);

/* Whether to colour output written to out: a terminal, and no NO_COLOR. */
bool ns_want_color(FILE *out);

#endif
