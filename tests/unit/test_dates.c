/* Dates: parsing against an explicit reference time, from tables with
 * negative rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "extract/dates.h"

/* 2025-08-09T10:00:00Z */
#define REFERENCE INT64_C(1754733600)

static void test_iso8601(void **state)
{
    static const struct { const char *in; const char *out; } rows[] = {
        { "2025-08-09", "2025-08-09T00:00:00Z" },
        { "20250809", "2025-08-09T00:00:00Z" },
        { "2025-08-09T14:03Z", "2025-08-09T14:03:00Z" },
        { "2025-08-09T14:03:27Z", "2025-08-09T14:03:27Z" },
        { "2025-08-09 14:03:27", "2025-08-09T14:03:27Z" },
        { "2025-08-09T14:03:27.123+10:00", "2025-08-09T04:03:27Z" },
        { "2025-08-09T01:00:00-05:00", "2025-08-09T06:00:00Z" },
        { "2025-08-09T23:59:60Z", "2025-08-09T23:59:59Z" },
        { "  2024-02-29  ", "2024-02-29T00:00:00Z" },
        { "1969-07-20T20:17:00Z", "1969-07-20T20:17:00Z" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int64_t t = 0;
        char out[21];
        if (!ns_parse_iso8601(rows[i].in, &t))
            fail_msg("\"%s\" was not parsed", rows[i].in);
        ns_format_iso8601(t, out);
        assert_string_equal(out, rows[i].out);
    }
}

static void test_iso8601_rejects(void **state)
{
    static const char *const rows[] = {
        "", "2025", "2025-08", "2025-13-01", "2025-02-30", "2023-02-29", "0000-01-01",
        "99999-01-01", "2025-08-09T25:00Z", "2025-08-09T10:61Z", "2025-08-09X",
        "yesterday", "2025/08/09", "2025-08-09T10:00:00+25:00", "2025-8-9",
        /* In range where written, not in UTC (found by fuzzing). */
        "9999-12-31T23:59:60-02", "1000-01-01T00:30+01:00",
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int64_t t;
        if (ns_parse_iso8601(rows[i], &t))
            fail_msg("\"%s\" should not parse", rows[i]);
    }
}

/* The range's ends are the first and last second of the years. */
static void test_time_range(void **state)
{
    int64_t t;
    assert_true(ns_parse_iso8601("1000-01-01T00:00:00Z", &t));
    assert_int_equal(t, NS_TIME_MIN);
    assert_true(ns_parse_iso8601("9999-12-31T23:59:59Z", &t));
    assert_int_equal(t, NS_TIME_MAX);
    assert_true(ns_parse_relative_time("1025 years ago", REFERENCE, &t));
}

static void test_relative(void **state)
{
    static const struct { const char *in; int64_t back; } rows[] = {
        { "7 minutes ago", 7 * 60 },
        { "1 minute ago", 60 },
        { "an hour ago", 3600 },
        { "5 hours ago", 5 * 3600 },
        { "2 days ago", 2 * 86400 },
        { "3 weeks ago", 21 * 86400 },
        { "yesterday", 86400 },
        { "Yesterday", 86400 },
        { "just now", 0 },
        { "10 secs ago", 10 },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int64_t t = 0;
        if (!ns_parse_relative_time(rows[i].in, REFERENCE, &t))
            fail_msg("\"%s\" was not parsed", rows[i].in);
        assert_int_equal(REFERENCE - t, rows[i].back);
    }
    static const char *const bad[] = {
        "7 minutes", "minutes ago", "seven minutes ago", "-3 days ago", "2 fortnights ago",
        "5 hours ago now", "ABC News", "",
        /* Before the year 1000. */
        "99999 years ago", "1027 years ago",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t t;
        if (ns_parse_relative_time(bad[i], REFERENCE, &t))
            fail_msg("\"%s\" should not parse", bad[i]);
    }
}

static void test_calendar_spans(void **state)
{
    static const struct { const char *in; const char *first, *last; } rows[] = {
        { "2025", "2025-01-01T00:00:00Z", "2025-12-31T23:59:59Z" },
        { "2025-08", "2025-08-01T00:00:00Z", "2025-08-31T23:59:59Z" },
        { "2024-02", "2024-02-01T00:00:00Z", "2024-02-29T23:59:59Z" },
        { "2025-08-09", "2025-08-09T00:00:00Z", "2025-08-09T23:59:59Z" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int64_t first, last;
        char a[21], b[21];
        assert_int_equal(ns_parse_calendar_span(rows[i].in, strlen(rows[i].in), &first, &last, NULL), NS_OK);
        ns_format_iso8601(first, a);
        ns_format_iso8601(last, b);
        assert_string_equal(a, rows[i].first);
        assert_string_equal(b, rows[i].last);
    }
    static const struct { const char *in, *message; } bad[] = {
        { "2025-13-45", "month 13 is not between 1 and 12" },
        { "2025-02-30", "2025-02 has no day 30" },
        { "0999", "year 999 is not between 1000 and 9999" },
        { "25-08-09", "not a date: write YYYY, YYYY-MM or YYYY-MM-DD" },
        { "2025-08-09x", "not a date: write YYYY, YYYY-MM or YYYY-MM-DD" },
        { "today", "not a date: write YYYY, YYYY-MM or YYYY-MM-DD" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t first, last;
        ns_error err;
        assert_int_equal(ns_parse_calendar_span(bad[i].in, strlen(bad[i].in), &first, &last, &err),
                         NS_ERR_QUERY);
        assert_string_equal(err.message, bad[i].message);
    }
}

static void test_formats(void **state)
{
    char sortable[15], day[11];
    ns_format_sortable(REFERENCE + 61, sortable);
    ns_format_day(REFERENCE, day);
    assert_string_equal(sortable, "20250809100101");
    assert_string_equal(day, "2025-08-09");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iso8601),
        cmocka_unit_test(test_iso8601_rejects),
        cmocka_unit_test(test_time_range),
        cmocka_unit_test(test_relative),
        cmocka_unit_test(test_calendar_spans),
        cmocka_unit_test(test_formats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
