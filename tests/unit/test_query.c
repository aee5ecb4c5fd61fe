/* The query language: text to tree (exact trees), repairs reported as
 * notes, and errors that name the part at fault. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "index/terms.h"
#include "query/build.h"
#include "query/parse.h"

static void test_trees(void **state)
{
    static const struct { const char *query, *tree; } rows[] = {
        { "ceasefire", "word:ceasefire" },
        { "ceasefire AND Alaska", "(AND word:ceasefire word:alaska)" },
        { "ceasefire Alaska", "(AND word:ceasefire word:alaska)" },
        { "ceasefire Alaska OR Anchorage", "(AND word:ceasefire (OR word:alaska word:anchorage))" },
        { "a AND b OR c", "(OR (AND word:a word:b) word:c)" },
        { "a OR b XOR c", "(OR word:a (XOR word:b word:c))" },
        { "a NOT b", "(AND_NOT word:a word:b)" },
        { "a AND NOT b", "(AND_NOT word:a word:b)" },
        { "a -b +c", "(AND_NOT (AND word:a word:c) word:b)" },
        { "-b", "(AND_NOT ALL word:b)" },
        { "NOT b", "(AND_NOT ALL word:b)" },
        { "(a OR b) c", "(AND (OR word:a word:b) word:c)" },
        { "\"no invasion of Mexico\"", "phrase:\"no invasion of mexico\"" },
        { "\xE2\x80\x9C" "ceasefire deal" "\xE2\x80\x9D", "phrase:\"ceasefire deal\"" },
        { "\"Trump\"", "phrase:\"trump\"" },
        { "re-affirming", "phrase:\"re affirming\"" },
        { "Trump's", "word:trump" },
        { "U.S.", "word:us" },
        { "cease*", "wild:cease*" },
        { "Caf\xC3\xA9", "word:cafe" },
        { "a NEAR b", "(NEAR/10 word:a word:b)" },
        { "a NEAR/3 b NEAR/3 c", "(NEAR/3 word:a word:b word:c)" },
        { "a ADJ/2 \"b c\"", "(ADJ/2 word:a phrase:\"b c\")" },
        { "title:Alaska", "title:word:alaska" },
        { "title:\"peace deal\"", "title:phrase:\"peace deal\"" },
        { "title:(Israel OR Gaza)", "(OR title:word:israel title:word:gaza)" },
        { "outlet:\"ABC News\"", "outlet=abc-news" },
        { "outlet:abc-news", "outlet=abc-news" },
        { "person:\"Claudia Sheinbaum\"", "person=claudia-sheinbaum" },
        { "person:Sheinbaum", "person~sheinbaum" },
        { "person:\"Nicol\xC3\xA1s Maduro\"", "person=nicolas-maduro" },
        { "credit:reuters", "credit=reuters" },
        { "credit:\"Associated Press\"", "credit=ap" },
        { "date:2025-08-09", "date:2025-08-09..2025-08-09" },
        { "date:2025-08", "date:2025-08-01..2025-08-31" },
        { "date:2025", "date:2025-01-01..2025-12-31" },
        { "date:2025-08-01..2025-08-10", "date:2025-08-01..2025-08-10" },
        { "date:..2025-08-10", "date:..2025-08-10" },
        { "date:2025-08-01..", "date:2025-08-01.." },
        { "ceasefire outlet:abc-news outlet:\"Perth Now\" credit:reuters",
          "(FILTER word:ceasefire (AND (OR outlet=abc-news outlet=perth-now) credit=reuters))" },
        { "outlet:abc-news", "outlet=abc-news" },
        { "ceasefire -outlet:abc-news", "(AND_NOT word:ceasefire outlet=abc-news)" },
        { "outlet:abc-news OR credit:ap", "(OR outlet=abc-news credit=ap)" },
        /* repairs */
        { "ceasefire AND", "word:ceasefire" },
        { "AND ceasefire", "word:ceasefire" },
        { "(ceasefire", "word:ceasefire" },
        { "ceasefire)", "word:ceasefire" },
        { "\"ceasefire deal", "phrase:\"ceasefire deal\"" },
        { "foo:bar", "phrase:\"foo bar\"" },
        { "10:30", "phrase:\"10 30\"" },
        { "a NEAR (b OR c)", "(AND word:a (OR word:b word:c))" },
        { "ceasefire \xE2\x80\x94 Alaska", "(AND word:ceasefire word:alaska)" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        ns_query q;
        ns_error err;
        if (ns_query_parse(rows[i].query, &q, &err) != NS_OK)
            fail_msg("'%s' failed: %s", rows[i].query, err.message);
        char *tree = ns_query_describe(q.root);
        if (strcmp(tree, rows[i].tree) != 0)
            fail_msg("'%s': got %s, want %s", rows[i].query, tree, rows[i].tree);
        free(tree);
        ns_query_clear(&q);
    }
}

