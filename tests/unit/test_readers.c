/* Format readers: the aggregator page, plain text and JSON, and the checks
 * every file goes through (empty, binary, invalid UTF-8, UTF-16). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "extract/dates.h"
#include "ingest/reader.h"
#include "util/buf.h"
#include "util/mem.h"

#include "reading.h"

static void assert_ends_with(const char *text, const char *end)
{
    size_t n = strlen(text), m = strlen(end);
    if (n < m || strcmp(text + n - m, end) != 0)
        fail_msg("\"...%s\" does not end with \"%s\"", n > 60 ? text + n - 60 : text, end);
}

static ns_status read_text(const char *path, const char *data, size_t len, ns_article_list *out,
                           ns_error *err)
{
    ns_read_context ctx = read_context(path);
    return ns_read_file(&ctx, data, len, out, NULL, err);
}

static void test_page_reads_seed_as_four_articles(void **state)
{
    size_t len;
    char *data = load("corpora/seed/000_fcd995d91045e671.txt", &len);
    ns_article_list list = { 0 };
    assert_int_equal(read_text("seed.txt", data, len, &list, NULL), NS_OK);
    assert_int_equal(list.len, 4);

    ns_article *main_story = &list.items[0];
    assert_string_equal(main_story->format, "page");
    assert_string_equal(main_story->title, "Trump administration eyes military action against "
                                           "Mexican and Venezuelan drug cartels, US officials say");
    assert_null(main_story->outlet);
    assert_int_equal(main_story->credits.len, 1);
    assert_string_equal(main_story->credits.items[0], "Reuters");
    assert_int_equal(main_story->date, REFERENCE);
    assert_int_equal(main_story->date_source, NS_DATE_CRAWL);
    assert_string_equal(main_story->source, "seed.txt#1");
    assert_non_null(strstr(main_story->body, "\"There will be no invasion of Mexico,\""));
    /* The credit line and the site's boilerplate are not text. */
    assert_null(strstr(main_story->body, "Hashtags"));
    assert_null(strstr(main_story->body, "Daily8"));
    assert_null(strstr(main_story->body, "No comments yet"));
    assert_ends_with(main_story->body, "such action a violation of Mexico's sovereignty.");

    static const struct { const char *outlet, *title_start; int64_t age; const char *credits; }
    related[] = {
        { "ABC News", "Zelenskyy meets US and European officials", 7 * 60, "Reuters/AP" },
        { "Perth Now", "Israel cops flak over military expansion in Gaza", 5 * 3600, NULL },
        { "Daily Telegraph", "Head of US military approvingly shares views", 5 * 3600, NULL },
    };
    for (size_t i = 0; i < 3; i++) {
        ns_article *a = &list.items[i + 1];
        assert_string_equal(a->outlet, related[i].outlet);
        assert_memory_equal(a->title, related[i].title_start, strlen(related[i].title_start));
        assert_int_equal(a->date, REFERENCE - related[i].age);
        assert_int_equal(a->date_source, NS_DATE_RELATIVE);
        char *credit = ns_article_credit_line(a);
        if (related[i].credits)
            assert_string_equal(credit, related[i].credits);
        else
            assert_null(credit);
        free(credit);
    }
    /* The Zelenskyy story's trailing credit is not body text. */
    assert_ends_with(list.items[1].body, "Ukrainian military analysts say.");
    assert_ends_with(list.items[3].body, "In a Christian republic it would be Christ.'");
    /* Syndication furniture is removed from the Telegraph story. */
    assert_null(strstr(list.items[3].body, "Don't miss out"));
    assert_null(strstr(list.items[3].body, "Originally published as"));
    assert_memory_equal(list.items[3].body, "The man President Donald Trump", 30);
    assert_int_equal(seen.count, 0);
    ns_article_list_clear(&list);
    free(data);
}

