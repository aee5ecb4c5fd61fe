/* The HTML, feed and WARC readers: what they take from where, the order of
 * date sources, and bad input (each reported with the file and the line or
 * record, the rest read). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <zlib.h>

#include "extract/dates.h"
#include "ingest/html.h"
#include "ingest/reader.h"
#include "util/buf.h"
#include "util/mem.h"

#include "reading.h"

static ns_status read_file(const char *path, const char *data, size_t len, ns_article_list *out,
                           ns_error *err)
{
    ns_read_context ctx = read_context(path);
    return ns_read_file(&ctx, data, len, out, NULL, err);
}

static void assert_contains(const char *haystack, const char *needle)
{
    if (!strstr(haystack, needle))
        fail_msg("\"%.300s\" does not contain \"%s\"", haystack, needle);
}

static void assert_lacks(const char *haystack, const char *needle)
{
    if (strstr(haystack, needle))
        fail_msg("\"%.300s\" contains \"%s\"", haystack, needle);
}

static char *iso(int64_t t)
{
    static char out[21];
    ns_format_iso8601(t, out);
    return out;
}

/* ---- HTML ---- */

static void test_html_page_with_everything(void **state)
{
    size_t len;
    char *data = load("corpora/html/sbs-hazard-burn.html", &len);
    ns_article_list list = { 0 };
    assert_int_equal(read_file("burn.html", data, len, &list, NULL), NS_OK);
    assert_int_equal(list.len, 1);
    ns_article *a = &list.items[0];
    assert_string_equal(a->format, "html");
    assert_string_equal(a->title,
                        "Hazard reduction burn jumps containment lines in the Blue Mountains");
    assert_string_equal(a->outlet, "SBS News");
    assert_string_equal(a->url, "https://www.sbs.com.au/news/article/2025-08-07/"
                                "blue-mountains-hazard-reduction-burn-jumps-lines/105623456");
    /* article:published_time, not the update, the URL or a comment */
    assert_string_equal(iso(a->date), "2025-08-07T06:40:00Z");
    assert_int_equal(a->date_source, NS_DATE_METADATA);
    assert_int_equal(a->bylines.len, 2);
    assert_string_equal(a->bylines.items[0], "Hannah Lowe");
    assert_string_equal(a->bylines.items[1], "Tom Ferris");
    assert_int_equal(a->credits.len, 0);
    /* The story, one paragraph a line, subheadings kept ... */
    assert_memory_equal(a->body, "A hazard reduction burn in the Blue Mountains crossed", 53);
    assert_contains(a->body, "\nResidents told to check their bushfire plans\n");
    assert_contains(a->body, "\"Crews were well prepared");
    /* ... and none of the furniture. */
    static const char *const furniture[] = {
        "Skip to main content", "Just In", "Search the news", "We use cookies", "Accept all",
        "Share on Facebook", "Smoke from the burn", "Related stories", "burn season early",
        "Comments", "reached Leura", "morning briefing", "Subscribe", "Traditional Owners",
        "dataLayer", "position:fixed", "By Hannah Lowe", "Posted", "Hazard reduction burn jumps",
    };
    for (size_t i = 0; i < sizeof furniture / sizeof furniture[0]; i++)
        assert_lacks(a->body, furniture[i]);
    assert_int_equal(seen.count, 0);
    ns_article_list_clear(&list);
    free(data);
}

/* One inline page per date source, most reliable first; each row adds a
 * less reliable source that must lose. */
