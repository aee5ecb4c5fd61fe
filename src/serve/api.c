#include "serve/api.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "index/schema.h"
#include "index/terms.h"
#include "output/json.h"
#include "output/printer.h"
#include "query/parse.h"
#include "query/search.h"
#include "query/snippet.h"
#include "query/stats.h"
#include "serve/server.h"
#include "util/mem.h"

unsigned ns_api_http_status(ns_status status)
{
    switch (status) {
    case NS_OK: return 200;
    case NS_ERR_USAGE:
    case NS_ERR_QUERY: return 400;
    case NS_ERR_NOT_FOUND: return 404;
    case NS_ERR_DB_MISSING:
    case NS_ERR_DB_LOCKED:
    case NS_ERR_DB_CORRUPT:
    case NS_ERR_DB_VERSION:
    case NS_ERR_DB_MODIFIED:
    case NS_ERR_TIME_LIMIT: return 503;
    default: return 500;
    }
}

json_t *ns_api_error(const ns_error *err)
{
    return json_pack("{s:i, s:s, s:s}", "format_version", NS_JSON_FORMAT_VERSION, "error",
                     ns_status_to_string(err->status), "message", err->message);
}

/* ---- arguments ---- */

static ns_status parse_count(const char *name, const char *text, unsigned max, uint32_t *out,
                             ns_error *err)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(text, &end, 10);
    if (!*text || *end || errno || text[0] == '-' || text[0] == '+' || v > max)
        return ns_error_set(err, NS_ERR_USAGE, "%s= wants a whole number from 0 to %u, not '%.40s'",
                            name, max, text);
    *out = (uint32_t)v;
    return NS_OK;
}

/* The query text, or NULL for every article when it is empty or blank. */
static ns_status query_arg(const char *text, const char **query, ns_error *err)
{
    size_t len = strlen(text);
    if (len > NS_SERVE_MAX_QUERY)
        return ns_error_set(err, NS_ERR_USAGE,
                            "q= is too long: %zu bytes, at most %d (starting '%.40s')", len,
                            NS_SERVE_MAX_QUERY, text);
    *query = text[strspn(text, " \t\r\n")] ? text : NULL;
    return NS_OK;
}

/* The reference time of relative dates ("date:yesterday") is the
 * request's, as the command line's is its run's. */
static void query_options(ns_query_options *options)
{
    memset(options, 0, sizeof *options);
    options->dates.has_now = true;
    options->dates.now = (int64_t)time(NULL);
}

/* collapse=no lists every copy of a story as a hit of its own, as
 * --no-collapse does. */
static ns_status collapse_arg(const char *text, ns_search_request *req, ns_error *err)
{
    if (strcmp(text, "yes") != 0 && strcmp(text, "no") != 0)
        return ns_error_set(err, NS_ERR_USAGE, "collapse=%.40s: use yes or no", text);
    req->no_collapse = strcmp(text, "no") == 0;
    return NS_OK;
}

static const char *single_arg(const ns_api_request *r, const char *name, ns_error *err,
                              ns_status *st)
{
    const char *value = NULL;
    for (size_t i = 0; *st == NS_OK && i < r->n_args; i++) {
        if (strcmp(r->args[i].name, name) != 0)
            continue;
        if (value)
            *st = ns_error_set(err, NS_ERR_USAGE, "%s= is given twice", name);
        value = r->args[i].value;
    }
    return value;
}

/* Every argument must be one the endpoint knows: a misspelt one would
 * otherwise be ignored without a word. */
static ns_status check_args(const ns_api_request *r, const char *const *known, ns_error *err)
{
    for (size_t i = 0; i < r->n_args; i++) {
        bool ok = false;
        for (size_t k = 0; known[k] && !ok; k++)
            ok = strcmp(r->args[i].name, known[k]) == 0;
        if (!ok)
            return ns_error_set(err, NS_ERR_USAGE, "unknown parameter '%.40s'%s", r->args[i].name,
                                known[0] ? "" : ": this takes none");
    }
    return NS_OK;
}

/* For the endpoints whose one parameter is q= (NULL when absent or blank). */
static ns_status only_query_arg(const ns_api_request *r, const char **query, ns_error *err)
{
    static const char *const known[] = { "q", NULL };
    ns_status st = check_args(r, known, err);
    const char *q = single_arg(r, "q", err, &st);
    *query = NULL;
    if (st == NS_OK && q)
        st = query_arg(q, query, err);
    return st;
}

static ns_status need_db(const ns_api_request *r, ns_error *err)
{
    if (r->db)
        return NS_OK;
    *err = *r->db_error;
    return err->status;
}

/* ---- endpoints ---- */

