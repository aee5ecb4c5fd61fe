/* Web archives: WARC 1.0 and 1.1 (ISO 28500), plain (.warc) or gzip
 * compressed a member a record (.warc.gz), as wget --warc-file and the web
 * archiving tools write them.  Chosen by content ("WARC/1." at the start,
 * also inside gzip), else by name.
 *
 * Each `response` record of an HTML page with status 200 (and each
 * `resource` record of one) is an article, read by the HTML reader
 * (src/ingest/html.h): its url is the record's WARC-Target-URI, and its
 * date, when the page has none, the record's WARC-Date (a crawl time).
 * Chunked transfer coding and gzip or deflate content coding are undone.
 * The other records (warcinfo, request, metadata, revisit, images,
 * redirects, errors) are not articles and pass without a word.
 *
 * Bad input: a corrupt gzip member, a record with broken headers or cut
 * short, and a page with no text are reported with the record's number
 * (or the member's byte offset) and skipped; the records before and after
 * are read.  The file is decompressed a member at a time, so memory stays
 * near the size of the largest record.
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zlib.h>

#include "extract/dates.h"
#include "ingest/html.h"
#include "ingest/reader.h"
#include "util/buf.h"
#include "util/mem.h"

/* Headers longer than this are not a WARC record's. */
#define HEADER_MAX (64u << 10)
/* Records larger than this are passed over without being held in memory
 * (a page is at most NS_HTML_MAX_BYTES anyway). */
#define RECORD_MAX (256u << 20)
/* Decompressed bytes held before the complete records are read. */
#define PENDING_READ (4u << 20)

static const unsigned char gzip_magic[3] = { 0x1f, 0x8b, 0x08 };

/* ---- sniffing ---- */

static bool starts_warc(const char *p, size_t len)
{
    return len >= 7 && memcmp(p, "WARC/", 5) == 0 && isdigit((unsigned char)p[5]) && p[6] == '.';
}

static bool is_gzip(const char *p, size_t len)
{
    return len >= 3 && memcmp(p, gzip_magic, 3) == 0;
}

/* The first bytes of a gzip stream, decompressed, into out. */
static size_t gunzip_head(const char *data, size_t len, char *out, size_t cap)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
        return 0;
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)(len < (1u << 20) ? len : (1u << 20));
    z.next_out = (Bytef *)out;
    z.avail_out = (uInt)cap;
    inflate(&z, Z_SYNC_FLUSH);
    size_t n = cap - z.avail_out;
    inflateEnd(&z);
    return n;
}

static ns_sniff warc_sniff(const char *path, const char *head, size_t len)
{
    if (starts_warc(head, len))
        return NS_SNIFF_BY_CONTENT;
    if (is_gzip(head, len)) {
        char start[8];
        if (starts_warc(start, gunzip_head(head, len, start, sizeof start)))
            return NS_SNIFF_BY_CONTENT;
    }
    if (ns_path_has_suffix(path, ".warc") || ns_path_has_suffix(path, ".warc.gz"))
        return NS_SNIFF_BY_NAME;
    return NS_SNIFF_NO;
}

/* ---- records ---- */

typedef struct warc {
    const ns_read_context *ctx;
    ns_article_list *out;
    size_t records;        /* records met so far, for messages */
    size_t bad;            /* records and members skipped */
    bool gzip;             /* offsets below are of members, not bytes */
    size_t member_at;      /* the gzip member being read */
    size_t skip;           /* bytes still to pass over of a huge record */
    bool in_garbage;       /* reported bytes that are not records */
    z_stream z;            /* for content coding inside records */
    bool z_ready;
} warc;

typedef struct header {
    const char *value;
    size_t len;
} header;

/* The value of header `name` in a block of header lines [p, end). */
static header find_header(const char *p, const char *end, const char *name)
{
    size_t n = strlen(name);
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *e = eol ? eol : end;
        if ((size_t)(e - p) > n && p[n] == ':' && strncasecmp(p, name, n) == 0) {
            const char *v = p + n + 1;
            while (v < e && (*v == ' ' || *v == '\t'))
                v++;
            const char *ve = e;
            while (ve > v && isspace((unsigned char)ve[-1]))
                ve--;
            return (header){ v, (size_t)(ve - v) };
        }
        p = eol ? eol + 1 : end;
    }
    return (header){ NULL, 0 };
}

static char *header_copy(header h)
{
    return h.value ? ns_xstrndup(h.value, h.len) : NULL;
}

static bool header_is(header h, const char *value)
{
    return h.value && h.len == strlen(value) && strncasecmp(h.value, value, h.len) == 0;
}

