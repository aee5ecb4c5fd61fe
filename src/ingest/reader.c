#include "ingest/reader.h"

#include <ctype.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/credit.h"
#include "extract/dates.h"
#include "extract/outlet.h"
#include "text/normalize.h"
#include "util/buf.h"
#include "util/hash.h"
#include "util/mem.h"

/* Longest id kept as given; longer ones are hashed (index terms are
 * limited to a few hundred bytes). */
#define ID_MAX_BYTES 160

static const ns_reader *const readers[] = {
    &ns_reader_page,
    &ns_reader_json,
    &ns_reader_plain,
    &ns_reader_html,
    &ns_reader_feed,
    &ns_reader_warc,
};

const ns_reader *ns_reader_choose(const char *path, const char *head, size_t len)
{
    const ns_reader *best = NULL;
    ns_sniff best_score = NS_SNIFF_NO;
    for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++) {
        ns_sniff score = readers[i]->sniff(path, head, len);
        if (score > best_score) {
            best = readers[i];
            best_score = score;
        }
    }
    return best;
}

const ns_reader *ns_reader_by_name(const char *name)
{
    for (size_t i = 0; name && i < sizeof readers / sizeof readers[0]; i++)
        if (strcmp(readers[i]->name, name) == 0)
            return readers[i];
    return NULL;
}

char *ns_trimmed_copy(const char *text, size_t len)
{
    while (len && isspace((unsigned char)*text)) {
        text++;
        len--;
    }
    while (len && isspace((unsigned char)text[len - 1]))
        len--;
    return ns_xstrndup(text, len);
}

bool ns_path_has_suffix(const char *path, const char *suffix)
{
    size_t n = strlen(path), m = strlen(suffix);
    return n >= m && strcasecmp(path + n - m, suffix) == 0;
}

bool ns_article_guess_date(ns_article *article, int64_t reference)
{
    int64_t t;
    if (article->url && ns_date_from_url(article->url, strlen(article->url), &t)) {
        article->date = t;
        article->date_source = NS_DATE_URL;
        return true;
    }
    if (article->body && ns_date_from_dateline(article->body, strlen(article->body), reference, &t)) {
        article->date = t;
        article->date_source = NS_DATE_TEXT;
        return true;
    }
    return false;
}

/* One name of an author field, trimmed, into the article. */
static void add_author(ns_article *article, const char *name, size_t len)
{
    while (len && isspace((unsigned char)*name)) {
        name++;
        len--;
    }
    while (len && isspace((unsigned char)name[len - 1]))
        len--;
    /* "jane@example.com (Jane Doe)", as RSS writes authors */
    const char *open = memchr(name, '(', len);
    if (open && memchr(name, '@', (size_t)(open - name)) && name[len - 1] == ')') {
        len -= (size_t)(open + 1 - name) + 1;
        name = open + 1;
    }
    if (len == 0 || len > 80 || memchr(name, '@', len) || strncasecmp(name, "http", 4) == 0)
        return;
    const char *agency = ns_credit_agency(name, len);
    if (agency) {
        ns_strlist_add_unique(&article->credits, agency);
        return;
    }
    char *copy = ns_xstrndup(name, len);
    ns_strlist_add_unique(&article->bylines, copy);
    free(copy);
}

void ns_article_add_authors(ns_article *article, const char *value)
{
    const char *p = value;
    while (isspace((unsigned char)*p))
        p++;
    if (strncasecmp(p, "by ", 3) == 0)
        p += 3;
    while (*p) {
        /* A part ends at a separator; " and " separates too. */
        size_t n = strcspn(p, ",;|&\n");
        size_t part = n;
        for (size_t i = 0; i + 5 <= n; i++) {
            if (strncasecmp(p + i, " and ", 5) == 0) {
                part = i;
                break;
            }
        }
        add_author(article, p, part);
        p += part < n ? part + 5 : n + (p[n] != '\0');
    }
}