static void test_html_date_sources(void **state)
{
    static const struct {
        const char *name;
        const char *head, *body;
        const char *date;
        ns_date_source source;
    } rows[] = {
        { "published meta over JSON-LD and time",
          "<meta property=\"article:published_time\" content=\"2025-08-01T01:00:00Z\">"
          "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
          "\"datePublished\":\"2025-08-02T01:00:00Z\"}</script>",
          "<time datetime=\"2025-08-03T01:00:00Z\">3 Aug</time><p>Text.</p>",
          "2025-08-01T01:00:00Z", NS_DATE_METADATA },
        { "JSON-LD over time and meta date",
          "<meta name=\"date\" content=\"2025-08-04\">"
          "<script type=\"application/ld+json\">[{\"@type\":\"WebSite\"},{\"@type\":[\"NewsArticle\"],"
          "\"datePublished\":\"2025-08-02T01:00:00Z\"}]</script>",
          "<time datetime=\"2025-08-03T01:00:00Z\">3 Aug</time><p>Text.</p>",
          "2025-08-02T01:00:00Z", NS_DATE_JSONLD },
        { "time over meta date",
          "<meta name=\"date\" content=\"2025-08-04\">",
          "<p>By a reporter <time datetime=\"2025-08-03T01:00:00Z\">3 Aug</time></p><p>Text.</p>",
          "2025-08-03T01:00:00Z", NS_DATE_METADATA },
        { "meta date over an update stamp",
          "<meta name=\"date\" content=\"Mon, 04 Aug 2025 10:00:00 +1000\">"
          "<meta property=\"article:modified_time\" content=\"2025-08-08T00:00:00Z\">",
          "<p>Updated <time datetime=\"2025-08-08T00:00:00Z\">8 Aug</time></p><p>Text.</p>",
          "2025-08-04T00:00:00Z", NS_DATE_METADATA },
        { "URL over dateline and update stamps",
          "<link rel=\"canonical\" href=\"https://example.org/2025/08/05/story\">"
          "<meta property=\"article:modified_time\" content=\"2025-08-08T00:00:00Z\">",
          "<p>SYDNEY, Aug 6 (AAP) - Text.</p>",
          "2025-08-05T00:00:00Z", NS_DATE_URL },
        { "dateline over relative time and update stamps",
          "<meta property=\"article:modified_time\" content=\"2025-08-08T00:00:00Z\">",
          "<header><time>5 hours ago</time></header><p>SYDNEY, Aug 6 (AAP) - Text.</p>",
          "2025-08-06T00:00:00Z", NS_DATE_TEXT },
        { "relative time over an update stamp",
          "<meta property=\"article:modified_time\" content=\"2025-08-08T00:00:00Z\">",
          "<time>5 hours ago</time><p>Text.</p>",
          "2025-08-09T05:00:00Z", NS_DATE_RELATIVE },
        { "an update stamp when it is all there is",
          "<meta property=\"article:modified_time\" content=\"2025-08-08T00:00:00Z\">",
          "<p>Text.</p>",
          "2025-08-08T00:00:00Z", NS_DATE_METADATA },
        { "never a comment's date or a related story's",
          "",
          "<p>Text.</p><div class=\"comments\"><time datetime=\"2025-08-07T00:00:00Z\">x</time>"
          "</div><aside><time datetime=\"2025-07-01T00:00:00Z\">y</time></aside>",
          "2025-08-09T10:00:00Z", NS_DATE_CRAWL },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char *page = ns_xasprintf("<!DOCTYPE html><html><head><title>T</title>%s</head>"
                                  "<body><article>%s</article></body></html>",
                                  rows[i].head, rows[i].body);
        ns_article_list list = { 0 };
        ns_error err;
        if (read_file("dates.html", page, strlen(page), &list, &err) != NS_OK)
            fail_msg("%s: %s", rows[i].name, err.message);
        if (strcmp(iso(list.items[0].date), rows[i].date) != 0 ||
            list.items[0].date_source != rows[i].source)
            fail_msg("%s: got %s from %s", rows[i].name, iso(list.items[0].date),
                     ns_date_source_name(list.items[0].date_source));
        ns_article_list_clear(&list);
        free(page);
    }
}

