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
#include "query/spelling.h"
#include "util/mem.h"

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
        /* one outlet however it is written (src/extract/outlet.h) */
        { "outlet:abc.net.au", "outlet=abc-news" },
        { "outlet:www.abc.net.au", "outlet=abc-news" },
        { "outlet:m.abc.net.au", "outlet=abc-news" },
        { "outlet:\"abc news\"", "outlet=abc-news" },
        { "outlet:theguardian.com", "outlet=the-guardian" },
        { "outlet:Guardian", "outlet=the-guardian" },
        { "outlet:\"Daily Planet\"", "outlet=daily-planet" },
        { "outlet:www.dailyplanet.example", "outlet=dailyplanet-example" },
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
        /* exact, fuzzy, since */
        { "=U.S.", "exact:U.S." },
        { "=\"Trump's plan\"", "exact:\"Trump's plan\"" },
        { "title:=Mexico", "title:exact:Mexico" },
        { "title:=\"Mexico City\"", "title:exact:\"Mexico City\"" },
        { "=Cafe\xCC\x81", "exact:Caf\xC3\xA9" },
        { "zelensky~", "fuzzy:zelensky~2" },
        { "putin~", "fuzzy:putin~1" },
        { "putin~2", "fuzzy:putin~2" },
        { "\"a b\"~", "phrase:\"a b\"" },
        { "since:2025-08-05", "date:2025-08-05.." },
        { "date:2025-08 since:2025-08-05", "(AND date:2025-08-01..2025-08-31 date:2025-08-05..)" },
        { "a = b", "(AND word:a word:b)" },
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