void ns_read_warn(const ns_read_context *ctx, size_t line, const char *fmt, ...)
{
    if (!ctx->warn)
        return;
    char message[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    ctx->warn(ctx->warn_ctx, ctx->path, line, message);
}

/* UTF-16 with a byte-order mark, converted to UTF-8; NULL when the bytes
 * are not that. */
static char *utf16_to_utf8(const char *data, size_t len, size_t *out_len)
{
    const char *encoding;
    if (len >= 2 && (unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE)
        encoding = "UTF-16LE";
    else if (len >= 2 && (unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF)
        encoding = "UTF-16BE";
    else
        return NULL;
    iconv_t cd = iconv_open("UTF-8", encoding);
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = len * 2 + 16;
    char *out = ns_xmalloc(cap);
    char *in = (char *)data + 2;
    size_t in_left = len - 2;
    char *o = out;
    size_t o_left = cap - 1;
    while (in_left > 0) {
        if (iconv(cd, &in, &in_left, &o, &o_left) != (size_t)-1)
            break;
        /* An unpaired surrogate or a truncated last unit: skip two bytes
         * and go on; the sanitiser will not see them. */
        if (in_left < 2)
            break;
        in += 2;
        in_left -= 2;
    }
    iconv_close(cd);
    *o = '\0';
    *out_len = (size_t)(o - out);
    return out;
}

/* Why the bytes are not text, or NULL when they are.  A few stray NUL or
 * invalid bytes in text are replaced later; a head full of them is not
 * text at all. */
static const char *binary_reason(const char *data, size_t len)
{
    size_t n = len < NS_SNIFF_BYTES ? len : NS_SNIFF_BYTES;
    size_t nul = 0, control = 0, invalid = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)data[i];
        if (c == 0)
            nul++;
        else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
            control++;
        if (c < 0x80) {
            i++;
            continue;
        }
        int32_t cp;
        size_t used = ns_utf8_decode(data + i, n - i, &cp);
        /* A sequence cut by the end of the head is not counted. */
        if (cp == NS_REPLACEMENT_CHAR && used == 1 && n - i >= 4)
            invalid++;
        i += used;
    }
    if (nul * 100 > n)
        return "binary file (it contains NUL bytes)";
    if ((nul + control) * 10 > n)
        return "binary file (it is mostly control characters)";
    if (invalid * 10 > n)
        return "binary file (or not UTF-8 text: most of it is invalid UTF-8)";
    return NULL;
}

static bool only_space(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!isspace((unsigned char)s[i]))
            return false;
    return true;
}

/* A title longer than NS_TITLE_MAX_BYTES (a whole file on one line, a
 * scraper's mistake) keeps its first words as the title; the rest goes to
 * the start of the body, so that no text is lost. */
static void cut_long_title(const ns_read_context *ctx, ns_article *article, size_t number,
                           bool several)
{
    size_t len = strlen(article->title);
    if (len <= NS_TITLE_MAX_BYTES)
        return;
    size_t cut = NS_TITLE_MAX_BYTES;
    while (cut > 0 && ((unsigned char)article->title[cut] & 0xC0) == 0x80)
        cut--;   /* not inside a character */
    size_t space = cut;
    while (space > NS_TITLE_MAX_BYTES / 2 && !isspace((unsigned char)article->title[space]))
        space--;
    if (space > NS_TITLE_MAX_BYTES / 2)
        cut = space;   /* between words */
    char *body = ns_xasprintf("%s%s%s", article->title + cut, *article->body ? "\n" : "",
                              article->body);
    char *title = ns_trimmed_copy(article->title, cut);
    char *trimmed_body = ns_trimmed_copy(body, strlen(body));
    free(body);
    free(article->title);
    free(article->body);
    article->title = title;
    article->body = trimmed_body;
    char which[48] = "";
    if (several)
        snprintf(which, sizeof which, "article %zu: ", number);
    ns_read_warn(ctx, 0,
                 "%sa title of %zu bytes: its first %zu kept as the title, the rest put in "
                 "the body", which, len, strlen(title));
}

/* Control characters are no text: a terminal would obey them (an escape
 * sequence in a scraped title).  Each becomes a space (a C1 control, two
 * bytes in UTF-8, two spaces), and the field is trimmed again; a body keeps
 * its line breaks and tabs. */
static void blank_controls(char **field, bool keep_lines)
{
    bool changed = false;
    for (char *s = *field; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (keep_lines && (c == '\n' || c == '\t' || c == '\r'))
            continue;
        if (c < 0x20 || c == 0x7f) {
            *s = ' ';
            changed = true;
        } else if (c == 0xC2 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] <= 0x9F) {
            s[0] = s[1] = ' ';
            changed = true;
        }
    }
    if (changed) {
        char *trimmed = ns_trimmed_copy(*field, strlen(*field));
        free(*field);
        *field = trimmed;
    }
}

static void blank_list_controls(ns_strlist *list)
{
    for (size_t i = 0; i < list->len; i++)
        blank_controls(&list->items[i], false);
}

/* s made valid UTF-8 in place (readers of their own encoding may leave
 * a stray byte); the common case is a check without a copy. */
static void make_utf8(char **s)
{
    if (*s && !ns_utf8_valid(*s, strlen(*s))) {
        char *clean = ns_utf8_sanitize(*s, strlen(*s), NULL);
        free(*s);
        *s = clean;
    }
}

static void make_list_utf8(ns_strlist *list)
{
    for (size_t i = 0; i < list->len; i++)
        make_utf8(&list->items[i]);
}