static void test_html_titles_and_outlets(void **state)
{
    static const struct {
        const char *head, *body;
        const char *title, *outlet;
    } rows[] = {
        { "<title>T | Site</title><meta property=\"og:title\" content=\" OG  title \">"
          "<meta property=\"og:site_name\" content=\"Daily Planet\">",
          "<h1>H</h1>", "OG title", "Daily Planet" },
        { "<title>T | Site</title><script type=\"application/ld+json\">{\"@type\":\"Article\","
          "\"headline\":\"LD title\",\"publisher\":{\"name\":\"Planet Media\"}}</script>",
          "<h1>H</h1>", "LD title", "Planet Media" },
        /* the site's name after a separator goes, other tails stay */
        { "<title>Floods cut roads - ABC News</title>"
          "<link rel=\"canonical\" href=\"https://www.abc.net.au/news/x\">",
          "", "Floods cut roads", "ABC News" },
        { "<title>Ferry cut | The Harbour Gazette</title>"
          "<link rel=\"canonical\" href=\"https://www.harbourgazette.example/x\">",
          "", "Ferry cut", "harbourgazette.example" },
        { "<title>Q&amp;A: what the rate cut means - explained</title>", "",
          "Q&A: what the rate cut means - explained", NULL },
        /* the known outlet of the host over what the page calls itself */
        { "<meta property=\"og:site_name\" content=\"ABC\">"
          "<meta property=\"og:url\" content=\"https://abcnews.go.com/US/story\">",
          "<h1>Only the h1</h1>", "Only the h1", "ABC News (US)" },
        { "", "<h1> Only \n the h1 </h1>", "Only the h1", NULL },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char *page = ns_xasprintf("<html><head>%s</head><body>%s<p>Some text.</p></body></html>",
                                  rows[i].head, rows[i].body);
        ns_article_list list = { 0 };
        assert_int_equal(read_file("t.html", page, strlen(page), &list, NULL), NS_OK);
        if (strcmp(list.items[0].title, rows[i].title) != 0)
            fail_msg("row %zu: title \"%s\"", i, list.items[0].title);
        if (rows[i].outlet)
            assert_string_equal(list.items[0].outlet, rows[i].outlet);
        else
            assert_null(list.items[0].outlet);
        ns_article_list_clear(&list);
        free(page);
    }
}

static void test_html_story_container(void **state)
{
    /* No <article>: the block with most paragraph text, even when split
     * by an advertisement into sibling blocks. */
    const char *page =
        "<html><body><div class=\"teaser\"><p>Short teaser.</p></div>"
        "<div id=\"story\"><div class=\"part\"><p>First paragraph of the story, long enough to "
        "count.</p><p>Second paragraph of the story.</p></div><div class=\"ad\"><p>Buy now</p>"
        "</div><div class=\"part\"><p>Third paragraph after the advertisement, also long.</p>"
        "<p>And the last one.</p></div></div><div class=\"sidebar\"><p>Most read: a very long list of other stories "
        "that goes on and on and on and on.</p></div></body></html>";
    ns_article_list list = { 0 };
    assert_int_equal(read_file("s.html", page, strlen(page), &list, NULL), NS_OK);
    assert_string_equal(list.items[0].body,
                        "First paragraph of the story, long enough to count.\n"
                        "Second paragraph of the story.\n"
                        "Third paragraph after the advertisement, also long.\n"
                        "And the last one.");
    ns_article_list_clear(&list);

    /* The biggest <article>, not a related teaser; <br> breaks lines;
     * cells are spaced; inline markup does not split words. */
    page = "<html><body><article><p>Teaser.</p></article><article><p>The <b>main</b> story"
           "<br>goes here.</p><table><tr><td>a</td><td>b</td></tr></table></article>"
           "</body></html>";
    assert_int_equal(read_file("s.html", page, strlen(page), &list, NULL), NS_OK);
    assert_string_equal(list.items[0].body, "The main story\ngoes here.\na b");
    ns_article_list_clear(&list);
}

static void test_html_encodings(void **state)
{
    size_t len;
    char *data = load("corpora/html/montreal-port-cp1252.html", &len);
    ns_article_list list = { 0 };
    assert_int_equal(read_file("port.html", data, len, &list, NULL), NS_OK);
    assert_string_equal(list.items[0].title, "Port workers in Montr\xC3\xA9" "al vote to extend walkout");
    assert_contains(list.items[0].body, "Canada\xE2\x80\x99s labour minister");
    assert_string_equal(iso(list.items[0].date), "2025-08-07T00:00:00Z");
    assert_int_equal(list.items[0].date_source, NS_DATE_TEXT);
    assert_string_equal(list.items[0].credits.items[0], "Reuters");
    assert_int_equal(seen.count, 0);
    ns_article_list_clear(&list);
    free(data);

    /* UTF-8 bytes under a stale Latin-1 declaration are read as UTF-8. */
    const char *page = "<html><head><meta charset=\"iso-8859-1\"><title>Caf\xC3\xA9</title></head>"
                       "<body><p>Cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e.</p></body></html>";
    assert_int_equal(read_file("u.html", page, strlen(page), &list, NULL), NS_OK);
    assert_string_equal(list.items[0].title, "Caf\xC3\xA9");
    assert_string_equal(list.items[0].body, "Cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e.");
    ns_article_list_clear(&list);
}