static void test_plain_text(void **state)
{
    const char *text = "\n\n  Recount confirms result  \nA recount confirmed it.\n\nAAP\n";
    ns_article_list list = { 0 };
    assert_int_equal(read_text("vote.txt", text, strlen(text), &list, NULL), NS_OK);
    assert_int_equal(list.len, 1);
    assert_string_equal(list.items[0].title, "Recount confirms result");
    assert_string_equal(list.items[0].body, "A recount confirmed it.");
    assert_string_equal(list.items[0].credits.items[0], "AAP");
    assert_string_equal(list.items[0].source, "vote.txt");
    assert_string_equal(list.items[0].format, "plain");
    ns_article_list_clear(&list);
}

static void test_json_lines_report_bad_lines_and_read_the_rest(void **state)
{
    const char *text =
        "{\"id\":\"a1\",\"title\":\"First\",\"body\":\"One.\",\"outlet\":\"ABC News\","
        "\"date\":\"2025-08-01T10:00:00Z\",\"people\":[\"Chris Minns\"]}\n"
        "{\"title\": \"broken\n"
        "\n"
        "{\"title\":\"Second\",\"maintext\":\"Two.\",\"source_domain\":\"apnews.com\","
        "\"date_publish\":\"2025-08-02 08:30:00\",\"authors\":[\"Evelyne Musambi\"]}\n"
        "{\"title\":42,\"body\":\"Three.\",\"date\":\"31 February\"}\n"
        "[1,2]\n"
        "{\"body\":\"\"}\n";
    ns_article_list list = { 0 };
    assert_int_equal(read_text("feed.jsonl", text, strlen(text), &list, NULL), NS_OK);
    assert_int_equal(list.len, 3);
    assert_string_equal(list.items[0].id, "a1");
    assert_string_equal(list.items[0].outlet, "ABC News");
    assert_string_equal(list.items[0].people.items[0], "Chris Minns");
    assert_int_equal(list.items[0].date_source, NS_DATE_METADATA);
    assert_string_equal(list.items[1].title, "Second");
    assert_string_equal(list.items[1].body, "Two.");
    assert_string_equal(list.items[1].outlet, "AP News");   /* apnews.com, canonical */
    assert_string_equal(list.items[1].bylines.items[0], "Evelyne Musambi");
    assert_string_equal(list.items[1].source, "feed.jsonl#2");
    assert_string_equal(list.items[2].title, "");
    assert_int_equal(list.items[2].date, REFERENCE);   /* a bad date falls back */
    const char *w = seen.text.data;
    assert_non_null(strstr(w, "feed.jsonl:2: malformed JSON"));
    assert_non_null(strstr(w, "feed.jsonl:5: field \"title\" should be a string: ignored"));
    assert_non_null(strstr(w, "feed.jsonl:5: date \"31 February\" is not an ISO 8601 date"));
    assert_non_null(strstr(w, "feed.jsonl:6: not a JSON object: skipped"));
    assert_non_null(strstr(w, "feed.jsonl:7: an article with neither title nor body: skipped"));
    assert_int_equal(seen.count, 5);
    /* Ids without a source id are stable hashes of the file and place. */
    assert_int_equal(strlen(list.items[1].id), 16);
    ns_article_list_clear(&list);
}

static void test_json_array_and_object(void **state)
{
    const char *array = "[{\"title\":\"A\",\"body\":\"a\"}, 7, {\"title\":\"B\",\"text\":\"b\"}]";
    ns_article_list list = { 0 };
    assert_int_equal(read_text("two.json", array, strlen(array), &list, NULL), NS_OK);
    assert_int_equal(list.len, 2);
    assert_non_null(strstr(seen.text.data, "item 2 of the array: not a JSON object"));
    ns_article_list_clear(&list);
    const char *object = "{\"title\":\"Only\",\"body\":\"one\",\"id\":17}";
    assert_int_equal(read_text("one.json", object, strlen(object), &list, NULL), NS_OK);
    assert_int_equal(list.len, 1);
    assert_string_equal(list.items[0].id, "17");
    assert_string_equal(list.items[0].source, "one.json");
    ns_article_list_clear(&list);
}

/* Every reader's articles are completed alike: the outlet's canonical
 * name, credits found in the body, a date from the URL or a dateline. */
