/* HTML pages (.html, .htm): one article a page, read with libxml2's HTML
 * parser.  What is taken from where is written in html.h.
 *
 * A page is walked twice, both times without recursion (fuzzed pages nest
 * deeply): once over the whole tree for the metadata and to find the
 * element that holds the story, once over that element for its text.
 */
#include "ingest/html.h"

#include <ctype.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "extract/credit.h"
#include "extract/dates.h"
#include "extract/outlet.h"
#include "text/normalize.h"
#include "util/mem.h"

/* ---- libxml2 ---- */

static void ignore_generic_error(void *ctx, const char *msg, ...)
{
}

static void ignore_structured_error(void *ctx, xmlErrorPtr error)
{
}

const char *ns_libxml_encoding(const char *data, size_t len, const char *declared, int *options)
{
    /* HTML_PARSE_IGNORE_ENC and XML_PARSE_IGNORE_ENC are the same bit. */
    if (ns_utf8_valid(data, len)) {
        *options |= XML_PARSE_IGNORE_ENC;
        return "UTF-8";
    }
    if (declared)
        *options |= XML_PARSE_IGNORE_ENC;
    return declared;
}

void ns_libxml_quiet(void)
{
    /* libxml2 keeps these per thread; setting them again is cheap. */
    xmlSetGenericErrorFunc(NULL, ignore_generic_error);
    xmlSetStructuredErrorFunc(NULL, ignore_structured_error);
}

static const char *name_of(const xmlNode *n)
{
    return (const char *)n->name;
}

static const char *attr(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        if (a->name && strcasecmp((const char *)a->name, name) == 0) {
            const xmlNode *t = a->children;
            return t && t->type == XML_TEXT_NODE && t->content ? (const char *)t->content : "";
        }
    }
    return NULL;
}

/* Pre-order traversal under root without recursion: enter() says whether
 * to go into a node's children; leave() follows its children (at once when
 * not entered).  Only elements and documents are entered: an entity
 * reference's children belong to its declaration. */
typedef struct walker {
    bool (*enter)(void *ctx, const xmlNode *n);
    void (*leave)(void *ctx, const xmlNode *n);
    void *ctx;
} walker;

static void walk(const xmlNode *root, const walker *w)
{
    const xmlNode *n = root;
    for (;;) {
        bool container = n->type == XML_ELEMENT_NODE || n->type == XML_DOCUMENT_NODE ||
                         n->type == XML_HTML_DOCUMENT_NODE;
        if (w->enter(w->ctx, n) && container && n->children) {
            n = n->children;
            continue;
        }
        for (;;) {
            w->leave(w->ctx, n);
            if (n == root)
                return;
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
        }
    }
}

/* ---- what elements are ---- */

enum {
    TAG_BLOCK = 1 << 0,      /* starts and ends a paragraph */
    TAG_SKIP = 1 << 1,       /* never article text */
    TAG_OFFTOPIC = 1 << 2,   /* dates inside are not the article's */
    TAG_CELL = 1 << 3,       /* a table cell: a space, not a paragraph */
    TAG_OPAQUE = 1 << 4      /* nothing inside is metadata either */
};

typedef struct tag {
    const char *name;
    unsigned flags;
} tag;

/* In byte order, for binary search. */
static const tag tags[] = {
    { "address", TAG_BLOCK },
    { "article", TAG_BLOCK },
    { "aside", TAG_BLOCK | TAG_SKIP | TAG_OFFTOPIC },
    { "audio", TAG_SKIP | TAG_OPAQUE },
    { "blockquote", TAG_BLOCK },
    { "body", TAG_BLOCK },
    { "br", TAG_BLOCK },
    { "button", TAG_SKIP },
    { "canvas", TAG_SKIP | TAG_OPAQUE },
    { "caption", TAG_BLOCK },
    { "dd", TAG_BLOCK },
    { "details", TAG_BLOCK },
    { "dialog", TAG_BLOCK | TAG_SKIP | TAG_OFFTOPIC },
    { "div", TAG_BLOCK },
    { "dl", TAG_BLOCK },
    { "dt", TAG_BLOCK },
    { "embed", TAG_SKIP | TAG_OPAQUE },
    { "fieldset", TAG_BLOCK | TAG_SKIP },
    { "figcaption", TAG_BLOCK },
    { "figure", TAG_BLOCK | TAG_SKIP },
    { "footer", TAG_BLOCK | TAG_SKIP | TAG_OFFTOPIC },
    { "form", TAG_BLOCK | TAG_SKIP },
    { "h1", TAG_BLOCK | TAG_SKIP },   /* the title, read apart */
    { "h2", TAG_BLOCK },
    { "h3", TAG_BLOCK },
    { "h4", TAG_BLOCK },
    { "h5", TAG_BLOCK },
    { "h6", TAG_BLOCK },
    { "head", TAG_SKIP },
    { "header", TAG_BLOCK | TAG_SKIP },
    { "hr", TAG_BLOCK },
    { "iframe", TAG_SKIP | TAG_OPAQUE },
    { "input", TAG_SKIP },
    { "label", TAG_SKIP },
    { "li", TAG_BLOCK },
    { "main", TAG_BLOCK },
    { "menu", TAG_BLOCK | TAG_SKIP | TAG_OFFTOPIC },
    { "nav", TAG_BLOCK | TAG_SKIP | TAG_OFFTOPIC },
    { "noscript", TAG_SKIP | TAG_OPAQUE },
    { "object", TAG_SKIP | TAG_OPAQUE },
    { "ol", TAG_BLOCK },
    { "option", TAG_SKIP },
    { "p", TAG_BLOCK },
    { "pre", TAG_BLOCK },
    { "script", TAG_SKIP | TAG_OPAQUE },
    { "section", TAG_BLOCK },
    { "select", TAG_SKIP },
    { "style", TAG_SKIP | TAG_OPAQUE },
    { "summary", TAG_BLOCK },
    { "svg", TAG_SKIP | TAG_OPAQUE },
    { "table", TAG_BLOCK },
    { "td", TAG_CELL },
    { "template", TAG_SKIP | TAG_OPAQUE },
    { "textarea", TAG_SKIP },
    { "th", TAG_CELL },
    { "title", TAG_SKIP },
    { "tr", TAG_BLOCK },
    { "ul", TAG_BLOCK },
    { "video", TAG_SKIP | TAG_OPAQUE },
};