static void test_html_bad_input(void **state)
{
    static const struct { const char *name; const char *page; const char *message; } rows[] = {
        { "no text", "<html><head><title>Menu</title><script>var x = 1;</script></head><body>"
          "<nav><a href=\"/\">Home</a></nav><form><input></form><footer>(c) 2025</footer>"
          "</body></html>",
          "p.html: no article text" },
        { "cut in the head", "<!DOCTYPE html><html><head><title>Cut</title><meta name=\"da",
          "p.html: no article text" },
        { "only a comment", "<!-- nothing here -->", "p.html: no article text" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        ns_article_list list = { 0 };
        ns_error err;
        assert_int_equal(read_file("p.html", rows[i].page, strlen(rows[i].page), &list, &err),
                         NS_ERR_INPUT);
        if (strncmp(err.message, rows[i].message, strlen(rows[i].message)) != 0)
            fail_msg("%s: \"%s\"", rows[i].name, err.message);
        assert_int_equal(list.len, 0);
    }

    /* Cut in the body: read what is there, with a warning. */
    size_t len;
    char *data = load("corpora/html/sbs-hazard-burn.html", &len);
    const char *cut = strstr(data, "The highway remained open");
    ns_article_list list = { 0 };
    assert_int_equal(read_file("cut.html", data, (size_t)(cut - data), &list, NULL), NS_OK);
    assert_contains(list.items[0].body, "water-bombing helicopters");
    assert_contains(seen.text.data, "cut.html:0: the page ends without </body> or </html>");
    ns_article_list_clear(&list);
    free(data);

    /* Deep nesting is walked without recursion, up to libxml2's limit of
     * 256 levels; beyond it the parser stops, and says so. */
    ns_buf deep = NS_BUF_INIT;
    ns_buf_puts(&deep, "<html><body>");
    for (int i = 0; i < 240; i++)
        ns_buf_puts(&deep, "<div>");
    ns_buf_puts(&deep, "<p>Deep text.</p></body></html>");
    assert_int_equal(read_file("deep.html", deep.data, deep.len, &list, NULL), NS_OK);
    assert_contains(list.items[0].body, "Deep text.");
    ns_article_list_clear(&list);
    ns_buf_reset(&deep);
    ns_buf_puts(&deep, "<html><body>");
    for (int i = 0; i < 100000; i++)
        ns_buf_puts(&deep, "<div>");
    ns_buf_puts(&deep, "<p>Deep text.</p></body></html>");
    ns_error err;
    assert_int_equal(read_file("deep.html", deep.data, deep.len, &list, &err), NS_ERR_INPUT);
    assert_string_equal(err.message, "deep.html: no article text (the HTML parser stopped: "
                                     "Excessive depth in document: 256)");
    ns_buf_free(&deep);

    /* Broken JSON-LD is reported and the page read. */
    const char *page = "<html><head><script type=\"application/ld+json\">{\"@type\": </script>"
                       "</head><body><p>Text.</p></body></html>";
    assert_int_equal(read_file("ld.html", page, strlen(page), &list, NULL), NS_OK);
    assert_contains(seen.text.data, "ld.html:0: a JSON-LD block is not JSON");
    ns_article_list_clear(&list);
}

static void test_html_is_chosen_by_content(void **state)
{
    const char *page = "\n<!doctype html><title>Saved page</title><p>Text of a saved page.</p>";
    assert_ptr_equal(ns_reader_choose("saved.txt", page, strlen(page)), &ns_reader_html);
    assert_ptr_equal(ns_reader_choose("noname", page, strlen(page)), &ns_reader_html);
    const char *xhtml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
                        "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>X</p></body></html>";
    assert_ptr_equal(ns_reader_choose("page.xml", xhtml, strlen(xhtml)), &ns_reader_html);
    const char *text = "Just a story about <b> tags in text.";
    assert_ptr_equal(ns_reader_choose("story.html", text, strlen(text)), &ns_reader_html);
    assert_ptr_equal(ns_reader_choose("story.txt", text, strlen(text)), &ns_reader_plain);
}

/* ---- feeds ---- */

static void test_rss_feed(void **state)
{
    size_t len;
    char *data = load("corpora/feeds/harbour-gazette.xml", &len);
    assert_ptr_equal(ns_reader_choose("harbour-gazette.xml", data, len), &ns_reader_feed);
    ns_article_list list = { 0 };
    assert_int_equal(read_file("g.xml", data, len, &list, NULL), NS_OK);
    assert_int_equal(list.len, 3);
    ns_article *a = &list.items[0];
    assert_string_equal(a->format, "feed");
    assert_string_equal(a->title, "Ferry timetable trimmed as crews run short");
    assert_string_equal(a->outlet, "The Harbour Gazette");
    assert_string_equal(a->url,
                        "https://www.harbourgazette.example/2025/08/07/ferry-timetable-trimmed/");
    assert_string_equal(iso(a->date), "2025-08-07T07:20:00Z");
    assert_int_equal(a->date_source, NS_DATE_FEED);
    assert_string_equal(a->bylines.items[0], "Mia Castellano");
    assert_string_equal(a->source, "g.xml#1");
    /* content:encoded over description, markup and share buttons gone */
    assert_memory_equal(a->body, "The harbour ferry operator will run fewer evening", 49);
    assert_contains(a->body, "\n\xE2\x80\x9CWe have advertised");
    assert_lacks(a->body, "Share this");
    assert_lacks(a->body, "<p>");
    /* an escaped-HTML description */
    assert_string_equal(list.items[1].body,
                        "Councillors voted 6\xE2\x80\x93" "3 on Thursday night to delay demolition "
                        "of the 1920s timber pier while engineers assess whether it can be "
                        "repaired.\nA repair would cost about $4.2 million, according to a "
                        "council report.");
    assert_string_equal(list.items[2].bylines.items[0], "Daniel Okoro");
    assert_int_equal(seen.count, 0);
    ns_article_list_clear(&list);
    free(data);
}

static void test_atom_feed(void **state)
{
    size_t len;
    char *data = load("corpora/feeds/rnz-world.atom", &len);
    ns_article_list list = { 0 };
    assert_int_equal(read_file("w.atom", data, len, &list, NULL), NS_OK);
    assert_int_equal(list.len, 2);
    ns_article *a = &list.items[0];
    /* "RNZ News - World" from rnz.co.nz is RNZ */
    assert_string_equal(a->outlet, "RNZ");
    /* published, not updated */
    assert_string_equal(iso(a->date), "2025-08-07T10:15:00Z");
    assert_string_equal(a->bylines.items[0], "Leilani Tuala");
    assert_memory_equal(a->body, "Leaders from nine Pacific island nations", 40);
    assert_contains(a->body, "\nSamoa\xE2\x80\x99s fisheries minister");
    ns_article *b = &list.items[1];
    assert_string_equal(b->title, "Volcano alert raised on Ta\xCA\xBBu island");
    assert_string_equal(iso(b->date), "2025-08-07T05:50:00Z");   /* updated: no published */
    /* an agency as the author is a credit, not a byline */
    assert_int_equal(b->bylines.len, 0);
    assert_true(ns_strlist_contains(&b->credits, "RNZ"));
    assert_string_equal(b->url, "https://www.rnz.co.nz/news/world/571301/volcano-alert-raised-on-tau-island");
    assert_true(ns_strlist_contains(&b->credits, "AFP"));
    ns_article_list_clear(&list);
    free(data);
}

static void test_feed_bad_input(void **state)
{
    ns_article_list list = { 0 };
    ns_error err;
    /* Not well-formed: reported with its line; what can be recovered is read. */
    const char *broken = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>T</title>\n"
                         "<item><title>Good item</title><description>Fine.</description></item>\n"
                         "<item><title>Bad & item</title><description>Oops.</description></item>\n"
                         "</channel></rss>\n";
    assert_int_equal(read_file("b.rss", broken, strlen(broken), &list, NULL), NS_OK);
    assert_true(list.len >= 1);
    assert_string_equal(list.items[0].title, "Good item");
    assert_contains(seen.text.data, "b.rss:4: not well-formed XML (xmlParseEntityRef: no name)");
    ns_article_list_clear(&list);

    static const struct { const char *path, *xml; ns_status st; const char *message; } rows[] = {
        { "x.rss", "<rss version=\"2.0\"><channel><title>T</title><item><title>", NS_ERR_INPUT,
          "x.rss:1: not well-formed XML: Premature end of data in tag title line 1" },
        { "x.rss", "<rss><channel><title>Only a channel</title></channel></rss>", NS_ERR_INPUT,
          "x.rss: a feed without items" },
        { "x.rss", "<rss><channel><item><link>https://e.org/a</link></item></channel></rss>",
          NS_ERR_INPUT, "x.rss: a feed without items that can be read" },
        { "x.atom", "<?xml version=\"1.0\"?><opml version=\"2.0\"><body/></opml>", NS_ERR_INPUT,
          "x.atom: XML, but not an RSS or Atom feed (the root element is <opml>)" },
        { "x.rss", "<rss version=\"2.0\"><chan nel>", NS_ERR_INPUT,
          "x.rss:1: not well-formed XML: Premature end of data in tag chan line 1" },
        /* an .xml file that is not a feed is not a format we read */
        { "sitemap.xml", "<?xml version=\"1.0\"?><urlset><url><loc>https://e.org/</loc></url>"
          "</urlset>", NS_ERR_UNSUPPORTED, "sitemap.xml: not a format newssearch reads" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        assert_int_equal(read_file(rows[i].path, rows[i].xml, strlen(rows[i].xml), &list, &err),
                         rows[i].st);
        if (strncmp(err.message, rows[i].message, strlen(rows[i].message)) != 0)
            fail_msg("row %zu: \"%s\"", i, err.message);
        assert_int_equal(list.len, 0);
    }

    /* An item with neither title nor text is reported with its line. */
    const char *empty_item = "<rss><channel>\n<item><title>One</title></item>\n"
                             "<item><link>https://e.org/x</link></item>\n</channel></rss>";
    assert_int_equal(read_file("e.rss", empty_item, strlen(empty_item), &list, NULL), NS_OK);
    assert_int_equal(list.len, 1);
    assert_contains(seen.text.data, "e.rss:3: item 2 has neither title nor text: skipped");
    ns_article_list_clear(&list);
}

static void test_feed_loads_nothing_from_outside(void **state)
{
    /* XXE: an external entity is never loaded, an internal one never
     * expanded into the text; a billion laughs stays small. */
    const char *xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "
                      "\"file:///etc/passwd\">]>\n<rss><channel><item><title>T</title>"
                      "<description>before &xxe; after</description></item></channel></rss>";
    ns_article_list list = { 0 };
    assert_int_equal(read_file("xxe.rss", xxe, strlen(xxe), &list, NULL), NS_OK);
    assert_lacks(list.items[0].body, "root:");
    assert_contains(list.items[0].body, "before");
    ns_article_list_clear(&list);

    ns_buf lol = NS_BUF_INIT;
    ns_buf_puts(&lol, "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\">");
    for (int i = 1; i < 10; i++)
        ns_buf_printf(&lol, "<!ENTITY %c \"&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;\">", 'a' + i,
                      'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1,
                      'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1);
    ns_buf_puts(&lol, "]><rss><channel><item><title>Laughs</title><description>&j;</description>"
                      "</item></channel></rss>");
    ns_status st = read_file("lol.rss", lol.data, lol.len, &list, NULL);
    if (st == NS_OK)
        assert_true(strlen(list.items[0].body) < 1000);
    ns_article_list_clear(&list);
    ns_buf_free(&lol);
}

/* ---- WARC ---- */

/* A WARC response record for a page. */
static void warc_response(ns_buf *out, const char *uri, const char *http_headers,
                          const char *payload)
{
    ns_buf block = NS_BUF_INIT;
    ns_buf_printf(&block, "HTTP/1.1 200 OK\r\n%s\r\n%s", http_headers, payload);
    ns_buf_printf(out,
                  "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: %s\r\n"
                  "WARC-Date: 2025-08-09T03:00:00Z\r\n"
                  "Content-Type: application/http;msgtype=response\r\n"
                  "Content-Length: %zu\r\n\r\n",
                  uri, block.len);
    ns_buf_append(out, block.data, block.len);
    ns_buf_puts(out, "\r\n\r\n");
    ns_buf_free(&block);
}

/* data compressed as one gzip member, appended to out. */
static void gzip_member(ns_buf *out, const char *data, size_t len)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = deflateBound(&z, (uLong)len) + 32;
    char *buf = ns_xmalloc(cap);
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)buf;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    ns_buf_append(out, buf, cap - z.avail_out);
    deflateEnd(&z);
    free(buf);
}

static const char *page_for(const char *word)
{
    static char page[256];
    snprintf(page, sizeof page,
             "<html><head><title>%s story</title></head><body><p>The %s story text.</p>"
             "</body></html>", word, word);
    return page;
}

static void test_warc_sample(void **state)
{
    size_t len;
    char *data = load("corpora/warc/crawl.warc.gz", &len);
    assert_ptr_equal(ns_reader_choose("crawl.warc.gz", data, len), &ns_reader_warc);
    assert_ptr_equal(ns_reader_choose("crawl.bin", data, len), &ns_reader_warc);
    ns_article_list list = { 0 };
    assert_int_equal(read_file("crawl.warc.gz", data, len, &list, NULL), NS_OK);
    assert_int_equal(list.len, 3);
    /* gzip content coding inside chunked transfer coding; JSON-LD date */
    ns_article *a = &list.items[0];
    assert_string_equal(a->format, "warc");
    assert_string_equal(a->url, "https://www.canberratimes.com.au/story/9012345/"
                                "light-rail-tunnel-boring-machine-breaks-through/");
    assert_string_equal(a->outlet, "The Canberra Times");
    assert_int_equal(a->date_source, NS_DATE_JSONLD);
    assert_string_equal(a->bylines.items[0], "Sophie Marchetti");
    assert_memory_equal(a->body, "The boring machine digging the light rail tunnel", 48);
    /* the server's charset; the date in the URL; a comment's date unused */
    ns_article *b = &list.items[1];
    assert_string_equal(b->outlet, "Sydney Morning Herald");
    assert_string_equal(iso(b->date), "2025-08-07T00:00:00Z");
    assert_int_equal(b->date_source, NS_DATE_URL);
    assert_contains(b->body, "The cr\xC3\xA8" "che owners");
    /* no date on the page: the record's WARC-Date */
    ns_article *c = &list.items[2];
    assert_string_equal(iso(c->date), "2025-08-07T03:12:45Z");
    assert_int_equal(c->date_source, NS_DATE_CRAWL);
    assert_string_equal(c->source, "crawl.warc.gz#3");
    assert_int_equal(seen.count, 0);
    ns_article_list_clear(&list);
    free(data);

    data = load("corpora/warc/rnz-kiwifruit.warc", &len);
    assert_int_equal(read_file("k.warc", data, len, &list, NULL), NS_OK);
    assert_int_equal(list.len, 1);
    assert_string_equal(list.items[0].outlet, "RNZ");
    assert_string_equal(list.items[0].source, "k.warc");
    ns_article_list_clear(&list);
    free(data);
}

static void test_warc_corrupt_member(void **state)
{
    /* Three records, a gzip member each; the second member damaged. */
    ns_buf file = NS_BUF_INIT;
    size_t second_at = 0, second_len = 0;
    static const char *const words[] = { "Alpha", "Bravo", "Charlie" };
    for (int i = 0; i < 3; i++) {
        ns_buf record = NS_BUF_INIT;
        char uri[64];
        snprintf(uri, sizeof uri, "https://example.org/%s", words[i]);
        warc_response(&record, uri, "Content-Type: text/html\r\n", page_for(words[i]));
        if (i == 1)
            second_at = file.len;
        gzip_member(&file, record.data, record.len);
        if (i == 1)
            second_len = file.len - second_at;
        ns_buf_free(&record);
    }
    for (size_t k = second_at + 12; k < second_at + second_len - 10; k += 7)
        file.data[k] ^= 0x5A;
    ns_article_list list = { 0 };
    assert_int_equal(read_file("c.warc.gz", file.data, file.len, &list, NULL), NS_OK);
    assert_int_equal(list.len, 2);
    assert_string_equal(list.items[0].title, "Alpha story");
    assert_string_equal(list.items[1].title, "Charlie story");
    char *expected = ns_xasprintf("c.warc.gz:0: the gzip member at byte %zu is corrupt", second_at);
    assert_contains(seen.text.data, expected);
    free(expected);
    ns_article_list_clear(&list);
    ns_buf_free(&file);
}

static void test_warc_bad_records(void **state)
{
    ns_buf file = NS_BUF_INIT;
    warc_response(&file, "https://example.org/one", "Content-Type: text/html; charset=utf-8\r\n",
                  page_for("First"));
    ns_buf_puts(&file, "garbage that is not a record\r\n");
    /* headers without a Content-Length */
    ns_buf_puts(&file, "WARC/1.0\r\nWARC-Type: response\r\n\r\nHTTP/1.1 200 OK\r\n\r\n");
    warc_response(&file, "<https://example.org/two>", "Content-Type: text/html\r\n"
                  "Content-Encoding: br\r\n", "\x1b\x2a\x00");
    warc_response(&file, "https://example.org/three", "Content-Type: text/html\r\n",
                  "<html><body><nav>Only a menu</nav></body></html>");
    warc_response(&file, "https://example.org/four", "Content-Type: text/html\r\n"
                  "Transfer-Encoding: chunked\r\n",
                  "5\r\n<p>Fo\r\n10\r\nurth.</p></html>\r\n0\r\n\r\n");
    /* the last record cut short */
    ns_buf_puts(&file, "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 500\r\n\r\nHTTP/1.1");
    ns_article_list list = { 0 };
    assert_int_equal(read_file("r.warc", file.data, file.len, &list, NULL), NS_OK);
    assert_int_equal(list.len, 2);
    assert_string_equal(list.items[0].url, "https://example.org/one");
    assert_string_equal(list.items[1].url, "https://example.org/four");
    assert_string_equal(list.items[1].body, "Fourth.");
    const char *w = seen.text.data;
    assert_contains(w, "r.warc:0: bytes that are not a WARC record at byte ");
    assert_contains(w, "r.warc:0: record 2: no Content-Length that is a number: skipped");
    assert_contains(w, "r.warc:0: record 3 (https://example.org/two): a page in content coding "
                       "\"br\", which newssearch cannot undo: skipped");
    assert_contains(w, "r.warc:0: record 4 (https://example.org/three): no article text");
    assert_contains(w, "r.warc:0: record 6 is cut short (8 of its 500 bytes): skipped");
    if (seen.count != 5)
        fail_msg("warnings:\n%s", w);
    ns_article_list_clear(&list);

    /* A WARC with no pages at all. */
    ns_buf_reset(&file);
    ns_buf_puts(&file, "WARC/1.1\r\nWARC-Type: warcinfo\r\nContent-Length: 4\r\n\r\nabcd\r\n\r\n");
    ns_error err;
    assert_int_equal(read_file("i.warc", file.data, file.len, &list, &err), NS_ERR_INPUT);
    assert_string_equal(err.message, "i.warc: no HTML pages in its 1 record");
    ns_buf_free(&file);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_page_with_everything),
        cmocka_unit_test(test_html_date_sources),
        cmocka_unit_test(test_html_titles_and_outlets),
        cmocka_unit_test(test_html_story_container),
        cmocka_unit_test(test_html_encodings),
        cmocka_unit_test(test_html_bad_input),
        cmocka_unit_test(test_html_is_chosen_by_content),
        cmocka_unit_test(test_rss_feed),
        cmocka_unit_test(test_atom_feed),
        cmocka_unit_test(test_feed_bad_input),
        cmocka_unit_test(test_feed_loads_nothing_from_outside),
        cmocka_unit_test(test_warc_sample),
        cmocka_unit_test(test_warc_corrupt_member),
        cmocka_unit_test(test_warc_bad_records),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    ns_buf_free(&seen.text);
    return failed;
}
