/* Wire credits: credit lines and credits at the end of a body. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "extract/credit.h"
#include "util/buf.h"

static char *joined(const ns_strlist *l)
{
    ns_buf out = NS_BUF_INIT;
    ns_buf_append(&out, "", 0);
    for (size_t i = 0; i < l->len; i++)
        ns_buf_printf(&out, "%s%s", i ? "|" : "", l->items[i]);
    return ns_buf_detach(&out);
}

static void test_credit_lines(void **state)
{
    static const struct { const char *line; const char *credits; } rows[] = {
        { "Reuters", "Reuters" },
        { "Reuters/AP", "Reuters|AP" },
        { " AAP, AFP ", "AAP|AFP" },
        { "The Associated Press", "AP" },
        { "Reuters and AFP", "Reuters|AFP" },
        { "(AP)", "AP" },
        { "Agence France-Presse", "AFP" },
        /* not credit lines */
        { "ap", NULL },
        { "Reuters reported on Friday", NULL },
        { "Hashtags", NULL },
        { "", NULL },
        { "Reuters/Unknown Wire", NULL },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        ns_strlist credits = { 0 };
        bool is = ns_credit_parse_line(rows[i].line, strlen(rows[i].line), &credits);
        assert_int_equal(is, rows[i].credits != NULL);
        char *got = joined(&credits);
        assert_string_equal(got, rows[i].credits ? rows[i].credits : "");
        free(got);
        ns_strlist_clear(&credits);
    }
}

static void test_trailing_credit(void **state)
{
    static const struct { const char *text; const char *kept; const char *credits; } rows[] = {
        { "analysts say. Reuters/AP", "analysts say.", "Reuters|AP" },
        { "it said.\nReuters", "it said.", "Reuters" },
        { "told the AP.", "told the AP.", "" },
        { "he said. Later that day", "he said. Later that day", "" },
        { "No credit here", "No credit here", "" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        ns_strlist credits = { 0 };
        size_t kept = ns_credit_strip_trailing(rows[i].text, strlen(rows[i].text), &credits);
        assert_int_equal(kept, strlen(rows[i].kept));
        assert_memory_equal(rows[i].text, rows[i].kept, kept);
        char *got = joined(&credits);
        assert_string_equal(got, rows[i].credits);
        free(got);
        ns_strlist_clear(&credits);
    }
}

static void test_credits_in_a_body(void **state)
{
    static const struct { const char *body; const char *credits; } rows[] = {
        /* datelines */
        { "WASHINGTON (AP) \xE2\x80\x94 The Senate voted.", "AP" },
        { "WASHINGTON, Aug 9 (Reuters) - The U.S. said.", "Reuters" },
        { "PARIS (AFP) - Strikes closed the metro.", "AFP" },
        { "CANBERRA (AAP): The budget passed.", "AAP" },
        /* credit lines and closing credits */
        { "The Senate voted.\nReuters/AP", "Reuters|AP" },
        { "Rain fell all week.\n(AP)", "AP" },
        { "The minister said he would resign. - AFP", "AFP" },
        { "The minister said he would resign.\n\xE2\x80\x94 Reuters", "Reuters" },
        { "Prices rose. (Reuters)", "Reuters" },
        /* contribution notes */
        { "Prices rose.\nThe Associated Press contributed to this report.", "AP" },
        { "Prices rose. Reuters and AFP contributed reporting.", "Reuters|AFP" },
        { "Staff writer Jane Doe and Associated Press contributed to this story.", "AP" },
        { "Prices rose.\nAdditional reporting by Reuters.", "Reuters" },
        { "Prices rose.\nAAP contributed.", "AAP" },
        /* several kinds in one body, each agency once */
        { "KYIV (AP) \xE2\x80\x94 Talks resumed.\nReuters contributed to this report.\nAP",
          "AP|Reuters" },
        /* mentions are not credits */
        { "He told The Associated Press that the deal was close.", "" },
        { "A Reuters investigation found the money was moved.", "" },
        { "Protesters gather. (AP Photo/Jane Doe)", "" },
        { "According to AFP, the talks failed.", "" },
        { "The Associated Press (AP) said it would appeal.", "" },
        { "Reuters reported on Friday that the deal was done.", "" },
        { "a Reuters - Ipsos poll showed", "" },
        { "She joined Reuters in 2010 and contributed to coverage.", "" },
        { "Jane Doe contributed to this report.", "" },
        { "the ap said", "" },
        { "", "" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        ns_strlist credits = { 0 };
        ns_credit_find_in_body(rows[i].body, strlen(rows[i].body), &credits);
        char *got = joined(&credits);
        if (strcmp(got, rows[i].credits) != 0)
            fail_msg("\"%s\": got \"%s\", want \"%s\"", rows[i].body, got, rows[i].credits);
        free(got);
        ns_strlist_clear(&credits);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_credit_lines),
        cmocka_unit_test(test_trailing_credit),
        cmocka_unit_test(test_credits_in_a_body),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