static void test_articles_are_completed_alike(void **state)
{
    const char *text =
        "{\"title\":\"A\",\"maintext\":\"Text.\",\"source_domain\":\"www.theguardian.com\","
        "\"url\":\"https://www.theguardian.com/x/2025/08/03/y\"}\n"
        "{\"title\":\"B\",\"maintext\":\"NAIROBI, Kenya, Aug. 4 (AP) \u2014 Tea.\","
        "\"source_domain\":\"m.abc.net.au\"}\n"
        "{\"title\":\"C\",\"maintext\":\"Text.\\nReuters contributed to this report.\","
        "\"date_publish\":\"2025-08-01\",\"url\":\"https://e.org/2025/08/02/z\","
        "\"authors\":[\"Jane Doe\",\"Associated Press\"]}\n";
    ns_article_list list = { 0 };
    assert_int_equal(read_text("np.jsonl", text, strlen(text), &list, NULL), NS_OK);
    assert_int_equal(list.len, 3);
    assert_string_equal(list.items[0].outlet, "The Guardian");
    assert_int_equal(list.items[0].date_source, NS_DATE_URL);
    assert_int_equal(list.items[0].date, ns_days_from_civil(2025, 8, 3) * 86400);
    assert_string_equal(list.items[1].outlet, "ABC News");
    assert_int_equal(list.items[1].date_source, NS_DATE_TEXT);
    assert_int_equal(list.items[1].date, ns_days_from_civil(2025, 8, 4) * 86400);
    assert_string_equal(list.items[1].credits.items[0], "AP");
    /* a structured date over the URL's */
    assert_int_equal(list.items[2].date_source, NS_DATE_METADATA);
    assert_int_equal(list.items[2].date, ns_days_from_civil(2025, 8, 1) * 86400);
    assert_string_equal(list.items[2].credits.items[0], "AP");   /* an author */
    assert_string_equal(list.items[2].credits.items[1], "Reuters");
    assert_int_equal(list.items[2].bylines.len, 1);
    assert_string_equal(list.items[2].bylines.items[0], "Jane Doe");
    ns_article_list_clear(&list);

    /* Authors: names, agencies as credits, e-mail addresses unwrapped. */
    ns_article a;
    ns_article_init(&a);
    ns_article_add_authors(&a, "By Jane Doe and John Roe, Reuters; jo@example.com (Jo Bloggs) | "
                               "https://example.com/staff");
    assert_int_equal(a.bylines.len, 3);
    assert_string_equal(a.bylines.items[0], "Jane Doe");
    assert_string_equal(a.bylines.items[1], "John Roe");
    assert_string_equal(a.bylines.items[2], "Jo Bloggs");
    assert_string_equal(a.credits.items[0], "Reuters");
    ns_article_clear(&a);
}

