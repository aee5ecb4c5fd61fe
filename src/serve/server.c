#include "serve/server.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "index/layout.h"
#include "serve/api.h"
#include "serve/assets.h"
#include "util/buf.h"
#include "util/mem.h"
#include "xapian/xdb.h"

#define TOKEN_COOKIE "newssearch_token"
#define MAX_LOGIN_BODY 1024
#define MAX_DROPPED_BODY (64 * 1024)
#define MAX_ARGS 64

/* Sent with every response: no script but the page's own files, no
 * framing, nothing fetched from another host. */
#define CONTENT_SECURITY_POLICY                                                    \
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "   \
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

struct ns_server {
    struct MHD_Daemon *daemon;
    char *db_path;
    char *token;
    double search_seconds;
    /* Index handles not in use; a NULL one is opened when taken. */
    pthread_mutex_t lock;
    pthread_cond_t returned;
    ns_xdb **idle;
    size_t n_idle;
    size_t n_handles;
};

/* ---- index handles ---- */

/* A handle on the latest committed revision of the index, or NULL with
 * err set; give it back with release_db() either way. */
static ns_xdb *acquire_db(ns_server *s, ns_error *err)
{
    pthread_mutex_lock(&s->lock);
    while (s->n_idle == 0)
        pthread_cond_wait(&s->returned, &s->lock);
    ns_xdb *db = s->idle[--s->n_idle];
    pthread_mutex_unlock(&s->lock);
    /* reopen() costs a read of the revision on disk when nothing changed;
     * after a commit it moves the handle to the new revision. */
    if (db && ns_xdb_reopen(db, err) != NS_OK) {
        ns_xdb_close(db);
        db = NULL;
    }
    if (!db && ns_index_open_read(s->db_path, &db, err) != NS_OK)
        db = NULL;
    return db;
}

static void release_db(ns_server *s, ns_xdb *db)
{
    pthread_mutex_lock(&s->lock);
    s->idle[s->n_idle++] = db;
    pthread_cond_signal(&s->returned);
    pthread_mutex_unlock(&s->lock);
}

/* ---- responses ---- */

static enum MHD_Result respond(struct MHD_Connection *c, unsigned status, const char *type,
                               void *data, size_t len, enum MHD_ResponseMemoryMode mode,
                               const char *extra_header, const char *extra_value)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, data, mode);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(r, "Content-Security-Policy", CONTENT_SECURITY_POLICY);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (extra_header)
        MHD_add_response_header(r, extra_header, extra_value);
    enum MHD_Result ok = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result respond_json(struct MHD_Connection *c, unsigned status, json_t *doc,
                                    const char *extra_header, const char *extra_value)
{
    char *text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(doc);
    if (!text)
        return MHD_NO;
    return respond(c, status, "application/json; charset=utf-8", text, strlen(text),
                   MHD_RESPMEM_MUST_FREE, extra_header, extra_value);
}

/* An error of the server itself rather than of the API: its own HTTP
 * status (401, 405, 413) where the API's mapping has none. */
static enum MHD_Result respond_error(struct MHD_Connection *c, unsigned http_status,
                                     ns_status st, const char *message,
                                     const char *extra_header, const char *extra_value)
{
    ns_error err;
    ns_error_set(&err, st, "%s", message);
    return respond_json(c, http_status, ns_api_error(&err), extra_header, extra_value);
}

static const ns_asset *find_asset(const char *name)
{
    for (size_t i = 0; i < ns_n_assets; i++)
        if (strcmp(ns_assets[i].name, name) == 0)
            return &ns_assets[i];
    return NULL;
}

static enum MHD_Result respond_asset(struct MHD_Connection *c, unsigned status,
                                     const ns_asset *a, const char *extra_header,
                                     const char *extra_value)
{
    return respond(c, status, a->content_type, (void *)a->data, a->len, MHD_RESPMEM_PERSISTENT,
                   extra_header, extra_value);
}

/* ---- the token ---- */

/* Compare without leaking, through the time taken, how much matched. */
static bool same_secret(const char *given, const char *secret)
{
    size_t a = strlen(given), b = strlen(secret);
    unsigned char diff = a != b;
    for (size_t i = 0; i < b; i++)
        diff |= (unsigned char)given[i < a ? i : 0] ^ (unsigned char)secret[i];
    return diff == 0;
}