static void complete_article(const ns_read_context *ctx, const ns_reader *reader,
                             ns_article *article, size_t number, bool several)
{
    if (reader->flags & (NS_READER_OWN_ENCODING | NS_READER_BINARY)) {
        make_utf8(&article->id);
        make_utf8(&article->url);
        make_utf8(&article->title);
        make_utf8(&article->body);
        make_utf8(&article->outlet);
        make_list_utf8(&article->credits);
        make_list_utf8(&article->people);
        make_list_utf8(&article->bylines);
    }
    /* An agency given as the author (news-please's "authors": ["Reuters"])
     * is a credit, not a byline. */
    size_t kept = 0;
    for (size_t i = 0; i < article->bylines.len; i++) {
        char *name = article->bylines.items[i];
        const char *agency = ns_credit_agency(name, strlen(name));
        if (agency) {
            ns_strlist_add_unique(&article->credits, agency);
            free(name);
        } else {
            article->bylines.items[kept++] = name;
        }
    }
    article->bylines.len = kept;
    if (article->outlet) {
        ns_outlet outlet;
        ns_outlet_canonical(article->outlet, &outlet);
        free(article->outlet);
        article->outlet = outlet.display;
        free(outlet.key);
    }
    if (article->body)
        ns_credit_find_in_body(article->body, strlen(article->body), &article->credits);
    if (article->date_source == NS_DATE_NONE)
        ns_article_guess_date(article, ctx->reference_time);
    char hex[17];
    if (!article->id && article->url) {
        ns_hash_hex(ns_hash64(article->url, strlen(article->url), NS_HASH_SEED), hex);
        article->id = ns_xstrdup(hex);
    } else if (!article->id) {
        char suffix[32];
        snprintf(suffix, sizeof suffix, "#%zu", number);
        uint64_t h = ns_hash64(ctx->identity, strlen(ctx->identity), NS_HASH_SEED);
        h = ns_hash64(suffix, strlen(suffix), h);
        ns_hash_hex(h, hex);
        article->id = ns_xstrdup(hex);
    } else if (strlen(article->id) > ID_MAX_BYTES) {
        ns_hash_hex(ns_hash64(article->id, strlen(article->id), NS_HASH_SEED), hex);
        free(article->id);
        article->id = ns_xstrdup(hex);
    }
    /* The path as given, made valid UTF-8 for the record. */
    char *path = ns_utf8_sanitize(ctx->path, strlen(ctx->path), NULL);
    if (several)
        article->source = ns_xasprintf("%s#%zu", path, number);
    else
        article->source = ns_xstrdup(path);
    free(path);
    if (article->date_source == NS_DATE_NONE) {
        article->date = ctx->reference_time;
        article->date_source = ctx->reference_source;
    }
    if (!article->title)
        article->title = ns_xstrdup("");
    if (!article->body)
        article->body = ns_xstrdup("");
    blank_controls(&article->title, false);
    blank_controls(&article->body, true);
    blank_controls(&article->outlet, false);
    blank_controls(&article->url, false);
    blank_list_controls(&article->credits);
    blank_list_controls(&article->people);
    blank_list_controls(&article->bylines);
    cut_long_title(ctx, article, number, several);
}

ns_status ns_read_file(const ns_read_context *ctx, const char *data, size_t len,
                       ns_article_list *out, const char **format, ns_error *err)
{
    if (format)
        *format = NULL;
    if (len == 0)
        return ns_error_set(err, NS_ERR_INPUT, "%s: empty file", ctx->path);
    size_t utf16_len = 0;
    char *utf16 = utf16_to_utf8(data, len, &utf16_len);
    if (utf16) {
        data = utf16;
        len = utf16_len;
    }
    /* The format first: a photo or a README is not bad input, only not
     * an article. */
    const ns_reader *reader = ns_reader_choose(ctx->path, data, len);
    const char *binary =
        reader && !(reader->flags & NS_READER_BINARY) ? binary_reason(data, len) : NULL;
    if (!reader || binary || only_space(data, len)) {
        free(utf16);
        if (!reader)
            return ns_error_set(err, NS_ERR_UNSUPPORTED, "%s: not a format newssearch reads",
                                ctx->path);
        if (binary)
            return ns_error_set(err, NS_ERR_INPUT, "%s: %s", ctx->path, binary);
        return ns_error_set(err, NS_ERR_INPUT, "%s: empty file (only white space)", ctx->path);
    }
    char *text = NULL;
    size_t text_len = len;
    if (!(reader->flags & (NS_READER_OWN_ENCODING | NS_READER_BINARY))) {
        size_t bad = 0;
        text = ns_utf8_sanitize(data, len, &bad);
        text_len = strlen(text);
        if (bad)
            ns_read_warn(ctx, 0, "%zu invalid UTF-8 byte%s replaced", bad, bad == 1 ? "" : "s");
    }

    if (format)
        *format = reader->name;
    size_t first = out->len;
    ns_status st = reader->read(ctx, text ? text : data, text_len, out, err);
    free(text);
    free(utf16);
    if (st != NS_OK) {
        /* As it was: storage the list did not have goes too. */
        if (first == 0)
            ns_article_list_clear(out);
        while (out->len > first)
            ns_article_clear(&out->items[--out->len]);
        return st;
    }
    if (out->len == first) {
        if (first == 0)
            ns_article_list_clear(out);
        return ns_error_set(err, NS_ERR_INPUT, "%s: no articles in it", ctx->path);
    }
    bool several = out->len - first > 1;
    for (size_t i = first; i < out->len; i++) {
        out->items[i].format = reader->name;
        complete_article(ctx, reader, &out->items[i], i - first + 1, several);
    }
    return NS_OK;
}
