/* Outlets: one display name and key however an outlet is written; the
 * table's order and keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "extract/outlet.h"
#include "text/tokenize.h"

static void test_table_is_sorted_and_keyed(void **state)
{
    size_t n = ns_outlet_table_size();
    assert_true(n > 50);
    const char *previous = "";
    for (size_t i = 0; i < n; i++) {
        const char *host, *display, *key;
        ns_outlet_table_row(i, &host, &display, &key);
        if (strcmp(previous, host) >= 0)
            fail_msg("row %zu: \"%s\" is not after \"%s\" (keep the table in host order)", i,
                     host, previous);
        char *slug = ns_slug(display);
        if (strcmp(slug, key) != 0)
            fail_msg("row %zu (%s): key \"%s\" should be \"%s\"", i, host, key, slug);
        free(slug);
        if (strncmp(host, "www.", 4) == 0 || strncmp(host, "m.", 2) == 0)
            fail_msg("row %zu: \"%s\" should be written without www. or m.", i, host);
        previous = host;
    }
}

static void test_canonical_forms(void **state)
{
    static const struct { const char *written, *display, *key; } rows[] = {
        /* one outlet, however it is written */
        { "www.abc.net.au", "ABC News", "abc-news" },
        { "abc.net.au", "ABC News", "abc-news" },
        { "m.abc.net.au", "ABC News", "abc-news" },
        { "ABC.NET.AU", "ABC News", "abc-news" },
        { "https://www.abc.net.au/news/2025-08-06/nsw-floods/105612345", "ABC News", "abc-news" },
        { "ABC News", "ABC News", "abc-news" },
        { "abc news", "ABC News", "abc-news" },
        { "abc-news", "ABC News", "abc-news" },
        { "  ABC News  ", "ABC News", "abc-news" },
        /* the same display name for another outlet is told apart by host */
        { "abcnews.go.com", "ABC News (US)", "abc-news-us" },
        /* "The" or not */
        { "The Guardian", "The Guardian", "the-guardian" },
        { "Guardian", "The Guardian", "the-guardian" },
        { "the-guardian", "The Guardian", "the-guardian" },
        { "www.theguardian.com", "The Guardian", "the-guardian" },
        { "The Sydney Morning Herald", "Sydney Morning Herald", "sydney-morning-herald" },
        /* sub-domains of a known host; aliases */
        { "edition.cnn.com", "CNN", "cnn" },
        { "news.sky.com", "Sky News", "sky-news" },
        { "apnews.com", "AP News", "ap-news" },
        { "Associated Press", "AP News", "ap-news" },
        { "PerthNow", "Perth Now", "perth-now" },
        { "reuters.com", "Reuters", "reuters" },
        { "rte.ie", "RT\xC3\x89 News", "rte-news" },
        /* unknown hosts lose www. and m.; unknown names stay as written */
        { "www.harbourgazette.example", "harbourgazette.example", "harbourgazette-example" },
        { "m.harbourgazette.example", "harbourgazette.example", "harbourgazette-example" },
        { "http://www.harbourgazette.example:8080/x", "harbourgazette.example",
          "harbourgazette-example" },
        { "The Harbour Gazette", "The Harbour Gazette", "the-harbour-gazette" },
        { "Daily Planet", "Daily Planet", "daily-planet" },
        /* not hosts: a name with dots, a dotted abbreviation */
        { "U.S. News", "U.S. News", "us-news" },
        { "\xE2\x80\x94", "\xE2\x80\x94", "" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        ns_outlet o;
        ns_outlet_canonical(rows[i].written, &o);
        if (strcmp(o.display, rows[i].display) != 0 || strcmp(o.key, rows[i].key) != 0)
            fail_msg("\"%s\": got \"%s\" (%s), want \"%s\" (%s)", rows[i].written, o.display,
                     o.key, rows[i].display, rows[i].key);
        ns_outlet_clear(&o);
    }
}

static void test_hosts(void **state)
{
    static const struct { const char *host; const char *display; } rows[] = {
        { "www.abc.net.au", "ABC News" },
        { "https://m.abc.net.au/news", "ABC News" },
        { "www.smh.com.au", "Sydney Morning Herald" },
        { "www.harbourgazette.example", NULL },
        { "net.au", NULL },
        { "au", NULL },
        { "", NULL },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *got = ns_outlet_for_host(rows[i].host, strlen(rows[i].host));
        if (rows[i].display)
            assert_string_equal(got, rows[i].display);
        else
            assert_null(got);
    }
    char *host = ns_url_host("HTTPS://user@WWW.Example.COM.:443/path?q#f");
    assert_string_equal(host, "www.example.com");
    free(host);
    assert_null(ns_url_host("mailto:someone@example.com"));
    assert_null(ns_url_host("https:///nohost"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_is_sorted_and_keyed),
        cmocka_unit_test(test_canonical_forms),
        cmocka_unit_test(test_hosts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