/* Words in class and id values that mark page furniture ("cookie-banner",
 * "share-tools", "site-nav"), in byte order; the flags say whether dates
 * inside are off-topic too. */
static const tag furniture_words[] = {
    { "ad", TAG_SKIP },
    { "ads", TAG_SKIP },
    { "advert", TAG_SKIP },
    { "advertisement", TAG_SKIP },
    { "author", TAG_SKIP },
    { "banner", TAG_SKIP },
    { "bio", TAG_SKIP },
    { "breadcrumb", TAG_SKIP | TAG_OFFTOPIC },
    { "breadcrumbs", TAG_SKIP | TAG_OFFTOPIC },
    { "byline", TAG_SKIP },
    { "comment", TAG_SKIP | TAG_OFFTOPIC },
    { "comments", TAG_SKIP | TAG_OFFTOPIC },
    { "consent", TAG_SKIP | TAG_OFFTOPIC },
    { "cookie", TAG_SKIP | TAG_OFFTOPIC },
    { "cookies", TAG_SKIP | TAG_OFFTOPIC },
    { "footer", TAG_SKIP | TAG_OFFTOPIC },
    { "gdpr", TAG_SKIP | TAG_OFFTOPIC },
    { "hidden", TAG_SKIP },
    { "menu", TAG_SKIP | TAG_OFFTOPIC },
    { "meta", TAG_SKIP },
    { "modal", TAG_SKIP | TAG_OFFTOPIC },
    { "nav", TAG_SKIP | TAG_OFFTOPIC },
    { "navbar", TAG_SKIP | TAG_OFFTOPIC },
    { "navigation", TAG_SKIP | TAG_OFFTOPIC },
    { "newsletter", TAG_SKIP | TAG_OFFTOPIC },
    { "paywall", TAG_SKIP },
    { "popup", TAG_SKIP | TAG_OFFTOPIC },
    { "promo", TAG_SKIP | TAG_OFFTOPIC },
    { "recommended", TAG_SKIP | TAG_OFFTOPIC },
    { "related", TAG_SKIP | TAG_OFFTOPIC },
    { "share", TAG_SKIP },
    { "sharing", TAG_SKIP },
    { "sidebar", TAG_SKIP | TAG_OFFTOPIC },
    { "signup", TAG_SKIP | TAG_OFFTOPIC },
    { "skip", TAG_SKIP },
    { "social", TAG_SKIP },
    { "sponsored", TAG_SKIP | TAG_OFFTOPIC },
    { "sr", TAG_SKIP },
    { "subscribe", TAG_SKIP | TAG_OFFTOPIC },
    { "subscription", TAG_SKIP | TAG_OFFTOPIC },
    { "tags", TAG_SKIP },
    { "timestamp", TAG_SKIP },
    { "toolbar", TAG_SKIP | TAG_OFFTOPIC },
};

/* ARIA roles of furniture, in byte order. */
static const tag furniture_roles[] = {
    { "alertdialog", TAG_SKIP | TAG_OFFTOPIC },
    { "banner", TAG_SKIP },
    { "complementary", TAG_SKIP | TAG_OFFTOPIC },
    { "contentinfo", TAG_SKIP | TAG_OFFTOPIC },
    { "dialog", TAG_SKIP | TAG_OFFTOPIC },
    { "form", TAG_SKIP },
    { "menu", TAG_SKIP | TAG_OFFTOPIC },
    { "menubar", TAG_SKIP | TAG_OFFTOPIC },
    { "navigation", TAG_SKIP | TAG_OFFTOPIC },
    { "search", TAG_SKIP | TAG_OFFTOPIC },
    { "toolbar", TAG_SKIP | TAG_OFFTOPIC },
};

typedef struct name_key {
    const char *name;
    size_t len;
} name_key;

static int compare_tag(const void *key, const void *row)
{
    const name_key *k = key;
    const char *name = ((const tag *)row)->name;
    int c = strncmp(k->name, name, k->len);
    return c ? c : name[k->len] == '\0' ? 0 : -1;
}

/* The flags of name[0..len) in a sorted table, 0 when it is not there. */
static unsigned lookup(const tag *table, size_t n, const char *name, size_t len)
{
    name_key key = { name, len };
    const tag *found = bsearch(&key, table, n, sizeof *table, compare_tag);
    return found ? found->flags : 0;
}

/* The furniture flags of the words of a class or id value. */
static unsigned furniture_in(const char *value)
{
    unsigned flags = 0;
    char word[24];
    const char *p = value;
    while (p && *p) {
        while (*p && !isalnum((unsigned char)*p))
            p++;
        size_t n = 0;
        while (isalnum((unsigned char)p[n]))
            n++;
        if (n > 0 && n < sizeof word) {
            for (size_t i = 0; i < n; i++)
                word[i] = (char)tolower((unsigned char)p[i]);
            flags |= lookup(furniture_words, sizeof furniture_words / sizeof furniture_words[0],
                            word, n);
        }
        p += n;
    }
    return flags;
}

static bool is_article_body(const xmlNode *n)
{
    const char *itemprop = attr(n, "itemprop");
    return itemprop && strcasecmp(itemprop, "articleBody") == 0;
}

/* What an element is: its tag's flags, and furniture by class, id, role
 * or hiding.  The containers of a story are never furniture by class. */
