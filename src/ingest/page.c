/* Aggregator pages: a news page saved as text from an aggregator site.
 *
 *   Title of the main story
 *   Standfirst and body paragraphs, one a line
 *   Reuters                              <- credit line
 *   Hashtags / Try Our AI Features / ... <- site boilerplate
 *   Related Articles
 *
 *   ABC News                             <- a related story: outlet,
 *   7 minutes ago                           relative time,
 *   - ABC News                              outlet again,
 *   Title                                   title,
 *   Body ...                                body to the next story
 *
 * The main story has no outlet or date of its own on the page: its date is
 * the reference time (crawl or file time).  Related stories get theirs from
 * the relative time.  Boilerplate lines and the syndication furniture
 * inside bodies ("Don't miss out on the headlines...", "Originally
 * published as ...") are not article text.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/credit.h"
#include "extract/dates.h"
#include "ingest/reader.h"
#include "util/buf.h"
#include "util/mem.h"

/* Lines of the site itself, compared trimmed and without case. */
static const char *const boilerplate_lines[] = {
    "Hashtags",
    "Try Our AI Features",
    "Comments",
    "No comments yet...",
    "No comments yet",
    "Related Articles",
    "Related Stories",
    "Advertisement",
};

/* Furniture that syndication adds inside a body: a sentence that starts
 * with `start` and ends with `end`. */
typedef struct furniture {
    const char *start;
    const char *end;      /* NULL: runs to the end of the body */
} furniture;

static const furniture body_furniture[] = {
    { "Don't miss out on the headlines from ", "My News." },
    { "Don\xE2\x80\x99t miss out on the headlines from ", "My News." },
    { "Originally published as ", NULL },
};

/* The longest line that can be an outlet's name in a story block. */
#define OUTLET_MAX 80
/* How far into a file sniffing looks for a story block. */
#define SNIFF_LIMIT (1u << 20)

typedef struct line {
    const char *start;    /* trimmed */
    size_t len;
} line;

typedef struct lines {
    line *items;
    size_t len;
    size_t cap;
} lines;

static void split_lines(const char *text, size_t len, lines *out)
{
    const char *p = text, *end = text + len;
    while (p <= end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *e = eol ? eol : end;
        const char *s = p;
        while (s < e && isspace((unsigned char)*s))
            s++;
        while (e > s && isspace((unsigned char)e[-1]))
            e--;
        out->items = ns_xgrow(out->items, &out->cap, out->len + 1, sizeof *out->items);
        out->items[out->len++] = (line){ s, (size_t)(e - s) };
        if (!eol)
            break;
        p = eol + 1;
    }
}

static bool line_is(const line *l, const char *s)
{
    return l->len == strlen(s) && strncasecmp(l->start, s, l->len) == 0;
}

static bool is_boilerplate(const line *l)
{
    for (size_t i = 0; i < sizeof boilerplate_lines / sizeof boilerplate_lines[0]; i++)
        if (line_is(l, boilerplate_lines[i]))
            return true;
    /* "Explore what Daily8 AI can do for you:" names the site. */
    static const char explore[] = "Explore what ";
    static const char tail[] = "can do for you:";
    return l->len > sizeof explore + sizeof tail &&
           strncasecmp(l->start, explore, sizeof explore - 1) == 0 &&
           strncasecmp(l->start + l->len - (sizeof tail - 1), tail, sizeof tail - 1) == 0;
}

static bool relative_time(const line *l, int64_t reference, int64_t *t)
{
    char buf[64];
    if (l->len == 0 || l->len >= sizeof buf)
        return false;
    memcpy(buf, l->start, l->len);
    buf[l->len] = '\0';
    return ns_parse_relative_time(buf, reference, t);
}

/* A story block starts at i: outlet, relative time, "- outlet". */
static bool block_starts(const lines *ls, size_t i)
{
    if (i + 2 >= ls->len)
        return false;
    const line *outlet = &ls->items[i], *dash = &ls->items[i + 2];
    int64_t t;
    if (outlet->len == 0 || outlet->len > OUTLET_MAX || is_boilerplate(outlet) ||
        !relative_time(&ls->items[i + 1], 0, &t))
        return false;
    if (dash->len < 2 || dash->start[0] != '-')
        return false;
    const char *name = dash->start + 1;
    size_t name_len = dash->len - 1;
    while (name_len && isspace((unsigned char)*name)) {
        name++;
        name_len--;
    }
    return name_len == outlet->len && strncasecmp(name, outlet->start, name_len) == 0;
}