static void test_notes(void **state)
{
    static const struct { const char *query, *note; } rows[] = {
        { "ceasefire AND", "AND without a word after it: ignored" },
        { "OR ceasefire", "OR without a word before it: ignored" },
        { "(ceasefire", "a parenthesis was not closed: closed at the end of the query" },
        { "ceasefire)", "a closing parenthesis without an opening one: ignored" },
        { "\"ceasefire", "a quote was not closed: the phrase runs to the end of the query" },
        { "foo:bar x", "\"foo:\" is not a field (fields are title, outlet, person, credit and "
                       "date): searched as words" },
        { "x outlet:", "\"outlet:\" has no value: ignored" },
        { "x *", "\"*\" would match every word: ignored" },
        { "a NEAR (b OR c)", "NEAR works between words and phrases of one field: read as AND" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        ns_query q;
        assert_int_equal(ns_query_parse(rows[i].query, &q, NULL), NS_OK);
        if (q.notes.len != 1 || strcmp(q.notes.items[0], rows[i].note) != 0)
            fail_msg("'%s': got %zu notes, first \"%s\"", rows[i].query, q.notes.len,
                     q.notes.len ? q.notes.items[0] : "");
        ns_query_clear(&q);
    }
}

static void test_errors_name_the_part(void **state)
{
    static const struct { const char *query, *message; } rows[] = {
        { "date:2025-13-45", "date:2025-13-45: month 13 is not between 1 and 12" },
        { "ceasefire date:2025-02-30", "date:2025-02-30: 2025-02 has no day 30" },
        { "date:2025-08-10..2025-08-01", "date:2025-08-10..2025-08-01: the range ends before it starts" },
        { "date:..", "date:..: a date range needs a date on at least one side of \"..\"" },
        { "date:yesterday", "date:yesterday: not a date: write YYYY, YYYY-MM or YYYY-MM-DD" },
        { "a NEAR/0 b", "NEAR/0: the distance must be between 1 and 1000 words" },
        { "AND", "the query \"AND\" has no words to search for" },
        { "", "the query \"\" has no words to search for" },
        { "\"\"", "the query \"\"\"\" has no words to search for" },
        { "... ---", "the query \"... ---\" has no words to search for" },
        { "caf\xE9", "the query is not UTF-8 text (byte 4 is 0xE9): set a UTF-8 locale, or "
                     "convert it with iconv" },
        { "\xC0\xAF", "the query is not UTF-8 text (byte 1 is 0xC0): set a UTF-8 locale, or "
                     "convert it with iconv" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        ns_query q;
        ns_error err;
        assert_int_equal(ns_query_parse(rows[i].query, &q, &err), NS_ERR_QUERY);
        assert_string_equal(err.message, rows[i].message);
        assert_null(q.root);
    }
}

static void test_deep_nesting_is_refused(void **state)
{
    char query[400];
    memset(query, '(', 100);
    strcpy(query + 100, "x");
    ns_query q;
    ns_error err;
    assert_int_equal(ns_query_parse(query, &q, &err), NS_ERR_QUERY);
    assert_string_equal(err.message, "the query nests parentheses more than 64 deep");
}

/* A query of thousands of words is refused before Xapian spends minutes
 * on it (OR of many absent terms is quadratic there), and a run of
 * thousands of NOTs is read without recursing once per NOT. */
static void test_huge_queries(void **state)
{
    ns_buf text = NS_BUF_INIT;
    for (int i = 0; i < NS_QUERY_MAX_WORDS; i++)
        ns_buf_printf(&text, "w%d OR ", i);
    ns_buf_puts(&text, "last");
    ns_query q;
    ns_error err;
    assert_int_equal(ns_query_parse(ns_buf_str(&text), &q, &err), NS_ERR_QUERY);
    assert_string_equal(err.message, "the query has more than 1000 words: search for fewer");
    assert_null(q.root);

    ns_buf_reset(&text);
    for (int i = 0; i < 1000000; i++)
        ns_buf_puts(&text, "NOT ");
    ns_buf_puts(&text, "ceasefire");
    assert_int_equal(ns_query_parse(ns_buf_str(&text), &q, &err), NS_OK);
    char *tree = ns_query_describe(q.root);
    assert_string_equal(tree, "(AND_NOT ALL word:ceasefire)");
    free(tree);
    ns_query_clear(&q);
    ns_buf_free(&text);
}

static void test_build_uses_schema_terms(void **state)
{
    static const struct { const char *query, *xapian; } rows[] = {
        { "sanctions", "Query(Zsanction@1)" },
        { "title:sanctions", "Query(ZSsanction@1)" },
        { "\"no invasion\"", "Query((no@1 PHRASE 2 invasion@2))" },
        { "outlet:\"ABC News\"", "Query(XOabc-news@1)" },
        { "person:Sheinbaum", "Query(XWsheinbaum@1)" },
        { "person:\"Claudia Sheinbaum\"", "Query(XPclaudia-sheinbaum@1)" },
        { "date:2025-08", "Query(M202508@1)" },
        { "date:2025-08-01..2025-08-10", "Query(VALUE_RANGE 0 20250801000000 20250810235959)" },
        { "a NEAR/3 b", "Query((a@1 NEAR 4 b@2))" },
        { "sanctions outlet:bbc", "Query((Zsanction@1 FILTER XObbc@2))" },
    };
    ns_terms *terms;
    assert_int_equal(ns_terms_new(&terms, NULL), NS_OK);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        ns_query q;
        assert_int_equal(ns_query_parse(rows[i].query, &q, NULL), NS_OK);
        ns_xquery *xq = NULL;
        assert_int_equal(ns_query_build(q.root, terms, NULL, &xq, NULL), NS_OK);
        char *d = ns_xquery_describe(xq);
        if (strcmp(d, rows[i].xapian) != 0)
            fail_msg("'%s': got %s, want %s", rows[i].query, d, rows[i].xapian);
        free(d);
        ns_xquery_free(xq);
        ns_query_clear(&q);
    }
    ns_terms_free(terms);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trees),
        cmocka_unit_test(test_notes),
        cmocka_unit_test(test_errors_name_the_part),
        cmocka_unit_test(test_deep_nesting_is_refused),
        cmocka_unit_test(test_huge_queries),
        cmocka_unit_test(test_build_uses_schema_terms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
