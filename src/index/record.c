#include "index/record.h"

#include <zstd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/dates.h"
#include "index/schema.h"
#include "ingest/reader.h"
#include "util/hash.h"
#include "util/mem.h"

/* The record's bytes: a magic, then the fields in a fixed order.  A
 * string is its length plus one (0 for a missing one) as a varint, then
 * its bytes; a list is its count, then its strings; numbers are varints
 * (the date zigzag-encoded, since it may be before 1970). */
#define RECORD_MAGIC "NSR\x01"
#define RECORD_MAGIC_LEN 4

static void put_varint(ns_buf *out, uint64_t v)
{
    char bytes[10];
    size_t n = 0;
    do {
        unsigned char b = v & 0x7f;
        v >>= 7;
        bytes[n++] = (char)(b | (v ? 0x80 : 0));
    } while (v);
    ns_buf_append(out, bytes, n);
}

static void put_string(ns_buf *out, const char *s)
{
    if (!s) {
        put_varint(out, 0);
        return;
    }
    size_t len = strlen(s);
    put_varint(out, (uint64_t)len + 1);
    ns_buf_append(out, s, len);
}

static void put_list(ns_buf *out, const ns_strlist *list)
{
    put_varint(out, list->len);
    for (size_t i = 0; i < list->len; i++)
        put_string(out, list->items[i]);
}

void ns_record_encode(const ns_article *a, ns_buf *out)
{
    ns_buf_reset(out);
    ns_buf_append(out, RECORD_MAGIC, RECORD_MAGIC_LEN);
    put_string(out, a->id);
    put_string(out, a->url);
    put_string(out, a->title);
    put_string(out, a->body);
    put_string(out, a->outlet);
    put_list(out, &a->credits);
    put_list(out, &a->people);
    put_varint(out, a->people_given);
    put_list(out, &a->bylines);
    put_varint(out, ((uint64_t)a->date << 1) ^ (uint64_t)(a->date >> 63));
    put_varint(out, (uint64_t)a->date_source);
    put_string(out, a->source);
    put_string(out, a->format);
}

typedef struct reading {
    const unsigned char *p, *end;
    bool bad;
} reading;

static uint64_t get_varint(reading *r)
{
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (r->p >= r->end) {
            r->bad = true;
            return 0;
        }
        unsigned char b = *r->p++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return v;
    }
    r->bad = true;
    return 0;
}

static char *get_string(reading *r)
{
    uint64_t n = get_varint(r);
    if (n == 0 || r->bad)
        return NULL;
    if (n - 1 > (uint64_t)(r->end - r->p)) {
        r->bad = true;
        return NULL;
    }
    char *s = ns_xstrndup((const char *)r->p, (size_t)(n - 1));
    r->p += n - 1;
    return s;
}

static void get_list(reading *r, ns_strlist *out)
{
    uint64_t count = get_varint(r);
    for (uint64_t i = 0; i < count && !r->bad; i++) {
        char *s = get_string(r);
        if (s)
            ns_strlist_add(out, s);
        else
            r->bad = true;
        free(s);
    }
}

ns_status ns_record_decode(const char *data, size_t len, ns_article *out, ns_error *err)
{
    ns_article_init(out);
    if (len < RECORD_MAGIC_LEN || memcmp(data, RECORD_MAGIC, RECORD_MAGIC_LEN) != 0)
        return ns_error_set(err, NS_ERR_DB_CORRUPT, "a stored article is not a record");
    reading r = { (const unsigned char *)data + RECORD_MAGIC_LEN,
                  (const unsigned char *)data + len, false };
    out->id = get_string(&r);
    out->url = get_string(&r);
    out->title = get_string(&r);
    out->body = get_string(&r);
    out->outlet = get_string(&r);
    get_list(&r, &out->credits);
    get_list(&r, &out->people);
    uint64_t given = get_varint(&r);
    out->people_given = given <= out->people.len ? (size_t)given : 0;
    get_list(&r, &out->bylines);
    uint64_t date = get_varint(&r);
    out->date = (int64_t)(date >> 1) ^ -(int64_t)(date & 1);
    uint64_t source = get_varint(&r);
    out->date_source = source <= NS_DATE_FILE_TIME ? (ns_date_source)source : NS_DATE_NONE;
    out->source = get_string(&r);
    char *format = get_string(&r);
    const ns_reader *reader = ns_reader_by_name(format);
    out->format = reader ? reader->name : NULL;
    free(format);
    if (r.bad || r.p != r.end || !out->id || !out->title || !out->body) {
        ns_article_clear(out);
        return ns_error_set(err, NS_ERR_DB_CORRUPT, "a stored article is damaged");
    }
    return NS_OK;
}

void ns_record_hash(const char *record, size_t len, const char *file_key, char out[17])
{
    uint64_t seed = ns_hash64(file_key, strlen(file_key), NS_HASH_SEED);
    ns_hash_hex(ns_hash64(record, len, seed), out);
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

void ns_record_pack(ns_record_packer *p, const char *record, size_t len, ns_buf *out)
{
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
