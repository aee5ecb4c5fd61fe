/* JSON and JSON Lines: one article per object.
 *
 * A .json file holds one object or an array of objects; a .jsonl file (or a
 * .json file that is not one document) one object a line.  Field names
 * follow the common scrapers (news-please among them):
 *   id; url; title; body | text | maintext; outlet | source |
 *   source_domain; date | date_publish | published; credit; people;
 *   authors (bylines).
 * A malformed line or a field of the wrong type is reported with its line
 * and skipped; the other lines are read.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/credit.h"
#include "extract/dates.h"
#include "ingest/reader.h"
#include "util/mem.h"

static ns_sniff json_sniff(const char *path, const char *head, size_t len)
{
    size_t i = 0;
    while (i < len && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
        i++;
    bool looks = i < len && (head[i] == '{' || head[i] == '[');
    if (looks && (ns_path_has_suffix(path, ".json") || ns_path_has_suffix(path, ".jsonl") ||
                  ns_path_has_suffix(path, ".ndjson")))
        return NS_SNIFF_BY_CONTENT;
    /* A .txt or nameless file that is a JSON object is still JSON. */
    if (looks && i + 1 < len && head[i] == '{' && head[i + 1] == '"')
        return NS_SNIFF_BY_CONTENT;
    if (ns_path_has_suffix(path, ".json") || ns_path_has_suffix(path, ".jsonl") ||
        ns_path_has_suffix(path, ".ndjson"))
        return NS_SNIFF_BY_NAME;
    return NS_SNIFF_NO;
}

typedef struct json_reading {
    const ns_read_context *ctx;
    size_t line;        /* of the object being read, for messages */
    size_t item;        /* its place in a top-level array (from 1), or 0 */
} json_reading;

static void report(const json_reading *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void report(const json_reading *r, const char *fmt, ...)
{
    if (!r->ctx->warn)
        return;
    char message[512];
    int n = r->item ? snprintf(message, sizeof message, "item %zu of the array: ", r->item) : 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message + n, sizeof message - (size_t)n, fmt, ap);
    va_end(ap);
    r->ctx->warn(r->ctx->warn_ctx, r->ctx->path, r->line, message);
}

/* The first of the named fields that the object has, as a string.  A field
 * of another type is reported and passed over. */
static const char *string_field(const json_reading *r, json_t *object, const char *const *names)
{
    for (; *names; names++) {
        json_t *value = json_object_get(object, *names);
        if (!value || json_is_null(value))
            continue;
        if (json_is_string(value))
            return json_string_value(value);
        if (json_is_integer(value) && strcmp(*names, "id") == 0)
            continue;   /* numeric ids are handled by the caller */
        report(r, "field \"%s\" should be a string: ignored", *names);
    }
    return NULL;
}

/* Strings from a field that holds a string or an array of strings (or of
 * objects with a "name", as news-please writes authors). */
static void string_list_field(const json_reading *r, json_t *object, const char *name,
                              ns_strlist *out)
{
    json_t *value = json_object_get(object, name);
    if (!value || json_is_null(value))
        return;
    if (json_is_string(value)) {
        ns_strlist_add_unique(out, json_string_value(value));
        return;
    }
    if (!json_is_array(value)) {
        report(r, "field \"%s\" should be a list of strings: ignored", name);
        return;
    }
    size_t i;
    json_t *item;
    json_array_foreach(value, i, item) {
        if (json_is_object(item))
            item = json_object_get(item, "name");
        if (json_is_string(item) && json_string_length(item) > 0)
            ns_strlist_add_unique(out, json_string_value(item));
        else
            report(r, "field \"%s\" item %zu is not a string: ignored", name, i + 1);
    }
}

static const char *const id_fields[] = { "id", NULL };
static const char *const url_fields[] = { "url", "link", NULL };
static const char *const title_fields[] = { "title", "headline", NULL };
static const char *const body_fields[] = { "body", "text", "maintext", "content", NULL };
static const char *const outlet_fields[] = { "outlet", "source", "source_domain", NULL };
static const char *const date_fields[] = { "date", "date_publish", "published", NULL };
static const char *const credit_fields[] = { "credit", NULL };

