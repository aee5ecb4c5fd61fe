/* News feeds: RSS 2.0, RSS 1.0 (RDF) and Atom, one article an item.
 *
 * Chosen by content (the root element is <rss>, <feed> or <rdf:RDF>),
 * whatever the name (.xml, .rss, .atom or none); a .rss or .atom file that
 * is not a feed is reported as such.
 *
 *   outlet  the channel's title, or the known outlet of the channel's link
 *           when the title is not a known outlet ("BBC News - World" from
 *           bbc.co.uk is BBC News)
 *   title   <title> (Atom: as its type says)
 *   url     <link> (Atom: the alternate link)
 *   id      the url; without one, <guid> or Atom <id>
 *   date    <pubDate>, <dc:date>, Atom <published>, then <updated>
 *   body    <content:encoded>, Atom <content>, <description> or <summary>,
 *           markup stripped (src/ingest/html.h)
 *   bylines <dc:creator>, <author> (an agency there is a credit)
 *
 * Safety: libxml2 reads with XML_PARSE_NONET and without XML_PARSE_NOENT
 * or XML_PARSE_DTDLOAD, so no external entity or DTD is ever loaded (no
 * XXE); entity references are not followed when text is taken; files over
 * FEED_MAX_BYTES are refused.  A feed that is not well-formed is reported
 * with its line; what libxml2 can recover of it is read, and when nothing
 * can be, the file is refused.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "extract/dates.h"
#include "extract/outlet.h"
#include "ingest/html.h"
#include "ingest/reader.h"
#include "text/normalize.h"
#include "util/buf.h"
#include "util/mem.h"

#define FEED_MAX_BYTES (64u << 20)

/* ---- sniffing ---- */

/* The name of the first element, after a byte-order mark, white space,
 * the XML declaration, processing instructions, comments and a doctype. */
static const char *root_name(const char *head, size_t len, size_t *name_len)
{
    size_t i = ns_markup_start(head, len, true);
    if (i + 1 >= len || head[i] != '<')
        return NULL;
    const char *name = head + i + 1;
    size_t n = 0;
    while (i + 1 + n < len && (isalnum((unsigned char)name[n]) || name[n] == ':' ||
                               name[n] == '-' || name[n] == '_' || name[n] == '.'))
        n++;
    *name_len = n;
    return name;
}

static bool local_name_is(const char *name, size_t len, const char *local)
{
    const char *colon = memchr(name, ':', len);
    if (colon) {
        len -= (size_t)(colon + 1 - name);
        name = colon + 1;
    }
    return len == strlen(local) && memcmp(name, local, len) == 0;
}

static ns_sniff feed_sniff(const char *path, const char *head, size_t len)
{
    size_t n = 0;
    const char *name = root_name(head, len, &n);
    if (name && (local_name_is(name, n, "rss") || local_name_is(name, n, "feed") ||
                 local_name_is(name, n, "RDF")))
        return NS_SNIFF_BY_CONTENT;
    if (ns_path_has_suffix(path, ".rss") || ns_path_has_suffix(path, ".atom"))
        return NS_SNIFF_BY_NAME;
    return NS_SNIFF_NO;
}

/* ---- reading ---- */

static bool is(const xmlNode *n, const char *local)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0;
}

/* True when n is in a namespace whose URI contains part. */
static bool in_namespace(const xmlNode *n, const char *part)
{
    return n->ns && n->ns->href && strstr((const char *)n->ns->href, part);
}

static const xmlNode *child(const xmlNode *parent, const char *local)
{
    for (const xmlNode *c = parent->children; c; c = c->next)
        if (is(c, local))
            return c;
    return NULL;
}

static const char *attr(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        if (strcmp((const char *)a->name, name) == 0) {
            const xmlNode *t = a->children;
            return t && t->type == XML_TEXT_NODE && t->content ? (const char *)t->content : "";
        }
    }
    return NULL;
}

/* The text directly inside n (text and CDATA; entity references are not
 * followed), white space collapsed and trimmed.  Caller frees. */