static unsigned classify(const xmlNode *n)
{
    char lower[16];
    size_t len = strlen(name_of(n));
    unsigned flags = 0;
    if (len < sizeof lower) {
        for (size_t i = 0; i < len; i++)
            lower[i] = (char)tolower((unsigned char)name_of(n)[i]);
        lower[len] = '\0';
        flags = lookup(tags, sizeof tags / sizeof tags[0], lower, len);
        if (flags & TAG_SKIP)
            return flags;
        if (strcmp(lower, "article") == 0 || strcmp(lower, "main") == 0 ||
            strcmp(lower, "body") == 0 || strcmp(lower, "html") == 0)
            return flags;
    }
    if (is_article_body(n))
        return flags;
    if (attr(n, "hidden"))
        return flags | TAG_SKIP;
    const char *aria_hidden = attr(n, "aria-hidden");
    if (aria_hidden && strcasecmp(aria_hidden, "true") == 0)
        return flags | TAG_SKIP;
    const char *role = attr(n, "role");
    if (role) {
        char r[16];
        size_t rn = strlen(role);
        if (rn < sizeof r) {
            for (size_t i = 0; i < rn; i++)
                r[i] = (char)tolower((unsigned char)role[i]);
            flags |= lookup(furniture_roles, sizeof furniture_roles / sizeof furniture_roles[0],
                            r, rn);
        }
    }
    flags |= furniture_in(attr(n, "class"));
    flags |= furniture_in(attr(n, "id"));
    const char *style = attr(n, "style");
    if (style && (strstr(style, "display:none") || strstr(style, "display: none")))
        flags |= TAG_SKIP;
    return flags;
}

/* ---- text ---- */

typedef struct text_walk {
    ns_buf *out;
    size_t base;          /* where this text starts in out */
    const xmlNode *root;
    bool space;           /* white space is pending */
    bool para;            /* a paragraph break is pending */
} text_walk;

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Append text with white space collapsed and pending breaks honoured. */
static void append_text(text_walk *t, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        if (is_space((unsigned char)s[i])) {
            t->space = true;
            i++;
            continue;
        }
        size_t j = i;
        while (j < len && !is_space((unsigned char)s[j]))
            j++;
        if (t->out->len > t->base) {
            if (t->para)
                ns_buf_putc(t->out, '\n');
            else if (t->space)
                ns_buf_putc(t->out, ' ');
        }
        t->para = t->space = false;
        ns_buf_append(t->out, s + i, j - i);
        i = j;
    }
}

static bool text_enter(void *ctx, const xmlNode *n)
{
    text_walk *t = ctx;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content)
            append_text(t, (const char *)n->content, strlen((const char *)n->content));
        return false;
    }
    if (n->type != XML_ELEMENT_NODE)
        return n->type == XML_DOCUMENT_NODE || n->type == XML_HTML_DOCUMENT_NODE;
    unsigned flags = classify(n);
    if (flags & TAG_BLOCK)
        t->para = true;
    else if (flags & TAG_CELL)
        t->space = true;
    return n == t->root || !(flags & TAG_SKIP);
}

static void text_leave(void *ctx, const xmlNode *n)
{
    text_walk *t = ctx;
    if (n->type != XML_ELEMENT_NODE)
        return;
    unsigned flags = classify(n);
    if (flags & TAG_BLOCK)
        t->para = true;
    else if (flags & TAG_CELL)
        t->space = true;
}

void ns_html_node_text(const xmlNode *node, ns_buf *out)
{
    ns_buf_append(out, "", 0);
    text_walk t = { out, out->len, node, false, false };
    walker w = { text_enter, text_leave, &t };
    walk(node, &w);
}

/* The text directly and deeply inside n, without furniture rules: for
 * <title>, <h1>, <time> and JSON-LD scripts. */
static char *plain_text(const xmlNode *n)
{
    ns_buf out = NS_BUF_INIT;
    ns_buf_append(&out, "", 0);
    const xmlNode *c = n->children;
    /* Shallow is enough for scripts and titles; one level more for <h1>
     * and <time>, which hold a link or a span. */
    for (; c; c = c->next) {
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
            ns_buf_puts(&out, (const char *)c->content);
        else if (c->type == XML_ELEMENT_NODE)
            for (const xmlNode *g = c->children; g; g = g->next)
                if ((g->type == XML_TEXT_NODE || g->type == XML_CDATA_SECTION_NODE) && g->content)
                    ns_buf_puts(&out, (const char *)g->content);
    }
    return ns_buf_detach(&out);
}

/* s with white space collapsed and trimmed, or NULL when nothing is left. */
static char *clean(const char *s)
{
    if (!s)
        return NULL;
    ns_buf out = NS_BUF_INIT;
    text_walk t = { &out, 0, NULL, false, false };
    ns_buf_append(&out, "", 0);
    append_text(&t, s, strlen(s));
    if (out.len == 0) {
        ns_buf_free(&out);
        return NULL;
    }
    return ns_buf_detach(&out);
}

/* Keep the first value: *slot is set only when empty. */
static void keep_first(char **slot, const char *value)
{
    if (!*slot)
        *slot = clean(value);
}

/* ---- the scan: metadata and the story's container ---- */

/* Date candidates, most reliable first (see html.h). */
enum {
    DATE_PUBLISHED_META,   /* article:published_time */
    DATE_JSONLD,           /* JSON-LD datePublished */
    DATE_TIME_PUBLISHED,   /* <time> marked as the publication */
    DATE_TIME,             /* another <time datetime> */
    DATE_META,             /* <meta name="date"> and the like */
    DATE_RELATIVE,         /* <time>7 minutes ago</time> */
    DATE_UPDATED_META,     /* article:modified_time */
    DATE_UPDATED_JSONLD,   /* JSON-LD dateModified */
    DATE_UPDATED_TIME,     /* <time> marked as an update */
    DATE_RANKS
};

typedef struct date_candidate {
    bool found;
    int64_t t;
} date_candidate;

typedef struct score {
    const xmlNode *node;
    size_t text;        /* of its own paragraphs */
    size_t below;       /* of its children's paragraphs */
} score;

