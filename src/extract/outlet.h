/* Outlets: one value for the many ways an outlet is written.
 *
 * "www.abc.net.au", "abc.net.au", "m.abc.net.au",
 * "https://www.abc.net.au/news/2025-08-09/..." and "ABC News" are one
 * outlet, with the display name "ABC News" and the key "abc-news".  The
 * key is what the index stores as the outlet term and what a query's
 * outlet: value is compared with; the display name is what people see
 * (hits, facets, stats).
 *
 * Known outlets come from a table in outlet.c (host -> display name).  A
 * name matches a known outlet by its key, with or without a leading "The"
 * ("Guardian", "The Guardian", "the-guardian").  An unknown host keeps its
 * name without "www." or "m." ("www.example.org" -> "example.org", key
 * "example-org"); an unknown name is kept as written, its key is its slug
 * (ns_slug()).  Pure: no state, the same answer for the same input.
 */
#ifndef NS_EXTRACT_OUTLET_H
#define NS_EXTRACT_OUTLET_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ns_outlet {
    char *display;   /* "ABC News"; never NULL after ns_outlet_canonical() */
    char *key;       /* "abc-news"; empty when the name has no words ("—") */
} ns_outlet;

/* The canonical display name and key of an outlet written as `written` (a
 * name, a host or a URL).  The caller frees both with ns_outlet_clear(). */
void ns_outlet_canonical(const char *written, ns_outlet *out);

/* Free what ns_outlet_canonical() filled in.  Accepts NULL. */
void ns_outlet_clear(ns_outlet *outlet);

/* The display name of the known outlet that serves `host` (or the host of
 * a URL), or NULL when the host is not a known outlet's. */
const char *ns_outlet_for_host(const char *host, size_t len);

/* The host of a URL ("https://m.abc.net.au:443/x" -> "m.abc.net.au"), lower
 * case, as a new string; NULL when url is not an absolute http(s) URL. */
char *ns_url_host(const char *url);

/* For tests: the number of rows of the table, and row i. */
size_t ns_outlet_table_size(void);
void ns_outlet_table_row(size_t i, const char **host, const char **display, const char **key);

#endif