static bool header_starts(header h, const char *value)
{
    size_t n = strlen(value);
    return h.value && h.len >= n && strncasecmp(h.value, value, n) == 0;
}

/* The end of a header block that starts at p: just past the blank line,
 * or NULL when there is none within limit. */
static const char *headers_end(const char *p, size_t len, size_t limit)
{
    size_t n = len < limit ? len : limit;
    for (size_t i = 0; i + 1 < n; i++) {
        if (p[i] != '\n')
            continue;
        if (p[i + 1] == '\n')
            return p + i + 2;
        if (i + 2 < n && p[i + 1] == '\r' && p[i + 2] == '\n')
            return p + i + 3;
    }
    return NULL;
}

/* A decimal length; false when it is not one. */
static bool parse_length(header h, size_t *out)
{
    if (!h.value || h.len == 0 || h.len > 15)
        return false;
    size_t v = 0;
    for (size_t i = 0; i < h.len; i++) {
        if (!isdigit((unsigned char)h.value[i]))
            return false;
        v = v * 10 + (size_t)(h.value[i] - '0');
    }
    *out = v;
    return true;
}

/* "charset=..." in a Content-Type, as a new string, or NULL. */
static char *charset_of(header content_type)
{
    if (!content_type.value)
        return NULL;
    const char *end = content_type.value + content_type.len;
    for (const char *p = content_type.value; p + 8 <= end; p++) {
        if (strncasecmp(p, "charset=", 8) != 0)
            continue;
        const char *v = p + 8;
        if (v < end && (*v == '"' || *v == '\''))
            v++;
        const char *e = v;
        while (e < end && (isalnum((unsigned char)*e) || *e == '-' || *e == '_' || *e == '.' ||
                           *e == ':'))
            e++;
        return e > v ? ns_xstrndup(v, (size_t)(e - v)) : NULL;
    }
    return NULL;
}

/* Undo chunked transfer coding into out; false when the chunks are
 * broken (what came before the break is kept). */
static bool dechunk(const char *p, size_t len, ns_buf *out)
{
    const char *end = p + len;
    while (p < end) {
        size_t size = 0;
        const char *q = p;
        int digits = 0;
        while (q < end && isxdigit((unsigned char)*q) && digits < 15) {
            size = size * 16 + (size_t)(isdigit((unsigned char)*q) ? *q - '0'
                                                                  : tolower((unsigned char)*q) - 'a' + 10);
            q++;
            digits++;
        }
        if (digits == 0)
            return false;
        const char *eol = memchr(q, '\n', (size_t)(end - q));   /* past extensions */
        if (!eol)
            return false;
        p = eol + 1;
        if (size == 0)
            return true;
        if (size > (size_t)(end - p))
            return false;
        ns_buf_append(out, p, size);
        p += size;
        if (p < end && *p == '\r')
            p++;
        if (p < end && *p == '\n')
            p++;
    }
    return false;
}

/* Undo gzip or deflate content coding into out. */
static bool decode_content(warc *w, const char *p, size_t len, ns_buf *out)
{
    if (!w->z_ready) {
        memset(&w->z, 0, sizeof w->z);
        /* 32 + MAX_WBITS: gzip or zlib, by the header. */
        if (inflateInit2(&w->z, 32 + MAX_WBITS) != Z_OK)
            return false;
        w->z_ready = true;
    } else {
        inflateReset(&w->z);
    }
    w->z.next_in = (Bytef *)p;
    w->z.avail_in = (uInt)len;
    char chunk[65536];
    for (;;) {
        w->z.next_out = (Bytef *)chunk;
        w->z.avail_out = sizeof chunk;
        int rc = inflate(&w->z, Z_NO_FLUSH);
        ns_buf_append(out, chunk, sizeof chunk - w->z.avail_out);
        if (rc == Z_STREAM_END)
            return true;
        if (rc != Z_OK || out->len > NS_HTML_MAX_BYTES)
            return false;
        if (w->z.avail_in == 0 && w->z.avail_out != 0)
            return false;   /* cut short */
    }
}

static void record_warn(warc *w, const char *label, const char *message)
{
    ns_read_warn(w->ctx, 0, "%s: %s", label, message);
}