/* Relative dates and --fuzzy, against 2025-08-09T10:00:00Z. */
static void test_trees_with_options(void **state)
{
    static const struct { const char *query; bool fuzzy; int32_t tz; const char *tree; } rows[] = {
        { "date:today", false, 0, "date:2025-08-09..2025-08-09" },
        { "date:\"last week\"", false, 0, "date:2025-07-28..2025-08-03" },
        { "date:7d", false, 0, "date:2025-08-02T10:00:00Z..2025-08-09T10:00:00Z" },
        { "since:48h", false, 0, "date:2025-08-07T10:00:00Z.." },
        { "since:yesterday", false, 0, "date:2025-08-08.." },
        { "date:today", false, 7200, "date:2025-08-08T22:00:00Z..2025-08-09T21:59:59Z" },
        { "zelensky putin =Kremlin \"peace deal\"", true, 0,
          "(AND fuzzy:zelensky~2 fuzzy:putin~1 exact:Kremlin phrase:\"peace deal\")" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        ns_query_options options = {
            .dates = { .has_now = true, .now = INT64_C(1754733600), .tz_offset = rows[i].tz },
            .fuzzy = rows[i].fuzzy,
        };
        ns_query q;
        ns_error err;
        if (ns_query_parse_with(rows[i].query, &options, &q, &err) != NS_OK)
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
        { "=cease*", "an exact word cannot be a wildcard: \"=cease*\" is searched exactly" },
        { "re-count~", "~ applies to one plain word: \"re-count~\" is not searched fuzzily" },
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
        { "date:yesterday", "date:yesterday: a relative date needs the current time" },
        { "since:2025-13", "since:2025-13: month 13 is not between 1 and 12" },
        { "date:\"next fortnight\"", "date:\"next fortnight\": not a date: write YYYY, YYYY-MM, "
          "YYYY-MM-DD, today, yesterday, this or last week/month/year, or a span up to now such "
          "as 7d or 48h" },
        { "since:..2025-08-01", "since:..2025-08-01: since needs a start" },
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

/* A scratch index holding one document with these terms, for the query
 * builder to find a stem's words in (the index keeps no stemmed terms). */
typedef struct word_index {
    char *dir;
    ns_xdb *db;
} word_index;

static void word_index_open(word_index *wi, const char *const *terms, size_t n)
{
    char template[] = "/tmp/ns-test-query-XXXXXX";
    if (!mkdtemp(template))
        fail_msg("mkdtemp failed");
    wi->dir = ns_xstrdup(template);
    char *path = ns_xasprintf("%s/db", wi->dir);
    ns_error err;
    ns_xdb *writer = NULL;
    assert_int_equal(ns_xdb_open(path, NS_XDB_WRITE, 0, &writer, &err), NS_OK);
    ns_xdoc *doc = ns_xdoc_new();
    for (size_t i = 0; i < n; i++)
        ns_xdoc_add_posting(doc, terms[i], strlen(terms[i]), (uint32_t)i + 1, 1);
    assert_int_equal(ns_xdb_replace(writer, "Qone", doc, NULL, NULL, &err), NS_OK);
    ns_xdoc_free(doc);
    assert_int_equal(ns_xdb_commit(writer, &err), NS_OK);
    ns_xdb_close(writer);
    assert_int_equal(ns_xdb_open(path, NS_XDB_READ, 0, &wi->db, &err), NS_OK);
    free(path);
}

static void word_index_close(word_index *wi)
{
    ns_xdb_close(wi->db);
    char *cmd = ns_xasprintf("rm -rf '%s'", wi->dir);
    if (system(cmd) != 0)
        fail_msg("could not remove %s", wi->dir);
    free(cmd);
    free(wi->dir);
}

static void test_build_uses_schema_terms(void **state)
{
    static const char *const indexed[] = {
        "sanction", "sanctions", "XEsanction Sanction", "Ssanction", "Ssanctions",
        "cities", "city", "adonis", "adonises", "run", "running", "runs", "runner",
        "die", "dying", "diet",
    };
    static const struct { const char *query, *xapian; } rows[] = {
        /* a word is its stem's words, as the index has them, written
         * plainly or otherwise */
        { "sanctions", "Query((sanction@1 SYNONYM sanctions@2 SYNONYM XEsanction Sanction@3))" },
        { "sanction", "Query((sanction@1 SYNONYM sanctions@2 SYNONYM XEsanction Sanction@3))" },
        { "title:sanctions", "Query((Ssanction@1 SYNONYM Ssanctions@2))" },
        /* "cities" and "city" share the stem "citi" */
        { "cities", "Query((cities@1 SYNONYM city@2))" },
        /* "adonises" stems to "adonis", but "adonis" to "adoni" */
        { "adonises", "Query(adonises@1)" },
        { "running", "Query((run@1 SYNONYM running@2 SYNONYM runs@3))" },
        { "dying", "Query((die@1 SYNONYM dying@2))" },
        { "invasion", "Query()" },
        { "\"no invasion\"",
          "Query(((no@1 OR WILDCARD OR XEno ) PHRASE 2 (invasion@2 OR WILDCARD OR XEinvasion )))" },
        { "title:\"no invasion\"", "Query((Sno@1 PHRASE 2 Sinvasion@2))" },
        { "=U.S.", "Query(XEus U.S.@1)" },
        { "=us", "Query(us@1)" },
        { "=\"Trump's plan\"", "Query((XEtrump Trump's@1 PHRASE 2 plan@2))" },
        { "title:=Mexico", "Query((XEmexico Mexico@1 AND Smexico@2))" },
        { "cease*", "Query((WILDCARD SYNONYM cease SYNONYM WILDCARD SYNONYM XEcease))" },
        { "zelensky~", "Query()" },
        { "a NEAR/3 cease*",
          "Query(((a@1 OR WILDCARD OR XEa ) NEAR 4 (WILDCARD OR cease OR WILDCARD OR XEcease)))" },
        { "outlet:\"ABC News\"", "Query(XOabc-news@1)" },
        { "person:Sheinbaum", "Query(XWsheinbaum@1)" },
        { "person:\"Claudia Sheinbaum\"", "Query(XPclaudia-sheinbaum@1)" },
        { "date:2025-08", "Query(M202508@1)" },
        /* ranges: whole years, months and days as terms, part days by value */
        { "date:2025-08-01..2025-08-03", "Query(0 * (D20250801@1 OR D20250802@2 OR D20250803@3))" },
        { "date:2024-12-31..2026-02-01",
          "Query(0 * (D20241231@1 OR Y2025@2 OR M202601@3 OR D20260201@4))" },
        { "date:2025-08-07..+12h",
          "Query(0 * (D20250807@1 FILTER VALUE_RANGE 0 20250807000000 20250807115959))" },
        /* an open end closes at the index's first or last date: this
         * index has no dated article, so nothing (tests/cli/date-ranges.sh
         * has the rest) */
        { "date:..2025-08-10", "Query()" },
        /* outlets go through src/extract/outlet.h: "bbc" is BBC News */
        { "sanctions outlet:bbc", "Query(((sanction@1 SYNONYM sanctions@2 SYNONYM XEsanction Sanction@3) FILTER XObbc-news@4))" },
        { "outlet:example.org", "Query(XOexample-org@1)" },
        { "a NEAR/3 b", "Query(((a@1 OR WILDCARD OR XEa ) NEAR 4 (b@2 OR WILDCARD OR XEb )))" },
    };
    word_index wi;
    word_index_open(&wi, indexed, sizeof indexed / sizeof indexed[0]);
    ns_terms *terms;
    assert_int_equal(ns_terms_new(&terms, NULL), NS_OK);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        ns_query q;
        assert_int_equal(ns_query_parse(rows[i].query, &q, NULL), NS_OK);
        ns_xquery *xq = NULL;
        assert_int_equal(ns_query_build(q.root, terms, wi.db, &xq, NULL), NS_OK);
        char *d = ns_xquery_describe(xq);
        if (strcmp(d, rows[i].xapian) != 0)
            fail_msg("'%s': got %s, want %s", rows[i].query, d, rows[i].xapian);
        free(d);
        ns_xquery_free(xq);
        ns_query_clear(&q);
    }
    ns_terms_free(terms);
    word_index_close(&wi);
}

static int collect_term(void *ctx, const char *term, size_t len, const char *word,
                        size_t word_len)
{
    (void)word;
    (void)word_len;
    char *copy = ns_xstrndup(term, len);
    ns_strlist_add(ctx, copy);
    free(copy);
    return 0;
}

/* The words whose stem changes more than its ending (terms.c): each is
 * found from its stem, written plainly and as a variant. */
static void test_stems_find_their_words(void **state)
{
    static const char *const words[] = {
        "happy", "debauchery", "hoping", "livingly", "possibility", "permeabilities",
        "skies", "dying", "lying", "tying", "running", "cities", "agreed", "generously",
    };
    size_t n = sizeof words / sizeof words[0];
    char **variants = ns_xcalloc(n, sizeof *variants);
    const char **indexed = ns_xcalloc(2 * n, sizeof *indexed);
    for (size_t i = 0; i < n; i++) {
        variants[i] = ns_xasprintf("XE%s %c%s", words[i], words[i][0] - 'a' + 'A', words[i] + 1);
        indexed[2 * i] = words[i];
        indexed[2 * i + 1] = variants[i];
    }
    word_index wi;
    word_index_open(&wi, indexed, 2 * n);
    ns_terms *terms;
    assert_int_equal(ns_terms_new(&terms, NULL), NS_OK);
    for (size_t i = 0; i < n; i++) {
        size_t stem_len;
        const char *stem = ns_terms_stem(terms, words[i], strlen(words[i]), &stem_len);
        ns_strlist found = { 0 };
        ns_error err;
        assert_int_equal(ns_terms_each_with_stem(terms, wi.db, stem, stem_len, false,
                                                 collect_term, &found, &err),
                         NS_OK);
        if (!ns_strlist_contains(&found, words[i]) || !ns_strlist_contains(&found, variants[i]))
            fail_msg("'%s' is not found from its stem", words[i]);
        ns_strlist_clear(&found);
    }
    ns_terms_free(terms);
    word_index_close(&wi);
    for (size_t i = 0; i < n; i++)
        free(variants[i]);
    free(variants);
    free(indexed);
}

static void test_edit_distance(void **state)
{
    static const struct { const char *a, *b; unsigned max, want; } rows[] = {
        { "zelensky", "zelenskyy", 2, 1 },
        { "zelenskiy", "zelenskyy", 2, 1 },
        { "zelenksyy", "zelenskyy", 2, 1 },     /* two neighbours swapped: one edit */
        { "selensky", "zelenskyy", 2, 2 },
        { "putin", "putin", 2, 0 },
        { "putin", "", 2, 3 },                 /* more than max: max + 1 */
        { "kyiv", "kiev", 2, 2 },
        { "jos\xC3\xA9", "jose", 2, 1 },        /* counted in characters, not bytes */
        { "abc", "xyz", 1, 2 },
        { "sheinbaum", "sheinbaun", 1, 1 },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        unsigned d = ns_edit_distance(rows[i].a, strlen(rows[i].a), rows[i].b, strlen(rows[i].b),
                                      rows[i].max);
        if (d != rows[i].want)
            fail_msg("%s/%s: got %u, want %u", rows[i].a, rows[i].b, d, rows[i].want);
    }
    assert_int_equal(ns_fuzzy_auto_distance("putin"), 1);
    assert_int_equal(ns_fuzzy_auto_distance("zelensky"), 2);
    assert_int_equal(ns_fuzzy_auto_distance("jos\xC3\xA9s"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trees),
        cmocka_unit_test(test_trees_with_options),
        cmocka_unit_test(test_notes),
        cmocka_unit_test(test_errors_name_the_part),
        cmocka_unit_test(test_deep_nesting_is_refused),
        cmocka_unit_test(test_huge_queries),
        cmocka_unit_test(test_build_uses_schema_terms),
        cmocka_unit_test(test_stems_find_their_words),
        cmocka_unit_test(test_edit_distance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