static ns_status api_search(const ns_api_request *r, json_t **body, ns_error *err)
{
    static const char *const known[] = { "q", "facet", "facet_limit", "limit", "offset", "sort",
                                         "histogram", "collapse", NULL };
    ns_search_request req = { .limit = 10, .sort = NS_SORT_RELEVANCE };
    ns_facet_kind facets[NS_FACET_COUNT];
    size_t n_facets = 0;
    ns_status st = check_args(r, known, err);
    const char *q = single_arg(r, "q", err, &st);
    const char *limit = single_arg(r, "limit", err, &st);
    const char *offset = single_arg(r, "offset", err, &st);
    const char *sort = single_arg(r, "sort", err, &st);
    const char *histogram = single_arg(r, "histogram", err, &st);
    const char *facet_limit = single_arg(r, "facet_limit", err, &st);
    const char *collapse = single_arg(r, "collapse", err, &st);
    if (st == NS_OK && q)
        st = query_arg(q, &req.query, err);
    if (st == NS_OK && limit)
        st = parse_count("limit", limit, NS_SERVE_MAX_LIMIT, &req.limit, err);
    if (st == NS_OK && offset)
        st = parse_count("offset", offset, NS_SERVE_MAX_OFFSET, &req.offset, err);
    if (st == NS_OK && facet_limit)
        st = parse_count("facet_limit", facet_limit, NS_SERVE_MAX_FACET_LIMIT, &req.facet_limit, err);
    if (st == NS_OK && sort)
        st = ns_sort_by_name(sort, &req.sort, err);
    for (size_t i = 0; st == NS_OK && i < r->n_args; i++)
        if (strcmp(r->args[i].name, "facet") == 0)
            st = ns_cli_add_facets(r->args[i].value, facets, &n_facets, err);
    if (st == NS_OK && collapse)
        st = collapse_arg(collapse, &req, err);
    if (st == NS_OK && histogram)
        st = ns_histogram_by_name(histogram, &req.histogram, err);
    query_options(&req.options);
    req.time_limit = r->search_seconds;
    if (st == NS_OK)
        st = need_db(r, err);
    req.facets = facets;
    req.n_facets = n_facets;
    ns_search_result *result = NULL;
    if (st == NS_OK)
        st = ns_search(r->db, &req, &result, err);
    if (st == NS_OK)
        *body = ns_json_search(req.query, &req, result);
    ns_search_result_free(result);
    return st;
}

/* The article, and with q= the words of its title and body that the query
 * matches, as search hits mark them in snippets. */
static ns_status api_article(const ns_api_request *r, const char *id, json_t **body,
                             ns_error *err)
{
    const char *query_text;
    ns_status st = only_query_arg(r, &query_text, err);
    if (st == NS_OK && !*id)
        st = ns_error_set(err, NS_ERR_USAGE, "no article id: ask for /api/article/ID");
    ns_query query = { 0 };
    ns_query_options options;
    query_options(&options);
    if (st == NS_OK && query_text)
        st = ns_query_parse_with(query_text, &options, &query, err);
    if (st == NS_OK)
        st = need_db(r, err);
    ns_article article;
    ns_article_init(&article);
    if (st == NS_OK)
        st = ns_article_by_id(r->db, id, &article, err);
    ns_terms *terms = NULL;
    if (st == NS_OK && query.root)
        st = ns_terms_new(&terms, err);
    if (st == NS_OK) {
        *body = ns_json_article(&article);
        if (query.root) {
            ns_highlighter *h = ns_highlighter_new(query.root, terms);
            json_t *marks = json_object();
            const char *fields[] = { "title", "body" };
            const char *texts[] = { article.title, article.body };
            for (int i = 0; i < 2; i++) {
                ns_span *spans;
                size_t n;
                ns_highlight_text(h, texts[i], i == 0, &spans, &n);
                json_object_set_new(marks, fields[i], ns_json_highlights(texts[i], spans, n));
                free(spans);
            }
            json_object_set_new(*body, "highlights", marks);
            ns_highlighter_free(h);
        }
    }
    ns_terms_free(terms);
    ns_article_clear(&article);
    ns_query_clear(&query);
    return st;
}

/* How the query was read: the tree (query/parse.h) and any repairs. */
static ns_status api_parse(const ns_api_request *r, json_t **body, ns_error *err)
{
    const char *query_text;
    ns_status st = only_query_arg(r, &query_text, err);
    if (st == NS_OK && !query_text)
        st = ns_error_set(err, NS_ERR_USAGE, "no query: give q=");
    ns_query query = { 0 };
    ns_query_options options;
    query_options(&options);
    if (st == NS_OK)
        st = ns_query_parse_with(query_text, &options, &query, err);
    if (st == NS_OK) {
        char *tree = ns_query_describe(query.root);
        json_t *notes = json_array();
        for (size_t i = 0; i < query.notes.len; i++)
            json_array_append_new(notes, json_string(query.notes.items[i]));
        *body = json_pack("{s:i, s:s, s:s, s:o}", "format_version", NS_JSON_FORMAT_VERSION,
                          "query", query_text, "tree", tree, "notes", notes);
        free(tree);
    }
    ns_query_clear(&query);
    return st;
}

static ns_status api_stats(const ns_api_request *r, json_t **body, ns_error *err)
{
    static const char *const known[] = { NULL };
    ns_status st = check_args(r, known, err);
    if (st == NS_OK)
        st = need_db(r, err);
    ns_stats stats;
    if (st == NS_OK)
        st = ns_stats_read(r->db, &stats, err);
    if (st == NS_OK) {
        *body = ns_json_stats(r->db_path, &stats);
        ns_stats_clear(&stats);
    }
    return st;
}

unsigned ns_api_handle(const ns_api_request *r, json_t **body)
{
    ns_error err;
    ns_error_clear(&err);
    ns_status st;
    *body = NULL;
    if (strcmp(r->path, "search") == 0)
        st = api_search(r, body, &err);
    else if (strncmp(r->path, "article/", 8) == 0)
        st = api_article(r, r->path + 8, body, &err);
    else if (strcmp(r->path, "parse") == 0)
        st = api_parse(r, body, &err);
    else if (strcmp(r->path, "stats") == 0)
        st = api_stats(r, body, &err);
    else
        st = ns_error_set(&err, NS_ERR_NOT_FOUND,
                          "no such API: /api/%.60s (there are search, article/ID, parse, stats)",
                          r->path);
    if (st != NS_OK) {
        json_decref(*body);
        *body = ns_api_error(&err);
    }
    return ns_api_http_status(st);
}