/* An HTML page from a record: a response's HTTP message, or a resource. */
static void read_page(warc *w, const char *label, const char *uri, int64_t warc_date,
                      bool has_date, bool http, const char *block, size_t len,
                      header resource_type)
{
    const char *payload = block;
    size_t payload_len = len;
    header content_type = resource_type;
    ns_buf decoded = NS_BUF_INIT, dechunked = NS_BUF_INIT;
    char *charset = NULL;
    if (http) {
        if (len < 12 || strncmp(block, "HTTP/", 5) != 0)
            return;   /* not an HTTP response: not a page */
        const char *sp = memchr(block, ' ', len < 16 ? len : 16);
        if (!sp || sp + 4 > block + len || strncmp(sp + 1, "200", 3) != 0)
            return;   /* a redirect or an error page */
        const char *body = headers_end(block, len, HEADER_MAX);
        if (!body) {
            record_warn(w, label, "HTTP headers without an end: skipped");
            w->bad++;
            return;
        }
        const char *hend = body;
        content_type = find_header(block, hend, "Content-Type");
        header transfer = find_header(block, hend, "Transfer-Encoding");
        header coding = find_header(block, hend, "Content-Encoding");
        payload = body;
        payload_len = (size_t)(block + len - body);
        if (content_type.value && !header_starts(content_type, "text/html") &&
            !header_starts(content_type, "application/xhtml+xml"))
            return;   /* an image, a script, a style sheet */
        if (header_starts(transfer, "chunked")) {
            if (!dechunk(payload, payload_len, &dechunked))
                record_warn(w, label, "broken chunked transfer coding: read what is there");
            payload = dechunked.data ? dechunked.data : "";
            payload_len = dechunked.len;
        }
        if (coding.value && !header_is(coding, "identity")) {
            if (!header_is(coding, "gzip") && !header_is(coding, "x-gzip") &&
                !header_is(coding, "deflate")) {
                char message[160];
                snprintf(message, sizeof message,
                         "a page in content coding \"%.*s\", which newssearch cannot undo: skipped",
                         (int)(coding.len < 40 ? coding.len : 40), coding.value);
                record_warn(w, label, message);
                w->bad++;
                ns_buf_free(&dechunked);
                return;
            }
            if (!decode_content(w, payload, payload_len, &decoded)) {
                record_warn(w, label, "a compressed page that does not decompress: skipped");
                w->bad++;
                ns_buf_free(&dechunked);
                ns_buf_free(&decoded);
                return;
            }
            payload = decoded.data ? decoded.data : "";
            payload_len = decoded.len;
        }
    } else if (!header_starts(content_type, "text/html") &&
               !header_starts(content_type, "application/xhtml+xml")) {
        return;
    }
    charset = charset_of(content_type);

    char *where = ns_xasprintf("%s: %s", w->ctx->path, label);
    ns_html_page page = {
        .ctx = w->ctx,
        .where = where,
        .record = label,
        .url = uri,
        .charset = charset,
        .reference_time = has_date ? warc_date : w->ctx->reference_time,
    };
    ns_article *a = ns_article_list_add(w->out);
    ns_error err;
    ns_error_clear(&err);
    if (ns_html_read_page(&page, payload, payload_len, a, &err) != NS_OK) {
        /* The message starts with the path, which the warning adds. */
        size_t plen = strlen(w->ctx->path);
        const char *m = strncmp(err.message, w->ctx->path, plen) == 0 && err.message[plen] == ':'
                            ? err.message + plen + 2
                            : err.message;
        ns_read_warn(w->ctx, 0, "%s: skipped", m);
        ns_article_clear(a);
        w->out->len--;
        w->bad++;
    } else if (a->date_source == NS_DATE_NONE && has_date) {
        a->date = warc_date;
        a->date_source = NS_DATE_CRAWL;
    }
    free(where);
    free(charset);
    ns_buf_free(&decoded);
    ns_buf_free(&dechunked);
}

typedef enum record_result {
    RECORD_READ,        /* *used bytes were one record (read or passed) */
    RECORD_INCOMPLETE,  /* more bytes are needed */
    RECORD_BAD          /* not a record here: *used bytes to skip */
} record_result;

/* The next occurrence of "WARC/" at a line start after p, as an offset. */
static size_t next_record_start(const char *p, size_t len)
{
    for (size_t i = 1; i + 7 <= len; i++)
        if (p[i - 1] == '\n' && starts_warc(p + i, len - i))
            return i;
    return len;
}