typedef struct scan {
    const ns_html_page *page;
    /* the flags of the elements entered, innermost last */
    unsigned char *stack;
    size_t depth, cap;
    int skip_depth, offtopic_depth;

    const xmlNode *body, *main, *article_body, *article, *best_article;
    size_t main_text, article_body_text, article_text, best_article_text;
    int main_depth, article_body_depth, article_depth;
    const xmlNode *p_parent;    /* of the <p> being read */
    score *scores;
    size_t n_scores, cap_scores;

    char *og_title, *ld_headline, *title, *h1;
    char *site_name, *publisher;
    char *canonical, *og_url, *ld_url;
    char *description, *ld_body;
    ns_strlist authors;     /* author fields as written */
    bool have_jsonld;
    date_candidate dates[DATE_RANKS];
} scan;

enum {
    STACK_SKIP = 1 << 0,
    STACK_OFFTOPIC = 1 << 1,
    STACK_MAIN = 1 << 2,
    STACK_ARTICLE = 1 << 3,
    STACK_ARTICLE_BODY = 1 << 4,
    STACK_P = 1 << 5
};

static void scan_warn(const scan *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void scan_warn(const scan *s, const char *fmt, ...)
{
    const ns_read_context *ctx = s->page->ctx;
    if (!ctx || !ctx->warn)
        return;
    char message[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    if (s->page->record)
        ns_read_warn(ctx, s->page->line, "%s: %s", s->page->record, message);
    else
        ns_read_warn(ctx, s->page->line, "%s", message);
}

static void add_date(scan *s, int rank, const char *value, const char *what)
{
    if (s->dates[rank].found || !value)
        return;
    int64_t t;
    if (ns_parse_date(value, strlen(value), s->page->reference_time, &t)) {
        s->dates[rank].found = true;
        s->dates[rank].t = t;
    } else if (rank <= DATE_JSONLD) {
        scan_warn(s, "%s \"%.40s\" is not a date: ignored", what, value);
    }
}

static void add_relative_date(scan *s, const char *text)
{
    int64_t t;
    char *c = clean(text);
    if (c && !s->dates[DATE_RELATIVE].found &&
        ns_parse_relative_time(c, s->page->reference_time, &t)) {
        s->dates[DATE_RELATIVE].found = true;
        s->dates[DATE_RELATIVE].t = t;
    }
    free(c);
}

/* ---- JSON-LD ---- */

static bool is_article_type(json_t *type)
{
    static const char *const types[] = {
        "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle",
        "OpinionNewsArticle", "BackgroundNewsArticle", "BlogPosting", "LiveBlogPosting",
        "Report",
    };
    if (json_is_array(type)) {
        size_t i;
        json_t *t;
        json_array_foreach(type, i, t) {
            if (is_article_type(t))
                return true;
        }
        return false;
    }
    const char *name = json_string_value(type);
    if (!name)
        return false;
    if (strncmp(name, "http://schema.org/", 18) == 0)
        name += 18;
    else if (strncmp(name, "https://schema.org/", 19) == 0)
        name += 19;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(name, types[i]) == 0)
            return true;
    return false;
}

/* The first article object in a JSON-LD value (an object, an array, or a
 * "@graph"). */
static json_t *find_article(json_t *v, int depth)
{
    if (depth > 4)
        return NULL;
    if (json_is_array(v)) {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item) {
            json_t *found = find_article(item, depth + 1);
            if (found)
                return found;
        }
        return NULL;
    }
    if (!json_is_object(v))
        return NULL;
    if (is_article_type(json_object_get(v, "@type")))
        return v;
    return find_article(json_object_get(v, "@graph"), depth + 1);
}

/* A name from a string, an object with "name", or an array of them. */
static void jsonld_names(json_t *v, ns_strlist *out, int depth)
{
    if (depth > 3)
        return;
    if (json_is_string(v)) {
        ns_strlist_add(out, json_string_value(v));
    } else if (json_is_object(v)) {
        jsonld_names(json_object_get(v, "name"), out, depth + 1);
    } else if (json_is_array(v)) {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item) {
            jsonld_names(item, out, depth + 1);
        }
    }
}

static const char *jsonld_string(json_t *object, const char *key)
{
    json_t *v = json_object_get(object, key);
    if (json_is_object(v))
        v = json_object_get(v, "@id");
    return json_string_value(v);
}

static void read_jsonld(scan *s, const xmlNode *script)
{
    char *text = plain_text(script);
    json_error_t error;
    json_t *doc = json_loads(text, 0, &error);
    free(text);
    if (!doc) {
        scan_warn(s, "a JSON-LD block is not JSON (%s, line %d): ignored", error.text, error.line);
        return;
    }
    json_t *a = s->have_jsonld ? NULL : find_article(doc, 0);
    if (a) {
        s->have_jsonld = true;
        keep_first(&s->ld_headline, json_string_value(json_object_get(a, "headline")));
        add_date(s, DATE_JSONLD, json_string_value(json_object_get(a, "datePublished")),
                 "JSON-LD datePublished");
        add_date(s, DATE_UPDATED_JSONLD, json_string_value(json_object_get(a, "dateModified")),
                 "JSON-LD dateModified");
        jsonld_names(json_object_get(a, "author"), &s->authors, 0);
        json_t *publisher = json_object_get(a, "publisher");
        keep_first(&s->publisher, json_is_object(publisher)
                                      ? json_string_value(json_object_get(publisher, "name"))
                                      : json_string_value(publisher));
        keep_first(&s->ld_url, json_string_value(json_object_get(a, "url")));
        keep_first(&s->ld_url, jsonld_string(a, "mainEntityOfPage"));
        /* articleBody keeps its paragraph breaks: not cleaned. */
        const char *body = json_string_value(json_object_get(a, "articleBody"));
        if (body && !s->ld_body)
            s->ld_body = ns_trimmed_copy(body, strlen(body));
        keep_first(&s->description, json_string_value(json_object_get(a, "description")));
    }
    json_decref(doc);
}

/* ---- <meta> ---- */

typedef enum meta_kind {
    META_OTHER = 0,
    META_TITLE,
    META_SITE_NAME,
    META_URL,
    META_DESCRIPTION,
    META_PUBLISHED,        /* article:published_time */
    META_PUBLISHED_ITEM,   /* itemprop datePublished */
    META_DATE,             /* other names for the date */
    META_UPDATED,
    META_AUTHOR
} meta_kind;

