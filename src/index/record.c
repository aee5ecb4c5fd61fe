#include "index/record.h"

#include <jansson.h>
#include <zstd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/dates.h"
#include "index/schema.h"
#include "ingest/reader.h"
#include "util/hash.h"
#include "util/mem.h"

static json_t *string_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *string_array(const ns_strlist *list)
{
    json_t *array = json_array();
    for (size_t i = 0; i < list->len; i++)
        json_array_append_new(array, json_string(list->items[i]));
    return array;
}

char *ns_record_encode(const ns_article *a)
{
    char date[21];
    ns_format_iso8601(a->date, date);
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(a->id));
    json_object_set_new(o, "url", string_or_null(a->url));
    json_object_set_new(o, "title", json_string(a->title));
    json_object_set_new(o, "body", json_string(a->body));
    json_object_set_new(o, "outlet", string_or_null(a->outlet));
    json_object_set_new(o, "credits", string_array(&a->credits));
    json_object_set_new(o, "people", string_array(&a->people));
    json_object_set_new(o, "people_given", json_integer((json_int_t)a->people_given));
    json_object_set_new(o, "bylines", string_array(&a->bylines));
    json_object_set_new(o, "date", json_string(date));
    json_object_set_new(o, "date_source", string_or_null(ns_date_source_name(a->date_source)));
    json_object_set_new(o, "source", string_or_null(a->source));
    json_object_set_new(o, "format", string_or_null(a->format));
    char *text = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    if (!text) {
        /* jansson fails only for invalid UTF-8 (readers remove it) or
         * memory: both are bugs or fatal here. */
        fputs("newssearch: cannot encode an article record\n", stderr);
        abort();
    }
    return text;
}

static char *get_string(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? ns_xstrdup(json_string_value(v)) : NULL;
}

static void get_strings(json_t *o, const char *key, ns_strlist *out)
{
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(o, key), i, v) {
        if (json_is_string(v))
            ns_strlist_add(out, json_string_value(v));
    }
}

void ns_record_hash(const char *record, const char *file_key, char out[17])
{
    uint64_t seed = ns_hash64(file_key, strlen(file_key), NS_HASH_SEED);
    ns_hash_hex(ns_hash64(record, strlen(record), seed), out);
}

ns_status ns_record_decode(const char *data, size_t len, ns_article *out, ns_error *err)
{
    ns_article_init(out);
    json_error_t error;
    json_t *o = json_loadb(data, len, 0, &error);
    if (!json_is_object(o)) {
        json_decref(o);
        return ns_error_set(err, NS_ERR_DB_CORRUPT, "a stored article is not a record: %s",
                            error.text);
    }
    out->id = get_string(o, "id");
    out->url = get_string(o, "url");
    out->title = get_string(o, "title");
    out->body = get_string(o, "body");
    out->outlet = get_string(o, "outlet");
    out->source = get_string(o, "source");
    get_strings(o, "credits", &out->credits);
    get_strings(o, "people", &out->people);
    json_t *given = json_object_get(o, "people_given");
    if (json_is_integer(given) && json_integer_value(given) >= 0 &&
        (size_t)json_integer_value(given) <= out->people.len)
        out->people_given = (size_t)json_integer_value(given);
    get_strings(o, "bylines", &out->bylines);
    json_t *date = json_object_get(o, "date");
    if (json_is_string(date))
        ns_parse_iso8601(json_string_value(date), &out->date);
    const char *source = json_string_value(json_object_get(o, "date_source"));
    for (int s = NS_DATE_METADATA; source && s <= NS_DATE_FILE_TIME; s++)
        if (strcmp(source, ns_date_source_name((ns_date_source)s)) == 0)
            out->date_source = (ns_date_source)s;
    const ns_reader *reader = ns_reader_by_name(json_string_value(json_object_get(o, "format")));
    out->format = reader ? reader->name : NULL;
    json_decref(o);
    if (!out->id || !out->title || !out->body) {
        ns_article_clear(out);
        return ns_error_set(err, NS_ERR_DB_CORRUPT, "a stored article lacks its id, title or body");
    }
    return NS_OK;
}

/* Level 1: the fastest, and within a few per cent of deflate's size on
 * news text. */
#define PACK_LEVEL 1

struct ns_record_packer {
    ZSTD_CCtx *cctx;
};

ns_record_packer *ns_record_packer_new(void)
{
    ns_record_packer *p = ns_xcalloc(1, sizeof *p);
    p->cctx = ZSTD_createCCtx();
    if (!p->cctx) {
        fputs("newssearch: out of memory\n", stderr);
        abort();
    }
    return p;
}

void ns_record_packer_free(ns_record_packer *p)
{
    if (!p)
        return;
    ZSTD_freeCCtx(p->cctx);
    free(p);
}

void ns_record_pack(ns_record_packer *p, const char *record, ns_buf *out)
{
    size_t len = strlen(record);
    size_t cap = ZSTD_compressBound(len);
    ns_buf_reset(out);
    out->data = ns_xgrow(out->data, &out->cap, cap + 1, 1);
    size_t n = ZSTD_compressCCtx(p->cctx, out->data, cap, record, len, PACK_LEVEL);
    if (ZSTD_isError(n)) {
        /* Only a bug can get here: the bound is zstd's own. */
        fprintf(stderr, "newssearch: cannot compress a record: %s\n", ZSTD_getErrorName(n));
        abort();
    }
    out->len = n;
    out->data[n] = '\0';
}

ns_status ns_record_unpack(const char *packed, size_t len, ns_article *out, ns_error *err)
{
    ns_article_init(out);
    unsigned long long size = ZSTD_getFrameContentSize(packed, len);
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > (1ull << 31))
        return ns_error_set(err, NS_ERR_DB_CORRUPT, "a stored article is not a packed record");
    char *text = ns_xmalloc((size_t)size + 1);
    size_t n = ZSTD_decompress(text, (size_t)size, packed, len);
    ns_status st;
    if (ZSTD_isError(n) || n != size)
        st = ns_error_set(err, NS_ERR_DB_CORRUPT, "a stored article cannot be unpacked: %s",
                          ZSTD_isError(n) ? ZSTD_getErrorName(n) : "short");
    else
        st = ns_record_decode(text, n, out, err);
    free(text);
    return st;
}

ns_status ns_record_load(ns_xdb *db, ns_docid docid, ns_article *out, ns_error *err)
{
    char *packed = NULL;
    size_t len = 0;
    ns_article_init(out);
    ns_status st = ns_xdb_get_value(db, docid, NS_SLOT_RECORD, &packed, &len, err);
    if (st == NS_OK)
        st = ns_record_unpack(packed, len, out, err);
    free(packed);
    return st;
}