static char *text_of(const xmlNode *n)
{
    ns_buf raw = NS_BUF_INIT;
    ns_buf_append(&raw, "", 0);
    for (const xmlNode *c = n->children; c; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
            ns_buf_puts(&raw, (const char *)c->content);
    /* Collapse white space. */
    ns_buf clean = NS_BUF_INIT;
    ns_buf_append(&clean, "", 0);
    bool space = false;
    for (size_t i = 0; i < raw.len; i++) {
        unsigned char ch = (unsigned char)raw.data[i];
        if (isspace(ch)) {
            space = clean.len > 0;
            continue;
        }
        if (space)
            ns_buf_putc(&clean, ' ');
        space = false;
        ns_buf_putc(&clean, (char)ch);
    }
    ns_buf_free(&raw);
    return ns_buf_detach(&clean);
}

/* The text of an element that may hold markup, as its type says: Atom's
 * type="text" | "html" | "xhtml"; RSS's description and content:encoded
 * are escaped HTML.  Caller frees. */
static char *markup_text(const xmlNode *n, bool atom)
{
    const char *type = atom ? attr(n, "type") : "html";
    if (!type || strcasecmp(type, "text") == 0 || strcasecmp(type, "text/plain") == 0)
        return text_of(n);
    if (strcasecmp(type, "xhtml") == 0 || strcasecmp(type, "application/xhtml+xml") == 0) {
        ns_buf out = NS_BUF_INIT;
        ns_html_node_text(n, &out);
        return ns_buf_detach(&out);
    }
    ns_buf raw = NS_BUF_INIT;
    ns_buf_append(&raw, "", 0);
    for (const xmlNode *c = n->children; c; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
            ns_buf_puts(&raw, (const char *)c->content);
    char *text = ns_html_fragment_text(raw.data, raw.len);
    ns_buf_free(&raw);
    return text;
}

/* The href of an Atom element's alternate link, or the text of an RSS
 * <link>. */
static const char *atom_link(const xmlNode *parent)
{
    const char *first = NULL;
    for (const xmlNode *c = parent->children; c; c = c->next) {
        if (!is(c, "link"))
            continue;
        const char *rel = attr(c, "rel");
        const char *href = attr(c, "href");
        if (href && (!rel || strcmp(rel, "alternate") == 0))
            return href;
        if (href && !first && rel && strcmp(rel, "self") != 0)
            first = href;
    }
    return first;
}

typedef struct feed {
    const ns_read_context *ctx;
    bool atom;
    char *outlet;           /* for every item */
    size_t items, skipped;
} feed;

/* The outlet of the feed: see the header comment. */
static char *feed_outlet(const xmlNode *channel, bool atom)
{
    const xmlNode *title = child(channel, "title");
    char *name = title ? text_of(title) : NULL;
    char *link = NULL;
    if (atom) {
        const char *href = atom_link(channel);
        link = href ? ns_xstrdup(href) : NULL;
    } else {
        const xmlNode *l = child(channel, "link");
        link = l ? text_of(l) : NULL;
    }
    char *host = link ? ns_url_host(link) : NULL;
    free(link);
    const char *known_host = host ? ns_outlet_for_host(host, strlen(host)) : NULL;
    bool known_name = false;
    if (name && *name && known_host) {
        ns_outlet o;
        ns_outlet_canonical(name, &o);
        ns_outlet h;
        ns_outlet_canonical(known_host, &h);
        known_name = strcmp(o.key, h.key) == 0;
        ns_outlet_clear(&o);
        ns_outlet_clear(&h);
    }
    char *outlet;
    if (known_host && !known_name)
        outlet = ns_xstrdup(known_host);
    else if (name && *name)
        outlet = ns_xstrdup(name);
    else
        outlet = host ? ns_xstrdup(host) : NULL;
    free(name);
    free(host);
    return outlet;
}

static void read_item(feed *f, const xmlNode *item, ns_article_list *out)
{
    f->items++;
    long line = xmlGetLineNo(item);
    size_t at = line > 0 ? (size_t)line : 0;
    const xmlNode *title = NULL, *content = NULL, *summary = NULL;
    const xmlNode *published = NULL, *updated = NULL;
    char *link = NULL, *guid = NULL;
    ns_article *a = ns_article_list_add(out);
    for (const xmlNode *c = item->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)c->name;
        if (strcmp(name, "title") == 0 && !title) {
            title = c;
        } else if (strcmp(name, "link") == 0 && !link && !f->atom) {
            link = text_of(c);
        } else if ((strcmp(name, "guid") == 0 || strcmp(name, "id") == 0) && !guid) {
            guid = text_of(c);
        } else if (strcmp(name, "pubDate") == 0 || strcmp(name, "published") == 0 ||
                   strcmp(name, "issued") == 0 ||
                   (strcmp(name, "date") == 0 && in_namespace(c, "purl.org/dc"))) {
            if (!published)
                published = c;
        } else if (strcmp(name, "updated") == 0 || strcmp(name, "modified") == 0) {
            if (!updated)
                updated = c;
        } else if (strcmp(name, "encoded") == 0 &&
                   in_namespace(c, "purl.org/rss/1.0/modules/content")) {
            content = c;
        } else if (strcmp(name, "content") == 0 && f->atom && !attr(c, "src")) {
            if (!content)
                content = c;
        } else if (strcmp(name, "description") == 0 || strcmp(name, "summary") == 0) {
            if (!summary)
                summary = c;
        } else if (strcmp(name, "creator") == 0 && in_namespace(c, "purl.org/dc")) {
            char *who = text_of(c);
            ns_article_add_authors(a, who);
            free(who);
        } else if (strcmp(name, "author") == 0) {
            const xmlNode *n = f->atom ? child(c, "name") : c;
            char *who = n ? text_of(n) : NULL;
            if (who)
                ns_article_add_authors(a, who);
            free(who);
        }
    }
    if (f->atom) {
        const char *href = atom_link(item);
        if (href)
            link = ns_xstrdup(href);
    }
    char *title_text = title ? markup_text(title, f->atom) : NULL;
    const xmlNode *body_node = content ? content : summary;
    /* An RSS <content:encoded> or <description> is HTML; an Atom
     * <content> or <summary> says what it is. */
    char *body = body_node ? markup_text(body_node, f->atom) : NULL;
    if ((!title_text || !*title_text) && (!body || !*body)) {
        ns_read_warn(f->ctx, at, "item %zu has neither title nor text: skipped", f->items);
        ns_article_clear(a);
        out->len--;
        f->skipped++;
        free(title_text);
        free(body);
        free(link);
        free(guid);
        return;
    }
    a->title = title_text ? title_text : ns_xstrdup("");
    a->body = body ? body : ns_xstrdup("");
    if (link && *link)
        a->url = link;
    else
        free(link);
    if (!a->url && guid && *guid)
        a->id = guid;
    else
        free(guid);
    if (f->outlet)
        a->outlet = ns_xstrdup(f->outlet);

    const xmlNode *dates[2] = { published, updated };
    for (int k = 0; k < 2 && a->date_source == NS_DATE_NONE; k++) {
        if (!dates[k])
            continue;
        char *value = text_of(dates[k]);
        int64_t t;
        if (ns_parse_date(value, strlen(value), f->ctx->reference_time, &t)) {
            a->date = t;
            a->date_source = NS_DATE_FEED;
        } else {
            ns_read_warn(f->ctx, at, "item %zu: <%s> \"%.40s\" is not a date: ignored", f->items,
                         (const char *)dates[k]->name, value);
        }
        free(value);
    }
}

/* Why a feed is not well-formed, when libxml2 had to recover it. */
typedef struct xml_problem {
    int line;              /* 0: none */
    char message[200];
} xml_problem;

/* Parse the feed: strictly, else what libxml2 can recover (the problem
 * kept in *problem); NULL with err set when nothing can be. */
static xmlDocPtr parse_feed(const ns_read_context *ctx, const char *data, size_t len,
                            xml_problem *problem, ns_error *err)
{
    ns_libxml_quiet();
    /* No NOENT (entities are not substituted), no DTDLOAD, no network. */
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                  XML_PARSE_NOCDATA | XML_PARSE_COMPACT;
    const char *encoding = ns_libxml_encoding(data, len, NULL, &options);
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        ns_error_set(err, NS_ERR_INPUT, "%s: libxml2 could not make a parser", ctx->path);
        return NULL;
    }
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)len, NULL, encoding, options);
    if (!doc) {
        xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
        snprintf(problem->message, sizeof problem->message, "%s",
                 e && e->message ? e->message : "unknown error");
        size_t n = strlen(problem->message);
        while (n && isspace((unsigned char)problem->message[n - 1]))
            problem->message[--n] = '\0';
        problem->line = e && e->line > 0 ? e->line : 1;
        xmlCtxtReset(ctxt);
        doc = xmlCtxtReadMemory(ctxt, data, (int)len, NULL, encoding, options | XML_PARSE_RECOVER);
        if (doc && !xmlDocGetRootElement(doc)) {
            xmlFreeDoc(doc);
            doc = NULL;
        }
        if (!doc)
            ns_error_set(err, NS_ERR_INPUT, "%s:%d: not well-formed XML: %s", ctx->path,
                         problem->line, problem->message);
    }
    xmlFreeParserCtxt(ctxt);
    return doc;
}

