/* The JSON API of `newssearch serve`, apart from HTTP: a path and its
 * query arguments in, an HTTP status and a JSON document out.  Searches,
 * articles and statistics are the command line's JSON documents
 * (output/json.h), so a program reads the same fields from either. */
#ifndef NS_SERVE_API_H
#define NS_SERVE_API_H

#include <jansson.h>
#include <stddef.h>

#include "newssearch/status.h"
#include "xapian/xdb.h"

typedef struct ns_api_arg {
    const char *name;
    const char *value;
} ns_api_arg;

typedef struct ns_api_request {
    const char *path;            /* after "/api/": "search", "article/ID" */
    const ns_api_arg *args;      /* in the order given; a name may repeat */
    size_t n_args;
    const char *db_path;         /* for /api/stats */
    ns_xdb *db;                  /* NULL when the index could not be opened... */
    const ns_error *db_error;    /* ...and why */
    double search_seconds;       /* a search's time limit (ns_search_request.time_limit) */
} ns_api_request;

/* Answer a request: the HTTP status, and *body (the caller's reference). */
unsigned ns_api_handle(const ns_api_request *request, json_t **body);

/* The error document {"error": "query error", "message": ...}. */
json_t *ns_api_error(const ns_error *err);

/* The HTTP status for a failure. */
unsigned ns_api_http_status(ns_status status);

#endif