static void test_files_refused_with_reasons(void **state)
{
    static const struct { const char *path; const char *data; size_t len; ns_status st;
                          const char *message; } rows[] = {
        { "empty.txt", "", 0, NS_ERR_INPUT, "empty.txt: empty file" },
        { "blank.txt", " \n\t\n", 4, NS_ERR_INPUT, "blank.txt: empty file (only white space)" },
        { "photo.jpg", "\xFF\xD8\xFF\xE0\0\x10JFIF", 10, NS_ERR_UNSUPPORTED,
          "photo.jpg: not a format newssearch reads" },
        { "data.txt", "\x01\x02\x03\0\0\0\x04\x05", 8, NS_ERR_INPUT,
          "data.txt: binary file (it contains NUL bytes)" },
        { "bad.json", "{\"title\": ", 10, NS_ERR_INPUT, "bad.json:1: malformed JSON" },
        { "notes.md", "# Notes\nsome text", 17, NS_ERR_UNSUPPORTED,
          "notes.md: not a format newssearch reads" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        ns_article_list list = { 0 };
        ns_error err;
        assert_int_equal(read_text(rows[i].path, rows[i].data, rows[i].len, &list, &err), rows[i].st);
        if (strncmp(err.message, rows[i].message, strlen(rows[i].message)) != 0)
            fail_msg("%s: got \"%s\"", rows[i].path, err.message);
        assert_int_equal(list.len, 0);
    }
}

static void test_invalid_utf8_and_utf16_are_read(void **state)
{
    const char *latin1 = "Caf\xE9 owners\nThe caf\xE9 is open.\n";
    ns_article_list list = { 0 };
    assert_int_equal(read_text("latin1.txt", latin1, strlen(latin1), &list, NULL), NS_OK);
    assert_string_equal(list.items[0].title, "Caf\xEF\xBF\xBD owners");
    assert_non_null(strstr(seen.text.data, "latin1.txt:0: 2 invalid UTF-8 bytes replaced"));
    ns_article_list_clear(&list);

    /* "Hi\nyou" in UTF-16LE with a byte-order mark */
    const char utf16[] = "\xFF\xFEH\0i\0\n\0y\0o\0u\0";
    assert_int_equal(read_text("wide.txt", utf16, sizeof utf16 - 1, &list, NULL), NS_OK);
    assert_string_equal(list.items[0].title, "Hi");
    assert_string_equal(list.items[0].body, "you");
    ns_article_list_clear(&list);
}

/* A whole file on one line is no title: the title keeps its first words
 * (up to NS_TITLE_MAX_BYTES, between words), the rest opens the body, and
 * the file is named in a warning. */
static void test_overlong_title_is_cut_into_the_body(void **state)
{
    ns_buf text = NS_BUF_INIT;
    for (int i = 0; i < 200; i++)
        ns_buf_puts(&text, "harbour ");
    ns_buf_puts(&text, "\nThe body.\n");
    ns_article_list list = { 0 };
    assert_int_equal(read_text("long.txt", text.data, text.len, &list, NULL), NS_OK);
    assert_int_equal(list.len, 1);
    const ns_article *a = &list.items[0];
    /* 62 words of 8 bytes, less the last space, fit in 500 bytes. */
    assert_int_equal(strlen(a->title), 62 * 8 - 1);
    assert_ends_with(a->title, "harbour harbour");
    assert_memory_equal(a->body, "harbour harbour", 15);
    assert_ends_with(a->body, "harbour\nThe body.");
    assert_int_equal(strlen(a->title) + 1 + strlen(a->body), 200 * 8 - 1 + strlen("\nThe body."));
    assert_int_equal(seen.count, 1);
    assert_string_equal(ns_buf_str(&seen.text),
                        "long.txt:0: a title of 1599 bytes: its first 495 kept as the title, "
                        "the rest put in the body\n");
    ns_article_list_clear(&list);
    ns_buf_free(&text);
}

/* Control characters are no text: in titles, outlets and names each is a
 * space, in bodies too but for line breaks and tabs.  A file name that is
 * not UTF-8 is still the article's source, made valid. */
static void test_control_characters_and_odd_file_names(void **state)
{
    const char *text = "{\"title\":\"Red \\u001b[31malert\\nnow\\u0085\","
                       "\"body\":\"Bell\\u0007 rings.\\nTab\\there.\","
                       "\"outlet\":\"ABC\\tNews\",\"authors\":[\"Jo\\u007fBloggs\"]}";
    ns_article_list list = { 0 };
    assert_int_equal(read_text("caf\xe9.json", text, strlen(text), &list, NULL), NS_OK);
    assert_int_equal(list.len, 1);
    const ns_article *a = &list.items[0];
    assert_string_equal(a->title, "Red  [31malert now");
    assert_string_equal(a->body, "Bell  rings.\nTab\there.");
    assert_string_equal(a->outlet, "ABC News");
    assert_string_equal(a->bylines.items[0], "Jo Bloggs");
    assert_string_equal(a->source, "caf\xEF\xBF\xBD.json");
    ns_article_list_clear(&list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page_reads_seed_as_four_articles),
        cmocka_unit_test(test_plain_text),
        cmocka_unit_test(test_overlong_title_is_cut_into_the_body),
        cmocka_unit_test(test_control_characters_and_odd_file_names),
        cmocka_unit_test(test_json_lines_report_bad_lines_and_read_the_rest),
        cmocka_unit_test(test_json_array_and_object),
        cmocka_unit_test(test_articles_are_completed_alike),
        cmocka_unit_test(test_files_refused_with_reasons),
        cmocka_unit_test(test_invalid_utf8_and_utf16_are_read),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    ns_buf_free(&seen.text);
    return failed;
}