static ns_sniff page_sniff(const char *path, const char *head, size_t len)
{
    size_t i = 0;
    while (i < len && isspace((unsigned char)head[i]))
        i++;
    if (i < len && (head[i] == '<' || head[i] == '{' || head[i] == '['))
        return NS_SNIFF_NO;
    lines ls = { 0 };
    split_lines(head, len < SNIFF_LIMIT ? len : SNIFF_LIMIT, &ls);
    ns_sniff found = NS_SNIFF_NO;
    for (size_t k = 0; k < ls.len && !found; k++)
        if (block_starts(&ls, k))
            found = NS_SNIFF_BY_CONTENT;
    free(ls.items);
    return found;
}

/* Remove furniture sentences from a body, in place. */
static void remove_furniture(ns_buf *body)
{
    for (size_t i = 0; i < sizeof body_furniture / sizeof body_furniture[0]; i++) {
        const furniture *f = &body_furniture[i];
        char *at = strstr(body->data, f->start);
        if (!at)
            continue;
        size_t from = (size_t)(at - body->data);
        size_t to = body->len;
        if (f->end) {
            char *e = strstr(at, f->end);
            if (!e)
                continue;
            to = (size_t)(e - body->data) + strlen(f->end);
            while (to < body->len && body->data[to] == ' ')
                to++;
        }
        memmove(body->data + from, body->data + to, body->len - to + 1);
        body->len -= to - from;
    }
}

/* Fill title, body and credits of an article from lines [from, to). */
static void fill_story(ns_article *article, const lines *ls, size_t from, size_t to)
{
    while (from < to && ls->items[from].len == 0)
        from++;
    while (to > from && ls->items[to - 1].len == 0)
        to--;
    if (from < to) {
        article->title = ns_xstrndup(ls->items[from].start, ls->items[from].len);
        from++;
    }
    /* A last line that is only an agency is the credit line. */
    if (to > from && ns_credit_parse_line(ls->items[to - 1].start, ls->items[to - 1].len,
                                          &article->credits))
        to--;
    ns_buf body = NS_BUF_INIT;
    ns_buf_append(&body, "", 0);
    for (size_t i = from; i < to; i++) {
        if (ls->items[i].len == 0)
            continue;
        if (body.len)
            ns_buf_putc(&body, '\n');
        ns_buf_append(&body, ls->items[i].start, ls->items[i].len);
    }
    remove_furniture(&body);
    size_t kept = ns_credit_strip_trailing(body.data, body.len, &article->credits);
    article->body = ns_trimmed_copy(body.data, kept);
    ns_buf_free(&body);
}

static ns_status page_read(const ns_read_context *ctx, const char *text, size_t len,
                           ns_article_list *out, ns_error *err)
{
    size_t first_article = out->len;
    lines ls = { 0 };
    split_lines(text, len, &ls);

    /* The main story runs to the first boilerplate line or story block. */
    size_t main_end = 0;
    while (main_end < ls.len && !is_boilerplate(&ls.items[main_end]) &&
           !block_starts(&ls, main_end))
        main_end++;
    size_t first_block = main_end;
    while (first_block < ls.len && !block_starts(&ls, first_block))
        first_block++;

    bool has_main = false;
    for (size_t i = 0; i < main_end && !has_main; i++)
        has_main = ls.items[i].len > 0;
    if (has_main)
        fill_story(ns_article_list_add(out), &ls, 0, main_end);

    for (size_t i = first_block; i < ls.len;) {
        size_t next = i + 3;
        while (next < ls.len && !block_starts(&ls, next))
            next++;
        ns_article *article = ns_article_list_add(out);
        article->outlet = ns_xstrndup(ls.items[i].start, ls.items[i].len);
        if (relative_time(&ls.items[i + 1], ctx->reference_time, &article->date))
            article->date_source = NS_DATE_RELATIVE;
        fill_story(article, &ls, i + 3, next);
        if (article->title == NULL) {
            if (ctx->warn)
                ctx->warn(ctx->warn_ctx, ctx->path, i + 1, "a story block without a title: skipped");
            ns_article_clear(article);
            out->len--;
        }
        i = next;
    }
    free(ls.items);
    if (out->len == first_article)
        return ns_error_set(err, NS_ERR_INPUT, "%s: an aggregator page without stories", ctx->path);
    return NS_OK;
}

const ns_reader ns_reader_page = { "page", page_sniff, page_read, 0 };
