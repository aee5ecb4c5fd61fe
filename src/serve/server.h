/* `newssearch serve`: the web page and its JSON API, served over HTTP by
 * libmicrohttpd from a pool of threads.
 *
 *   /                     the page (assets built into the binary)
 *   /assets/NAME          its script, style sheet and icon
 *   /api/search?q=&facet=&facet_limit=&limit=&offset=&sort=&histogram=&collapse=
 *   /api/article/ID?q=    one article; q highlights its matches
 *   /api/parse?q=         how the query was read
 *   /api/stats
 *
 * The API speaks the command line's JSON (output/json.h); errors are
 * {"error": status name, "message": one line naming the bad part} with an
 * HTTP status that fits (400 bad request or query, 401 no token, 404, 405,
 * 503 index missing or unreadable, 500 a bug).
 *
 * The index is opened read-only, one handle per worker (Xapian handles
 * are not thread-safe), and each handle is brought up to the latest
 * commit before it answers, so what `index` adds shows without a restart.
 * An index that is missing when the server starts is looked for again on
 * every request.
 *
 * Nothing from a request reaches the file system: only the built-in assets
 * are served.  Every response forbids inline script (Content-Security-
 * Policy), and the page puts article text into the document as text,
 * never as markup.
 */
#ifndef NS_SERVE_SERVER_H
#define NS_SERVE_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include "newssearch/status.h"

typedef struct ns_server_options {
    const char *db_path;
    const char *bind;          /* numeric IPv4 or IPv6 address */
    uint16_t port;             /* 0: any free port */
    unsigned threads;          /* worker threads (and index handles) */
    const char *token;         /* NULL: no token needed */
    unsigned timeout_seconds;  /* an idle or slow connection is closed after this */
    double search_seconds;     /* a search's counts may take this long; 0: no limit */
} ns_server_options;

/* Limits on what a request may ask for. */
#define NS_SERVE_MAX_QUERY 2048        /* bytes of query text */
#define NS_SERVE_MAX_LIMIT 100         /* hits per page */
#define NS_SERVE_MAX_FACET_LIMIT 1000  /* values per facet (0: all) */
#define NS_SERVE_MAX_OFFSET 100000     /* deepest page start */
#define NS_SERVE_MAX_REQUEST 32768     /* bytes of request line and headers */

typedef struct ns_server ns_server;

/* Start serving in background threads.  NS_ERR_USAGE for a bad address,
 * NS_ERR_IO when the port cannot be had. */
ns_status ns_server_start(const ns_server_options *options, ns_server **server,
                          ns_error *err);
/* The port actually bound (useful with port 0). */
uint16_t ns_server_port(const ns_server *server);
/* Stop serving, wait for the requests in progress, free everything.
 * Accepts NULL. */
void ns_server_stop(ns_server *server);

/* Whether the address is a numeric IPv4 or IPv6 address, and whether it
 * is a loopback one (127.0.0.0/8, ::1). */
bool ns_server_is_address(const char *address);
bool ns_server_is_loopback(const char *address);

#endif
