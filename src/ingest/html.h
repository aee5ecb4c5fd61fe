/* HTML pages: what the HTML reader (html.c) shares with the feed and WARC
 * readers, so that a page, a feed item's markup and an archived response
 * are read by one piece of code.
 *
 * Pages are parsed with libxml2's HTML parser, which never fetches
 * anything (HTML_PARSE_NONET) and recovers from broken markup; its own
 * error output is silenced and what makes a page unusable is reported
 * through ns_error.
 */
#ifndef NS_INGEST_HTML_H
#define NS_INGEST_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "ingest/reader.h"
#include "newssearch/article.h"
#include "newssearch/status.h"
#include "util/buf.h"

/* Pages larger than this are not articles (and libxml2 takes an int). */
#define NS_HTML_MAX_BYTES (64u << 20)

typedef struct ns_html_page {
    const ns_read_context *ctx;  /* for warnings */
    const char *where;      /* starts error messages: the path, or
                             * "path: record 3 (https://...)" */
    const char *record;     /* starts warnings after the path: "record 3",
                             * or NULL */
    size_t line;            /* for warnings: the line the page starts on, or 0 */
    const char *url;        /* the page's address from outside (a WARC
                             * target URI), or NULL: then the page's own
                             * canonical link, og:url or JSON-LD url */
    const char *charset;    /* from an HTTP Content-Type, or NULL */
    int64_t reference_time; /* for datelines without a year, relative times */
} ns_html_page;

/* Read one page (its bytes as served, in any encoding libxml2 knows) into
 * article, which must be zeroed:
 *   title    og:title, JSON-LD headline, <title> (without the site's name
 *            after a separator), the first <h1>;
 *   outlet   the known outlet of the page's host, og:site_name, JSON-LD
 *            publisher.name, the host;
 *   date     article:published_time, JSON-LD datePublished, <time
 *            datetime>, <meta name="date"> and the like (metadata), then
 *            the URL and a dateline (ns_article_guess_date()), a relative
 *            <time>, and only then a "last updated" stamp; never a date
 *            inside comments or related links.  NS_DATE_NONE when there
 *            is none: the caller decides;
 *   bylines  <meta name="author">, JSON-LD author (an agency named there
 *            is a credit instead);
 *   body     the text of the JSON-LD articleBody element, else the biggest
 *            <article>, else <main>, else the block with most paragraph
 *            text; without navigation, menus, scripts, styles, forms,
 *            headers, footers, asides, cookie banners, share buttons,
 *            comments and related links; one paragraph a line.
 * A page with no article text fails with NS_ERR_INPUT ("<where>: no
 * article text ..."); the article is then left empty. */
ns_status ns_html_read_page(const ns_html_page *page, const char *data, size_t len,
                            ns_article *article, ns_error *err);

/* Append the text of node and what it holds to out as a body is made:
 * blocks on their own lines, white space collapsed, the page furniture
 * listed above left out.  Works on any libxml2 tree (a feed's XHTML too);
 * entity references are not followed. */
void ns_html_node_text(const xmlNode *node, ns_buf *out);

/* The text of a fragment of HTML in UTF-8 (a feed item's description) as
 * ns_html_node_text() makes it.  Caller frees. */
char *ns_html_fragment_text(const char *html, size_t len);

/* Where the first tag of a document starts in its head: after a
 * byte-order mark, white space, comments, processing instructions (the
 * XML declaration) and, when skip_doctype, a doctype.  len when the head
 * ends inside them. */
size_t ns_markup_start(const char *head, size_t len, bool skip_doctype);

/* Silence libxml2's own error output (errors are reported our way). */
void ns_libxml_quiet(void);

/* The encoding to give libxml2 for data, adding XML_PARSE_IGNORE_ENC to
 * *options when the document's own declaration must not count.  Valid
 * UTF-8 is UTF-8, whatever the document or the server says (a page saved
 * by a browser keeps its old charset declaration); otherwise `declared`
 * (a server's charset) when given, else NULL: the document's own
 * declaration, then libxml2's guess. */
const char *ns_libxml_encoding(const char *data, size_t len, const char *declared, int *options);

#endif