static bool authorised(const ns_server *s, struct MHD_Connection *c)
{
    if (!s->token)
        return true;
    const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    if (auth && strncmp(auth, "Bearer ", 7) == 0 && same_secret(auth + 7, s->token))
        return true;
    const char *cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, TOKEN_COOKIE);
    return cookie && same_secret(cookie, s->token);
}

/* A browser cannot send a bearer header when it opens a page: the page
 * asks for the token once (a form, no script) and keeps it in a cookie
 * that only this host and no script can read. */
static enum MHD_Result login(ns_server *s, struct MHD_Connection *c, ns_buf *body)
{
    char *token = NULL;
    const char *text = ns_buf_str(body);
    if (strncmp(text, "token=", 6) == 0) {
        token = ns_xstrdup(text + 6);
        token[strcspn(token, "&")] = '\0';
        for (char *p = token; *p; p++)
            if (*p == '+')
                *p = ' ';
        MHD_http_unescape(token);
    }
    enum MHD_Result ok;
    if (token && s->token && same_secret(token, s->token)) {
        char *cookie = ns_xasprintf(TOKEN_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict",
                                    s->token);
        struct MHD_Response *r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
        MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, "/");
        MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, cookie);
        MHD_add_response_header(r, "Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ok = MHD_queue_response(c, MHD_HTTP_SEE_OTHER, r);
        MHD_destroy_response(r);
        free(cookie);
    } else {
        ok = respond_asset(c, MHD_HTTP_UNAUTHORIZED, find_asset("login.html"),
                           MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
    }
    free(token);
    return ok;
}

/* ---- requests ---- */

typedef struct request {
    ns_buf body;          /* POST /login only */
    size_t body_seen;     /* bytes of body received */
    ns_api_arg args[MAX_ARGS];
    size_t n_args;
    bool too_many_args;
} request;

static enum MHD_Result collect_arg(void *ctx, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    request *rq = ctx;
    if (rq->n_args == MAX_ARGS) {
        rq->too_many_args = true;
        return MHD_NO;
    }
    rq->args[rq->n_args++] = (ns_api_arg){ key, value ? value : "" };
    return MHD_YES;
}