static void read_object(const json_reading *r, json_t *object, ns_article_list *out)
{
    if (!json_is_object(object)) {
        report(r, "not a JSON object: skipped");
        return;
    }
    const char *title = string_field(r, object, title_fields);
    const char *body = string_field(r, object, body_fields);
    if ((!title || !*title) && (!body || !*body)) {
        report(r, "an article with neither title nor body: skipped");
        return;
    }
    ns_article *a = ns_article_list_add(out);
    const char *id = string_field(r, object, id_fields);
    json_t *numeric_id = json_object_get(object, "id");
    if (id && *id)
        a->id = ns_xstrdup(id);
    else if (json_is_integer(numeric_id))
        a->id = ns_xasprintf("%" JSON_INTEGER_FORMAT, json_integer_value(numeric_id));
    const char *url = string_field(r, object, url_fields);
    if (url && *url)
        a->url = ns_xstrdup(url);
    a->title = ns_trimmed_copy(title ? title : "", title ? strlen(title) : 0);
    a->body = ns_trimmed_copy(body ? body : "", body ? strlen(body) : 0);
    const char *outlet = string_field(r, object, outlet_fields);
    if (outlet && *outlet)
        a->outlet = ns_trimmed_copy(outlet, strlen(outlet));
    const char *date = string_field(r, object, date_fields);
    if (date && *date) {
        if (ns_parse_iso8601(date, &a->date))
            a->date_source = NS_DATE_METADATA;
        else
            report(r, "date \"%.40s\" is not an ISO 8601 date in years %d-%d: ignored", date,
                   NS_YEAR_MIN, NS_YEAR_MAX);
    }
    const char *credit = string_field(r, object, credit_fields);
    if (credit && *credit && !ns_credit_parse_line(credit, strlen(credit), &a->credits))
        ns_strlist_add(&a->credits, credit);
    string_list_field(r, object, "people", &a->people);
    string_list_field(r, object, "authors", &a->bylines);
}

static void read_lines(const ns_read_context *ctx, const char *text, size_t len,
                       ns_article_list *out)
{
    json_reading r = { ctx, 0, 0 };
    const char *p = text, *end = text + len;
    while (p < end) {
        r.line++;
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *e = eol ? eol : end;
        const char *s = p;
        while (s < e && (*s == ' ' || *s == '\t' || *s == '\r'))
            s++;
        if (s < e) {
            json_error_t error;
            json_t *object = json_loadb(s, (size_t)(e - s), JSON_REJECT_DUPLICATES, &error);
            if (object)
                read_object(&r, object, out);
            else
                report(&r, "malformed JSON: %s", error.text);
            json_decref(object);
        }
        p = eol ? eol + 1 : end;
    }
}

static ns_status json_read(const ns_read_context *ctx, const char *text, size_t len,
                           ns_article_list *out, ns_error *err)
{
    size_t first = out->len;
    json_error_t error;
    memset(&error, 0, sizeof error);
    json_t *doc = ns_path_has_suffix(ctx->path, ".jsonl") ||
                          ns_path_has_suffix(ctx->path, ".ndjson")
                      ? NULL
                      : json_loadb(text, len, JSON_REJECT_DUPLICATES, &error);
    if (doc) {
        json_reading r = { ctx, 0, 0 };
        if (json_is_array(doc)) {
            size_t i;
            json_t *item;
            /* jansson keeps no positions: messages name the array item. */
            json_array_foreach(doc, i, item) {
                r.item = i + 1;
                read_object(&r, item, out);
            }
        } else {
            read_object(&r, doc, out);
        }
        json_decref(doc);
    } else if (memchr(text, '\n', len) && (ns_path_has_suffix(ctx->path, ".jsonl") ||
                                              ns_path_has_suffix(ctx->path, ".ndjson") ||
                                              error.line > 1)) {
        read_lines(ctx, text, len, out);
    } else {
        return ns_error_set(err, NS_ERR_INPUT, "%s:%zu: malformed JSON: %s", ctx->path,
                            error.line > 0 ? (size_t)error.line : 1, error.text);
    }
    if (out->len == first)
        return ns_error_set(err, NS_ERR_INPUT, "%s: no articles in it", ctx->path);
    return NS_OK;
}

const ns_reader ns_reader_json = { "json", json_sniff, json_read, 0 };