static ns_status feed_read(const ns_read_context *ctx, const char *data, size_t len,
                           ns_article_list *out, ns_error *err)
{
    if (len > FEED_MAX_BYTES)
        return ns_error_set(err, NS_ERR_INPUT,
                            "%s: a feed of %zu MiB is too large (the limit is %u MiB)", ctx->path,
                            len >> 20, FEED_MAX_BYTES >> 20);
    xml_problem problem = { 0, "" };
    xmlDocPtr doc = parse_feed(ctx, data, len, &problem, err);
    if (!doc)
        return NS_ERR_INPUT;
    const xmlNode *root = xmlDocGetRootElement(doc);
    feed f = { .ctx = ctx };
    const xmlNode *channel = NULL;
    size_t first = out->len;
    if (is(root, "rss") || is(root, "RDF")) {
        channel = child(root, "channel");
    } else if (is(root, "feed")) {
        channel = root;
        f.atom = true;
    } else {
        ns_status st = ns_error_set(err, NS_ERR_INPUT,
                                    "%s: XML, but not an RSS or Atom feed (the root element is "
                                    "<%.40s>)",
                                    ctx->path, (const char *)root->name);
        xmlFreeDoc(doc);
        return st;
    }
    f.outlet = channel ? feed_outlet(channel, f.atom) : NULL;
    const char *item_name = f.atom ? "entry" : "item";
    /* RSS 2.0 keeps items in the channel, RSS 1.0 beside it. */
    const xmlNode *parents[2] = { channel, is(root, "RDF") ? root : NULL };
    for (int k = 0; k < 2; k++) {
        if (!parents[k])
            continue;
        for (const xmlNode *c = parents[k]->children; c; c = c->next)
            if (is(c, item_name))
                read_item(&f, c, out);
    }
    free(f.outlet);
    xmlFreeDoc(doc);
    size_t read = out->len - first;
    if (problem.line && read == 0)
        return ns_error_set(err, NS_ERR_INPUT, "%s:%d: not well-formed XML: %s", ctx->path,
                            problem.line, problem.message);
    if (problem.line)
        ns_read_warn(ctx, (size_t)problem.line,
                     "not well-formed XML (%s): read the %zu item%s that could be recovered", problem.message,
                     read, read == 1 ? "" : "s");
    if (read == 0)
        return ns_error_set(err, NS_ERR_INPUT, "%s: a feed without items%s", ctx->path,
                            f.items ? " that can be read" : "");
    return NS_OK;
}

const ns_reader ns_reader_feed = { "feed", feed_sniff, feed_read, NS_READER_OWN_ENCODING };