typedef struct meta_name {
    const char *name;
    meta_kind kind;
} meta_name;

/* Names in property=, name= or itemprop=, compared without case. */
static const meta_name meta_names[] = {
    { "og:title", META_TITLE },
    { "og:site_name", META_SITE_NAME },
    { "og:url", META_URL },
    { "og:description", META_DESCRIPTION },
    { "description", META_DESCRIPTION },
    { "article:published_time", META_PUBLISHED },
    { "datePublished", META_PUBLISHED_ITEM },
    { "date", META_DATE },
    { "pubdate", META_DATE },
    { "publishdate", META_DATE },
    { "publish-date", META_DATE },
    { "publish_date", META_DATE },
    { "dc.date", META_DATE },
    { "dc.date.issued", META_DATE },
    { "dcterms.date", META_DATE },
    { "dcterms.created", META_DATE },
    { "sailthru.date", META_DATE },
    { "parsely-pub-date", META_DATE },
    { "article:modified_time", META_UPDATED },
    { "og:updated_time", META_UPDATED },
    { "dateModified", META_UPDATED },
    { "last-modified", META_UPDATED },
    { "dcterms.modified", META_UPDATED },
    { "author", META_AUTHOR },
    { "article:author", META_AUTHOR },
    { "dc.creator", META_AUTHOR },
    { "byl", META_AUTHOR },
};

static void read_meta(scan *s, const xmlNode *n)
{
    const char *content = attr(n, "content");
    if (!content)
        return;
    const char *names[3] = { attr(n, "property"), attr(n, "name"), attr(n, "itemprop") };
    for (int k = 0; k < 3; k++) {
        if (!names[k])
            continue;
        meta_kind kind = META_OTHER;
        for (size_t i = 0; i < sizeof meta_names / sizeof meta_names[0] && !kind; i++)
            if (strcasecmp(names[k], meta_names[i].name) == 0)
                kind = meta_names[i].kind;
        switch (kind) {
        case META_TITLE: keep_first(&s->og_title, content); break;
        case META_SITE_NAME: keep_first(&s->site_name, content); break;
        case META_URL: keep_first(&s->og_url, content); break;
        case META_DESCRIPTION: keep_first(&s->description, content); break;
        case META_PUBLISHED:
            add_date(s, DATE_PUBLISHED_META, content, "article:published_time");
            break;
        case META_PUBLISHED_ITEM: add_date(s, DATE_TIME_PUBLISHED, content, "datePublished"); break;
        case META_DATE: add_date(s, DATE_META, content, "meta date"); break;
        case META_UPDATED: add_date(s, DATE_UPDATED_META, content, "meta modified"); break;
        case META_AUTHOR: ns_strlist_add(&s->authors, content); break;
        case META_OTHER: break;
        }
        if (kind)
            return;
    }
}

/* True when lower-cased s mentions an update. */
static bool says_updated(const char *s, size_t len)
{
    static const char *const words[] = { "updated", "modified", "last edited" };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t n = strlen(words[i]);
        for (size_t j = 0; j + n <= len; j++)
            if (strncasecmp(s + j, words[i], n) == 0)
                return true;
    }
    return false;
}

/* True when a <time> is an update stamp by its neighbourhood: the text
 * just before it ("Last modified on <time>") or its parent's class
 * ("<p class="updated">"). */
static bool marks_update(const xmlNode *n)
{
    const xmlNode *prev = n->prev;
    if (prev && prev->type == XML_TEXT_NODE && prev->content) {
        const char *t = (const char *)prev->content;
        size_t len = strlen(t);
        size_t from = len > 40 ? len - 40 : 0;
        if (says_updated(t + from, len - from))
            return true;
    }
    const char *cls = n->parent && n->parent->type == XML_ELEMENT_NODE ? attr(n->parent, "class")
                                                                        : NULL;
    return cls && (says_updated(cls, strlen(cls)) || strstr(cls, "update"));
}