/* Read one record at p.  `final`: no more bytes will come. */
static record_result read_record(warc *w, const char *p, size_t len, bool final, size_t *used,
                                 size_t offset)
{
    size_t skip = 0;
    while (skip < len && (p[skip] == '\r' || p[skip] == '\n'))
        skip++;
    p += skip;
    len -= skip;
    if (len == 0) {
        *used = skip;
        return final ? RECORD_READ : RECORD_INCOMPLETE;
    }
    if (len < 8 && !final)
        return RECORD_INCOMPLETE;
    char message[200];
    if (!starts_warc(p, len)) {
        size_t next = next_record_start(p, len);
        /* Keep a few bytes that may start the next record. */
        if (next == len && !final)
            next = len > 8 ? len - 8 : 0;
        if (next == 0)
            return RECORD_INCOMPLETE;
        if (!w->in_garbage) {
            if (w->gzip)
                snprintf(message, sizeof message,
                         "bytes that are not a WARC record in the gzip member at byte %zu: "
                         "skipped to the next record",
                         w->member_at);
            else
                snprintf(message, sizeof message,
                         "bytes that are not a WARC record at byte %zu: skipped to the next "
                         "record",
                         offset + skip);
            ns_read_warn(w->ctx, 0, "%s", message);
            w->bad++;
        }
        w->in_garbage = true;
        *used = skip + next;
        return RECORD_BAD;
    }
    w->in_garbage = false;
    const char *block = headers_end(p, len, HEADER_MAX);
    if (!block) {
        if (!final && len < HEADER_MAX)
            return RECORD_INCOMPLETE;
        w->records++;
        size_t next = next_record_start(p, len);
        snprintf(message, sizeof message, "record %zu: headers without an end: skipped",
                 w->records);
        ns_read_warn(w->ctx, 0, "%s", message);
        w->bad++;
        *used = skip + next;
        return RECORD_BAD;
    }
    size_t block_len;
    header length = find_header(p, block, "Content-Length");
    if (!parse_length(length, &block_len)) {
        w->records++;
        size_t next = next_record_start(p, len);
        if (next == len && !final)
            return RECORD_INCOMPLETE;
        snprintf(message, sizeof message,
                 "record %zu: no Content-Length that is a number: skipped", w->records);
        ns_read_warn(w->ctx, 0, "%s", message);
        w->bad++;
        *used = skip + next;
        return RECORD_BAD;
    }
    size_t have = (size_t)(p + len - block);
    if (block_len > RECORD_MAX && !final && block_len > have) {
        w->records++;
        snprintf(message, sizeof message,
                 "record %zu is larger than %u MiB: passed over", w->records, RECORD_MAX >> 20);
        ns_read_warn(w->ctx, 0, "%s", message);
        w->skip = block_len - have;
        *used = skip + len;
        return RECORD_BAD;
    }
    if (block_len > have) {
        if (!final)
            return RECORD_INCOMPLETE;
        w->records++;
        snprintf(message, sizeof message,
                 "record %zu is cut short (%zu of its %zu bytes): skipped", w->records, have,
                 block_len);
        ns_read_warn(w->ctx, 0, "%s", message);
        w->bad++;
        *used = skip + len;
        return RECORD_BAD;
    }
    w->records++;
    *used = skip + (size_t)(block - p) + block_len;

    header type = find_header(p, block, "WARC-Type");
    bool response = header_is(type, "response");
    bool resource = header_is(type, "resource");
    if (response || resource) {
        header uri_h = find_header(p, block, "WARC-Target-URI");
        header date_h = find_header(p, block, "WARC-Date");
        header content_type = find_header(p, block, "Content-Type");
        /* WARC 1.0's grammar puts the URI in angle brackets; some tools
         * write them. */
        if (uri_h.len >= 2 && uri_h.value[0] == '<' && uri_h.value[uri_h.len - 1] == '>') {
            uri_h.value++;
            uri_h.len -= 2;
        }
        char *uri = header_copy(uri_h);
        char *date = header_copy(date_h);
        int64_t t = 0;
        bool has_date = date && ns_parse_iso8601(date, &t);
        char *label = uri ? ns_xasprintf("record %zu (%.200s)", w->records, uri)
                          : ns_xasprintf("record %zu", w->records);
        bool http = response && (!content_type.value ||
                                 header_starts(content_type, "application/http"));
        read_page(w, label, uri, t, has_date, http, block, block_len,
                  http ? (header){ NULL, 0 } : content_type);
        free(label);
        free(uri);
        free(date);
    }
    return RECORD_READ;
}

/* Read the records in buf from *pos; keep what is incomplete unless final. */
static void read_records(warc *w, const char *buf, size_t len, size_t *pos, bool final,
                         size_t offset)
{
    while (*pos < len) {
        size_t used = 0;
        record_result r = read_record(w, buf + *pos, len - *pos, final, &used, offset + *pos);
        if (r == RECORD_INCOMPLETE)
            break;
        *pos += used;
        if (used == 0)
            break;
    }
}