static enum MHD_Result api(ns_server *s, struct MHD_Connection *c, const char *path,
                           request *rq)
{
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, rq);
    if (rq->too_many_args)
        return respond_error(c, MHD_HTTP_BAD_REQUEST, NS_ERR_USAGE, "too many parameters",
                             NULL, NULL);
    ns_error db_error;
    ns_error_clear(&db_error);
    ns_xdb *db = acquire_db(s, &db_error);
    ns_api_request req = { path, rq->args, rq->n_args, s->db_path, db, &db_error,
                           s->search_seconds };
    json_t *body;
    unsigned status = ns_api_handle(&req, &body);
    release_db(s, db);
    if (status >= 500)
        fprintf(stderr, "newssearch: serve: /api/%s: %s\n", path,
                json_string_value(json_object_get(body, "message")));
    return respond_json(c, status, body, NULL, NULL);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls)
{
    ns_server *s = cls;
    bool is_get = strcmp(method, MHD_HTTP_METHOD_GET) == 0 ||
                  strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
    bool is_login = strcmp(method, MHD_HTTP_METHOD_POST) == 0 && strcmp(url, "/login") == 0;
    request *rq = *con_cls;
    if (!rq) {
        /* The headers are in; the body (if any) comes in later calls. */
        *con_cls = rq = ns_xcalloc(1, sizeof *rq);
        return MHD_YES;
    }
    if (*upload_data_size) {
        /* Only the token form has a body.  Another is read and dropped so
         * that the answer can say why; one too big to be a mistake ends
         * the connection at once. */
        rq->body_seen += *upload_data_size;
        if (rq->body_seen > MAX_DROPPED_BODY)
            return MHD_NO;
        if (is_login && rq->body_seen <= MAX_LOGIN_BODY)
            ns_buf_append(&rq->body, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (rq->body_seen && (!is_login || rq->body_seen > MAX_LOGIN_BODY))
        return respond_error(c, MHD_HTTP_CONTENT_TOO_LARGE, NS_ERR_USAGE,
                             "request body too large (only POST /login has one)", NULL, NULL);
    if (is_login)
        return login(s, c, &rq->body);
    if (!is_get)
        return respond_error(c, MHD_HTTP_METHOD_NOT_ALLOWED, NS_ERR_USAGE,
                             "only GET and HEAD are served here",
                             MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
    if (!authorised(s, c)) {
        if (strncmp(url, "/api/", 5) == 0)
            return respond_error(c, MHD_HTTP_UNAUTHORIZED, NS_ERR_USAGE,
                                 "this server needs a token: send 'Authorization: Bearer TOKEN'",
                                 MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
        return respond_asset(c, MHD_HTTP_UNAUTHORIZED, find_asset("login.html"),
                             MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
    }
    if (strncmp(url, "/api/", 5) == 0)
        return api(s, c, url + 5, rq);
    const ns_asset *asset = NULL;
    if (strcmp(url, "/") == 0)
        asset = find_asset("index.html");
    else if (strncmp(url, "/assets/", 8) == 0)
        asset = find_asset(url + 8);
    if (!asset)
        return respond_error(c, MHD_HTTP_NOT_FOUND, NS_ERR_NOT_FOUND, "no such page", NULL,
                             NULL);
    return respond_asset(c, MHD_HTTP_OK, asset, NULL, NULL);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    request *rq = *con_cls;
    if (rq) {
        ns_buf_free(&rq->body);
        free(rq);
        *con_cls = NULL;
    }
}

/* ---- the daemon ---- */

bool ns_server_is_address(const char *address)
{
    unsigned char any[sizeof(struct in6_addr)];
    return inet_pton(AF_INET, address, any) == 1 || inet_pton(AF_INET6, address, any) == 1;
}

bool ns_server_is_loopback(const char *address)
{
    struct in_addr v4;
    struct in6_addr v6;
    if (inet_pton(AF_INET, address, &v4) == 1)
        return (ntohl(v4.s_addr) >> 24) == 127;
    if (inet_pton(AF_INET6, address, &v6) == 1)
        return IN6_IS_ADDR_LOOPBACK(&v6);
    return false;
}

ns_status ns_server_start(const ns_server_options *o, ns_server **out, ns_error *err)
{
    struct sockaddr_storage addr;
    memset(&addr, 0, sizeof addr);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG;
    struct sockaddr_in *v4 = (struct sockaddr_in *)&addr;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&addr;
    if (inet_pton(AF_INET, o->bind, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(o->port);
    } else if (inet_pton(AF_INET6, o->bind, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(o->port);
        flags |= MHD_USE_IPv6;
    } else {
        return ns_error_set(err, NS_ERR_USAGE,
                            "--bind wants a numeric IPv4 or IPv6 address, not '%s'", o->bind);
    }
    if (o->token && (!*o->token || strspn(o->token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~") != strlen(o->token)))
        return ns_error_set(err, NS_ERR_USAGE,
                            "the token must be letters, digits and - . _ ~ only");

    ns_server *s = ns_xcalloc(1, sizeof *s);
    s->db_path = ns_xstrdup(o->db_path);
    s->token = ns_xstrdup_or_null(o->token);
    s->search_seconds = o->search_seconds;
    s->n_handles = o->threads ? o->threads : 1;
    s->idle = ns_xcalloc(s->n_handles, sizeof *s->idle);
    s->n_idle = s->n_handles;
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->returned, NULL);
    s->daemon = MHD_start_daemon(
        flags, o->port, NULL, NULL, handle, s,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)s->n_handles,
        MHD_OPTION_CONNECTION_TIMEOUT, o->timeout_seconds ? o->timeout_seconds : 30u,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)NS_SERVE_MAX_REQUEST,
        MHD_OPTION_CONNECTION_LIMIT, 1000u,
        MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
        MHD_OPTION_END);
    if (!s->daemon) {
        ns_server_stop(s);
        return ns_error_set(err, NS_ERR_IO, "cannot serve on %s port %u (in use, or not this "
                            "machine's address?)", o->bind, (unsigned)o->port);
    }
    *out = s;
    return NS_OK;
}

uint16_t ns_server_port(const ns_server *s)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info ? info->port : 0;
}

void ns_server_stop(ns_server *s)
{
    if (!s)
        return;
    if (s->daemon)
        MHD_stop_daemon(s->daemon);
    for (size_t i = 0; i < s->n_idle; i++)
        ns_xdb_close(s->idle[i]);
    free(s->idle);
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->returned);
    free(s->db_path);
    free(s->token);
    free(s);
}