static void read_time(scan *s, const xmlNode *n)
{
    const char *datetime = attr(n, "datetime");
    const char *itemprop = attr(n, "itemprop");
    const char *cls = attr(n, "class");
    bool published = (itemprop && strcasecmp(itemprop, "datePublished") == 0) ||
                     attr(n, "pubdate") != NULL;
    bool updated = (itemprop && strcasecmp(itemprop, "dateModified") == 0) || marks_update(n);
    if (cls) {
        char *lower = ns_xstrdup(cls);
        for (char *c = lower; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        published = published || strstr(lower, "publish") || strstr(lower, "pubdate");
        updated = updated || says_updated(lower, strlen(lower)) || strstr(lower, "update");
        free(lower);
    }
    if (!datetime) {
        char *text = plain_text(n);
        add_relative_date(s, text);
        free(text);
        return;
    }
    int rank = updated ? DATE_UPDATED_TIME : published ? DATE_TIME_PUBLISHED : DATE_TIME;
    add_date(s, rank, datetime, "<time datetime>");
}

/* The place of node's score, from 1, kept in node->_private (the tree is
 * ours and freed after the scan). */
static uintptr_t score_slot(scan *s, const xmlNode *node)
{
    uintptr_t slot = (uintptr_t)node->_private;
    if (slot == 0) {
        s->scores = ns_xgrow(s->scores, &s->cap_scores, s->n_scores + 1, sizeof *s->scores);
        s->scores[s->n_scores++] = (score){ node, 0, 0 };
        slot = s->n_scores;
        ((xmlNode *)node)->_private = (void *)slot;
    }
    return slot;
}

static void count_text(scan *s, const char *text)
{
    size_t n = 0;
    for (const char *p = text; *p; p++)
        n += !is_space((unsigned char)*p);
    if (s->main_depth)
        s->main_text += n;
    if (s->article_body_depth)
        s->article_body_text += n;
    if (s->article_depth)
        s->article_text += n;
    if (s->p_parent) {
        /* The paragraph's parent scores it, and its grandparent as text
         * below it: a story split over sibling blocks is found whole. */
        uintptr_t slot = score_slot(s, s->p_parent);
        s->scores[slot - 1].text += n;
        const xmlNode *g = s->p_parent->parent;
        if (g && g->type == XML_ELEMENT_NODE) {
            slot = score_slot(s, g);
            s->scores[slot - 1].below += n;
        }
    }
}

static bool scan_enter(void *ctx, const xmlNode *n)
{
    scan *s = ctx;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content && s->skip_depth == 0)
            count_text(s, (const char *)n->content);
        return false;
    }
    if (n->type != XML_ELEMENT_NODE)
        return n->type == XML_DOCUMENT_NODE || n->type == XML_HTML_DOCUMENT_NODE;

    unsigned flags = classify(n);
    const char *name = name_of(n);
    unsigned char pushed = 0;
    if (flags & TAG_SKIP)
        pushed |= STACK_SKIP;
    if (flags & TAG_OFFTOPIC)
        pushed |= STACK_OFFTOPIC;

    if (strcasecmp(name, "meta") == 0) {
        read_meta(s, n);
    } else if (strcasecmp(name, "link") == 0) {
        const char *rel = attr(n, "rel");
        if (rel && strcasecmp(rel, "canonical") == 0)
            keep_first(&s->canonical, attr(n, "href"));
    } else if (strcasecmp(name, "script") == 0) {
        const char *type = attr(n, "type");
        if (type && strstr(type, "ld+json"))
            read_jsonld(s, n);
    } else if (strcasecmp(name, "title") == 0 && !s->title) {
        char *text = plain_text(n);
        s->title = clean(text);
        free(text);
    } else if (strcasecmp(name, "h1") == 0 && !s->h1 && s->offtopic_depth == 0) {
        char *text = plain_text(n);
        s->h1 = clean(text);
        free(text);
    } else if (strcasecmp(name, "time") == 0 && s->offtopic_depth == 0) {
        read_time(s, n);
    } else if (strcasecmp(name, "body") == 0 && !s->body) {
        s->body = n;
    }

    if (s->skip_depth == 0 && !(pushed & STACK_SKIP)) {
        const char *role = attr(n, "role");
        if (strcasecmp(name, "main") == 0 || (role && strcasecmp(role, "main") == 0)) {
            if (!s->main && s->main_depth == 0) {
                s->main = n;
                pushed |= STACK_MAIN;
            }
        }
        if (strcasecmp(name, "article") == 0 && s->article_depth == 0) {
            s->article = n;
            s->article_text = 0;
            pushed |= STACK_ARTICLE;
        }
        if (is_article_body(n) && !s->article_body && s->article_body_depth == 0) {
            s->article_body = n;
            pushed |= STACK_ARTICLE_BODY;
        }
        if (strcasecmp(name, "p") == 0 && !s->p_parent && n->parent) {
            s->p_parent = n->parent;
            pushed |= STACK_P;
        }
    }
    s->stack = ns_xgrow(s->stack, &s->cap, s->depth + 1, 1);
    s->stack[s->depth++] = pushed;
    if (pushed & STACK_SKIP)
        s->skip_depth++;
    if (pushed & STACK_OFFTOPIC)
        s->offtopic_depth++;
    if (pushed & STACK_MAIN)
        s->main_depth++;
    if (pushed & STACK_ARTICLE)
        s->article_depth++;
    if (pushed & STACK_ARTICLE_BODY)
        s->article_body_depth++;
    return !(flags & TAG_OPAQUE);
}

static void scan_leave(void *ctx, const xmlNode *n)
{
    scan *s = ctx;
    if (n->type != XML_ELEMENT_NODE || s->depth == 0)
        return;
    unsigned char popped = s->stack[--s->depth];
    if (popped & STACK_SKIP)
        s->skip_depth--;
    if (popped & STACK_OFFTOPIC)
        s->offtopic_depth--;
    if (popped & STACK_MAIN)
        s->main_depth--;
    if (popped & STACK_ARTICLE_BODY)
        s->article_body_depth--;
    if (popped & STACK_P)
        s->p_parent = NULL;
    if (popped & STACK_ARTICLE) {
        s->article_depth--;
        if (s->article_text > s->best_article_text) {
            s->best_article = s->article;
            s->best_article_text = s->article_text;
        }
    }
}

static void scan_free(scan *s)
{
    free(s->stack);
    free(s->scores);
    free(s->og_title);
    free(s->ld_headline);
    free(s->title);
    free(s->h1);
    free(s->site_name);
    free(s->publisher);
    free(s->canonical);
    free(s->og_url);
    free(s->ld_url);
    free(s->description);
    free(s->ld_body);
    ns_strlist_clear(&s->authors);
}

/* The element that holds the story (see html.h). */
static const xmlNode *story_container(const scan *s, const xmlNode *root)
{
    const score *best = NULL;
    for (size_t i = 0; i < s->n_scores; i++)
        if (s->scores[i].text > (best ? best->text : 0))
            best = &s->scores[i];
    size_t best_text = best ? best->text : 0;
    if (s->article_body && s->article_body_text > 0)
        return s->article_body;
    if (s->best_article && s->best_article_text * 2 >= best_text)
        return s->best_article;
    if (s->main && s->main_text > 0 && s->main_text * 2 >= best_text)
        return s->main;
    if (!best)
        return s->body ? s->body : root;
    /* A story split over sibling blocks (by an advertisement): their
     * parent, when the siblings hold half as much again as the best. */
    const xmlNode *parent = best->node->parent;
    uintptr_t slot = parent ? (uintptr_t)parent->_private : 0;
    if (slot && parent != s->body) {
        const score *p = &s->scores[slot - 1];
        if ((p->text + p->below) * 2 >= best_text * 3)
            return parent;
    }
    return best->node;
}

/* ---- putting the article together ---- */