/* ---- gzip members ---- */

static size_t next_member(const char *data, size_t len, size_t from)
{
    for (size_t i = from; i + 3 <= len; i++)
        if (memcmp(data + i, gzip_magic, 3) == 0)
            return i;
    return len;
}

static bool only_padding(const char *p, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (p[i] != 0 && !isspace((unsigned char)p[i]))
            return false;
    return true;
}

/* Add decompressed bytes to pending, less those of a record passed over. */
static void take(warc *w, ns_buf *pending, const char *bytes, size_t n)
{
    size_t drop = w->skip < n ? w->skip : n;
    w->skip -= drop;
    ns_buf_append(pending, bytes + drop, n - drop);
}

/* Read the complete records in pending and drop them. */
static void read_pending(warc *w, ns_buf *pending, bool final)
{
    size_t pos = 0;
    read_records(w, pending->data ? pending->data : "", pending->len, &pos, final, 0);
    if (pos > 0) {
        memmove(pending->data, pending->data + pos, pending->len - pos);
        ns_buf_truncate(pending, pending->len - pos);
    }
}

static ns_status read_gzip(warc *w, const char *data, size_t len, ns_error *err)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
        return ns_error_set(err, NS_ERR_INTERNAL, "%s: zlib could not start", w->ctx->path);
    w->gzip = true;
    ns_buf pending = NS_BUF_INIT;   /* decompressed, not yet read */
    char chunk[65536];
    size_t at = 0;
    while (at < len) {
        if (!is_gzip(data + at, len - at)) {
            size_t next = next_member(data, len, at);
            if (!only_padding(data + at, next - at)) {
                ns_read_warn(w->ctx, 0, "%zu bytes at byte %zu are not gzip: skipped", next - at,
                             at);
                w->bad++;
            }
            at = next;
            continue;
        }
        w->member_at = at;
        inflateReset(&z);
        z.next_in = (Bytef *)(data + at);
        z.avail_in = (uInt)(len - at > UINT_MAX ? UINT_MAX : len - at);
        int rc;
        do {
            z.next_out = (Bytef *)chunk;
            z.avail_out = sizeof chunk;
            rc = inflate(&z, Z_NO_FLUSH);
            take(w, &pending, chunk, sizeof chunk - z.avail_out);
            if (pending.len > PENDING_READ)
                read_pending(w, &pending, false);
        } while (rc == Z_OK && !(z.avail_in == 0 && z.avail_out != 0));
        if (rc == Z_STREAM_END) {
            at += (size_t)((const char *)z.next_in - (data + at));
        } else if (rc == Z_OK || rc == Z_BUF_ERROR) {
            /* The file ends inside the member: read what came out. */
            ns_read_warn(w->ctx, 0, "the gzip member at byte %zu is cut short", at);
            at = len;
        } else {
            ns_read_warn(w->ctx, 0,
                         "the gzip member at byte %zu is corrupt (%s): skipped with the "
                         "record in it",
                         at, z.msg ? z.msg : "zlib error");
            w->bad++;
            /* What is pending is the broken record's start. */
            ns_buf_truncate(&pending, 0);
            w->skip = 0;
            at = next_member(data, len, at + 1);
        }
        read_pending(w, &pending, false);
    }
    read_pending(w, &pending, true);
    inflateEnd(&z);
    ns_buf_free(&pending);
    return NS_OK;
}

static ns_status warc_read(const ns_read_context *ctx, const char *data, size_t len,
                           ns_article_list *out, ns_error *err)
{
    warc w = { .ctx = ctx, .out = out };
    size_t first = out->len;
    ns_status st = NS_OK;
    if (is_gzip(data, len)) {
        st = read_gzip(&w, data, len, err);
    } else if (starts_warc(data, len)) {
        size_t pos = 0;
        read_records(&w, data, len, &pos, true, 0);
    } else {
        st = ns_error_set(err, NS_ERR_INPUT, "%s: not a WARC file (it starts with neither "
                          "\"WARC/\" nor gzip)", ctx->path);
    }
    if (w.z_ready)
        inflateEnd(&w.z);
    if (st != NS_OK)
        return st;
    if (out->len == first)
        return ns_error_set(err, NS_ERR_INPUT, "%s: no HTML pages in its %zu record%s%s",
                            ctx->path, w.records, w.records == 1 ? "" : "s",
                            w.bad ? " that could be read" : "");
    return NS_OK;
}

const ns_reader ns_reader_warc = { "warc", warc_sniff, warc_read, NS_READER_BINARY };
