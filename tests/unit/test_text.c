/* Normalisation and tokenising: tables of input and exact expected words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "text/normalize.h"
#include "text/tokenize.h"
#include "util/buf.h"

static char *normalized(const char *word)
{
    ns_buf out = NS_BUF_INIT;
    ns_buf_append(&out, "", 0);
    ns_normalize_word(&out, word, strlen(word));
    return ns_buf_detach(&out);
}

static void test_normalize_folds_case_accents_and_width(void **state)
{
    static const struct { const char *in, *out; } rows[] = {
        { "Café", "cafe" },
        { "CAFÉ", "cafe" },
        { "cafe\xCC\x81", "cafe" },                 /* e + combining acute */
        { "\xEF\xBD\x83\xEF\xBD\x81\xEF\xBD\x86\xEF\xBD\x85", "cafe" }, /* fullwidth */
        { "Nicolás", "nicolas" },
        { "Straße", "strasse" },
        { "ZELENSKYY", "zelenskyy" },
        { "Ångström", "angstrom" },
        { "\xEF\xAC\x81nance", "finance" },          /* fi ligature */
        { "plain", "plain" },
        { "2025", "2025" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char *got = normalized(rows[i].in);
        assert_string_equal(got, rows[i].out);
        free(got);
    }
}

static int append_token(void *ctx, const ns_token *t)
{
    ns_buf *out = ctx;
    if (out->len)
        ns_buf_putc(out, ' ');
    ns_buf_append(out, t->text, t->len);
    ns_buf_printf(out, "@%zu-%zu", t->start, t->end);
    if (t->flags & NS_TOKEN_HYPHENATED)
        ns_buf_putc(out, 'H');
    if (t->flags & NS_TOKEN_CAPITALISED)
        ns_buf_putc(out, 'C');
    return 0;
}

static char *tokens(const char *text)
{
    ns_buf out = NS_BUF_INIT;
    ns_buf_append(&out, "", 0);
    ns_tokenize(text, strlen(text), append_token, &out);
    return ns_buf_detach(&out);
}

static void test_tokenize_words_offsets_and_flags(void **state)
{
    static const struct { const char *in, *out; } rows[] = {
        { "Trump's plan", "trump@0-7C plan@8-12" },
        { "Zelenskyy\xE2\x80\x99s envoy", "zelenskyy@0-13C envoy@14-19" },
        { "re-affirming", "re@0-2 affirming@3-12H" },
        { "U.S. troops", "us@0-4C troops@5-11" },
        { "the U.S", "the@0-3 us@4-7C" },
        { "J. R. Smith", "j@0-1C r@3-4C smith@6-11C" },
        { "1,000-kilometre", "1000@0-5 kilometre@6-15H" },
        { "3.5 per cent", "3.5@0-3 per@4-7 cent@8-12" },
        { "O'Connell", "oconnell@0-9C" },
        { "don't", "dont@0-5" },
        { "officials' view", "officials@0-9 view@11-15" },
        { "'quoted'", "quoted@1-7" },
        { "\xE6\x9D\xB1\xE4\xBA\xAC tower", "\xE6\x9D\xB1@0-3 \xE4\xBA\xAC@3-6 tower@7-12" },
        { "a -- b", "a@0-1 b@5-6" },
        { "end.", "end@0-3" },
        { "x\xEF\xBF\xBDy", "x@0-1 y@4-5" },         /* U+FFFD separates */
        { "", "" },
        { "... !!! ---", "" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char *got = tokens(rows[i].in);
        if (strcmp(got, rows[i].out) != 0)
            fail_msg("tokens of \"%s\": got \"%s\", want \"%s\"", rows[i].in, got, rows[i].out);
        free(got);
    }
}

static void test_tokenize_drops_overlong_words(void **state)
{
    char text[200];
    memset(text, 'x', 150);
    strcpy(text + 150, " short");
    char *got = tokens(text);
    assert_string_equal(got, "short@151-156");
    free(got);
}

static void test_sanitize_replaces_bad_bytes(void **state)
{
    static const struct { const char *in; size_t len; const char *out; size_t bad; } rows[] = {
        { "ok", 2, "ok", 0 },
        { "a\xFF" "b", 3, "a\xEF\xBF\xBD" "b", 1 },
        { "a\0b", 3, "a\xEF\xBF\xBD" "b", 1 },                    /* NUL */
        { "\xC0\xAF", 2, "\xEF\xBF\xBD\xEF\xBF\xBD", 2 },          /* overlong '/' */
        { "\xED\xA0\x80", 3, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", 3 }, /* surrogate */
        { "\xEF\xBB\xBFtitle", 8, "title", 0 },                   /* BOM dropped */
        { "caf\xC3", 4, "caf\xEF\xBF\xBD", 1 },                    /* truncated */
        { "\xE2\x80\x99", 3, "\xE2\x80\x99", 0 },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        size_t bad = 99;
        char *got = ns_utf8_sanitize(rows[i].in, rows[i].len, &bad);
        assert_string_equal(got, rows[i].out);
        assert_int_equal(bad, rows[i].bad);
        free(got);
    }
}

static void test_slug(void **state)
{
    static const struct { const char *in, *out; } rows[] = {
        { "ABC News", "abc-news" },
        { "abc-news", "abc-news" },
        { "Nicolás Maduro", "nicolas-maduro" },
        { "  Perth   Now ", "perth-now" },
        { "www.theguardian.com", "www-theguardian-com" },
        { "---", "" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char *got = ns_slug(rows[i].in);
        assert_string_equal(got, rows[i].out);
        free(got);
    }
}

/* A slug is an index term: a long outlet or name is cut after the last
 * whole word that fits, never mid-word, and never past NS_SLUG_MAX_BYTES
 * (Xapian refuses terms over 245 bytes and the whole batch with them). */
static void test_slug_of_a_long_name_fits_in_a_term(void **state)
{
    ns_buf name = NS_BUF_INIT;
    for (int i = 0; i < 100; i++)
        ns_buf_puts(&name, "Agence ");
    char *got = ns_slug(ns_buf_str(&name));
    /* "agence" (6 bytes) and a hyphen each: 28 words take 195 bytes. */
    assert_int_equal(strlen(got), 28 * 7 - 1);
    assert_true(strlen(got) <= NS_SLUG_MAX_BYTES);
    assert_string_equal(got + strlen(got) - 7, "-agence");
    free(got);
    ns_buf_free(&name);
}

static void test_normalize_text_collapses_space(void **state)
{
    char *got = ns_normalize_text("  Mexican\n President\tCLAUDIA  ", 30);
    assert_string_equal(got, "mexican president claudia");
    free(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalize_folds_case_accents_and_width),
        cmocka_unit_test(test_tokenize_words_offsets_and_flags),
        cmocka_unit_test(test_tokenize_drops_overlong_words),
        cmocka_unit_test(test_sanitize_replaces_bad_bytes),
        cmocka_unit_test(test_slug),
        cmocka_unit_test(test_slug_of_a_long_name_fits_in_a_term),
        cmocka_unit_test(test_normalize_text_collapses_space),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