static bool is_web_url(const char *u)
{
    return u && (strncasecmp(u, "http://", 7) == 0 || strncasecmp(u, "https://", 8) == 0);
}

/* s lower-cased, letters and digits only, without a leading "the":
 * "The Harbour Gazette" -> "harbourgazette". */
static void compact(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    if (strncasecmp(s, "the ", 4) == 0)
        s += 4;
    for (; *s && n + 1 < cap; s++)
        if (isalnum((unsigned char)*s))
            out[n++] = (char)tolower((unsigned char)*s);
    out[n] = '\0';
}

/* True when a title's tail names the site: the outlet (by key), or the
 * host's own name ("The Harbour Gazette" on harbourgazette.example). */
static bool names_site(const char *tail, const char *site, const char *host)
{
    bool same = false;
    ns_outlet a, b;
    ns_outlet_canonical(tail, &a);
    if (site) {
        ns_outlet_canonical(site, &b);
        same = *a.key && strcmp(a.key, b.key) == 0;
        ns_outlet_clear(&b);
    }
    ns_outlet_clear(&a);
    if (same || !host)
        return same;
    if (strncmp(host, "www.", 4) == 0)
        host += 4;
    size_t n = strcspn(host, ".");
    char label[64], name[64], first[64];
    if (n >= sizeof label)
        return false;
    memcpy(label, host, n);
    label[n] = '\0';
    compact(label, first, sizeof first);
    compact(tail, name, sizeof name);
    return *name && strcmp(name, first) == 0;
}

/* A title without the site's name after a separator: "Story | ABC News"
 * -> "Story". */
static void trim_site_suffix(char *title, const char *site, const char *host)
{
    static const char *const separators[] = { " | ", " - ", " \xE2\x80\x94 ", " \xE2\x80\x93 ",
                                              " :: ", " \xC2\xB7 " };
    if (!title)
        return;
    char *cut = NULL;
    size_t cut_len = 0;
    for (size_t i = 0; i < sizeof separators / sizeof separators[0]; i++) {
        const char *sep = separators[i];
        for (char *p = strstr(title, sep); p; p = strstr(p + 1, sep)) {
            if (p > cut) {
                cut = p;
                cut_len = strlen(sep);
            }
        }
    }
    if (cut && cut != title && names_site(cut + cut_len, site, host))
        *cut = '\0';
}

/* True when the raw page seems cut short: no "</html" or "</body" in its
 * last 64 KiB. */
static bool looks_truncated(const char *data, size_t len)
{
    size_t from = len > 65536 ? len - 65536 : 0;
    for (size_t i = len; i-- > from;) {
        if (data[i] != '<' || i + 6 > len || data[i + 1] != '/')
            continue;
        if (strncasecmp(data + i + 2, "html", 4) == 0 || strncasecmp(data + i + 2, "body", 4) == 0)
            return false;
    }
    return true;
}

/* The page's tree, or NULL when it has no elements at all.  *stopped
 * receives why libxml2 gave up early ("Excessive depth in document"), or
 * stays empty. */
static htmlDocPtr parse_page(const char *data, size_t len, const char *url, const char *charset,
                             char *stopped, size_t stopped_cap)
{
    ns_libxml_quiet();
    int options = HTML_PARSE_NONET | HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                  HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT;
    const char *encoding = ns_libxml_encoding(data, len, charset, &options);
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (!ctxt)
        return NULL;
    htmlDocPtr doc = htmlCtxtReadMemory(ctxt, data, (int)len, url, encoding, options);
    xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
    if (e && e->level == XML_ERR_FATAL && e->message) {
        /* Without libxml2's advice to lift its limits. */
        size_t n = strcspn(e->message, "\n");
        const char *advice = strstr(e->message, " use XML_PARSE_HUGE");
        if (advice && (size_t)(advice - e->message) < n)
            n = (size_t)(advice - e->message);
        snprintf(stopped, stopped_cap, "%.*s", (int)n, e->message);
    }
    if (doc && !xmlDocGetRootElement(doc)) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    htmlFreeParserCtxt(ctxt);
    return doc;
}

/* Fail for a page without article text, saying why when libxml2 stopped
 * early. */
static ns_status no_text(const ns_html_page *page, const char *stopped, ns_error *err)
{
    if (*stopped)
        return ns_error_set(err, NS_ERR_INPUT, "%s: no article text (the HTML parser stopped: %s)",
                            page->where, stopped);
    return ns_error_set(err, NS_ERR_INPUT,
                        "%s: no article text (nothing is left once navigation, scripts, forms "
                        "and the like are taken out)",
                        page->where);
}

ns_status ns_html_read_page(const ns_html_page *page, const char *data, size_t len,
                            ns_article *article, ns_error *err)
{
    if (len > NS_HTML_MAX_BYTES)
        return ns_error_set(err, NS_ERR_INPUT,
                            "%s: a page of %zu MiB is too large (the limit is %u MiB)",
                            page->where, len >> 20, NS_HTML_MAX_BYTES >> 20);
    char stopped[160] = "";
    htmlDocPtr doc = parse_page(data, len, page->url, page->charset, stopped, sizeof stopped);
    if (!doc)
        return no_text(page, stopped, err);

    scan s;
    memset(&s, 0, sizeof s);
    s.page = page;
    walker w = { scan_enter, scan_leave, &s };
    walk((const xmlNode *)doc, &w);

    /* The body. */
    ns_buf body = NS_BUF_INIT;
    ns_html_node_text(story_container(&s, xmlDocGetRootElement(doc)), &body);
    xmlFreeDoc(doc);
    if (body.len == 0 && s.ld_body) {
        ns_buf_puts(&body, s.ld_body);
    }
    if (body.len == 0 && s.description) {
        ns_buf_puts(&body, s.description);
    }
    if (body.len == 0) {
        ns_buf_free(&body);
        scan_free(&s);
        return no_text(page, stopped, err);
    }
    size_t kept = ns_credit_strip_trailing(body.data, body.len, &article->credits);
    article->body = ns_trimmed_copy(body.data, kept);
    ns_buf_free(&body);

    /* The address, the outlet, the title. */
    const char *url = is_web_url(page->url) ? page->url
                      : is_web_url(s.canonical) ? s.canonical
                      : is_web_url(s.og_url) ? s.og_url
                      : is_web_url(s.ld_url) ? s.ld_url
                      : NULL;
    if (url)
        article->url = ns_xstrdup(url);
    char *host = url ? ns_url_host(url) : NULL;
    const char *known = host ? ns_outlet_for_host(host, strlen(host)) : NULL;
    const char *outlet = known         ? known
                         : s.site_name ? s.site_name
                         : s.publisher ? s.publisher
                                       : host;
    if (outlet)
        article->outlet = ns_xstrdup(outlet);
    char *title = s.og_title      ? s.og_title
                  : s.ld_headline ? s.ld_headline
                  : s.title       ? s.title
                                  : s.h1;
    trim_site_suffix(title, outlet, host);
    article->title = ns_xstrdup(title ? title : "");
    free(host);

    for (size_t i = 0; i < s.authors.len; i++)
        ns_article_add_authors(article, s.authors.items[i]);

    /* The date, most reliable first. */
    static const struct { int rank; ns_date_source source; } before_guess[] = {
        { DATE_PUBLISHED_META, NS_DATE_METADATA },
        { DATE_JSONLD, NS_DATE_JSONLD },
        { DATE_TIME_PUBLISHED, NS_DATE_METADATA },
        { DATE_TIME, NS_DATE_METADATA },
        { DATE_META, NS_DATE_METADATA },
    }, after_guess[] = {
        { DATE_RELATIVE, NS_DATE_RELATIVE },
        { DATE_UPDATED_META, NS_DATE_METADATA },
        { DATE_UPDATED_JSONLD, NS_DATE_JSONLD },
        { DATE_UPDATED_TIME, NS_DATE_METADATA },
    };
    for (size_t i = 0; i < sizeof before_guess / sizeof before_guess[0]; i++) {
        if (s.dates[before_guess[i].rank].found) {
            article->date = s.dates[before_guess[i].rank].t;
            article->date_source = before_guess[i].source;
            break;
        }
    }
    if (article->date_source == NS_DATE_NONE &&
        !ns_article_guess_date(article, page->reference_time)) {
        for (size_t i = 0; i < sizeof after_guess / sizeof after_guess[0]; i++) {
            if (s.dates[after_guess[i].rank].found) {
                article->date = s.dates[after_guess[i].rank].t;
                article->date_source = after_guess[i].source;
                break;
            }
        }
    }
    if (looks_truncated(data, len))
        scan_warn(&s, "the page ends without </body> or </html> (cut short?): read what is there");
    scan_free(&s);
    return NS_OK;
}

char *ns_html_fragment_text(const char *html, size_t len)
{
    ns_buf out = NS_BUF_INIT;
    ns_buf_append(&out, "", 0);
    if (len == 0 || len > NS_HTML_MAX_BYTES)
        return ns_buf_detach(&out);
    /* Plain text needs no parser. */
    if (!memchr(html, '<', len) && !memchr(html, '&', len)) {
        text_walk t = { &out, 0, NULL, false, false };
        append_text(&t, html, len);
        return ns_buf_detach(&out);
    }
    ns_libxml_quiet();
    htmlDocPtr doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
                                    HTML_PARSE_NONET | HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                        HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT |
                                        HTML_PARSE_IGNORE_ENC);
    const xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (root)
        ns_html_node_text(root, &out);
    if (doc)
        xmlFreeDoc(doc);
    return ns_buf_detach(&out);
}

/* ---- the reader ---- */

size_t ns_markup_start(const char *head, size_t len, bool skip_doctype)
{
    size_t i = 0;
    if (len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    for (;;) {
        while (i < len && isspace((unsigned char)head[i]))
            i++;
        if (i + 1 >= len || head[i] != '<')
            return i;
        const char *close = len - i >= 4 && memcmp(head + i, "<!--", 4) == 0 ? "-->"
                            : head[i + 1] == '?'                             ? "?>"
                            : skip_doctype && head[i + 1] == '!'             ? ">"
                                                                             : NULL;
        if (!close)
            return i;
        size_t n = strlen(close), j = i + 2;
        while (j + n <= len && memcmp(head + j, close, n) != 0)
            j++;
        if (j + n > len)
            return len;
        i = j + n;
    }
}

/* The first markup of a page: a doctype or an <html>, <head>, <body> or
 * <meta> tag. */
static bool looks_like_html(const char *head, size_t len)
{
    size_t i = ns_markup_start(head, len, false);
    static const char *const starts[] = { "<!doctype html", "<html", "<head", "<body", "<meta" };
    for (size_t k = 0; k < sizeof starts / sizeof starts[0]; k++) {
        size_t n = strlen(starts[k]);
        if (len - i > n && strncasecmp(head + i, starts[k], n) == 0 &&
            !isalnum((unsigned char)head[i + n]))
            return true;
    }
    return false;
}

static ns_sniff html_sniff(const char *path, const char *head, size_t len)
{
    if (looks_like_html(head, len))
        return NS_SNIFF_BY_CONTENT;
    if (ns_path_has_suffix(path, ".html") || ns_path_has_suffix(path, ".htm") ||
        ns_path_has_suffix(path, ".xhtml"))
        return NS_SNIFF_BY_NAME;
    return NS_SNIFF_NO;
}

static ns_status html_read(const ns_read_context *ctx, const char *data, size_t len,
                           ns_article_list *out, ns_error *err)
{
    ns_html_page page = {
        .ctx = ctx,
        .where = ctx->path,
        .reference_time = ctx->reference_time,
    };
    ns_article *article = ns_article_list_add(out);
    ns_status st = ns_html_read_page(&page, data, len, article, err);
    if (st != NS_OK) {
        ns_article_clear(article);
        out->len--;
    }
    return st;
}

const ns_reader ns_reader_html = { "html", html_sniff, html_read, NS_READER_OWN_ENCODING };
