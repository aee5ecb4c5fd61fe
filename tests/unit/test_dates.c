/* Dates: parsing against an explicit reference time, from tables with
 * negative rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
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

static void test_written_dates(void **state)
{
    static const struct { const char *in; const char *out; } rows[] = {
        /* RFC 822 / 1123, as RSS and HTTP write */
        { "Sat, 09 Aug 2025 14:03:27 +0000", "2025-08-09T14:03:27Z" },
        { "Sat, 09 Aug 2025 14:03:27 GMT", "2025-08-09T14:03:27Z" },
        { "Mon, 04 Aug 2025 17:20:00 +1000", "2025-08-04T07:20:00Z" },
        { "9 Aug 2025 14:03 EDT", "2025-08-09T18:03:00Z" },
        { "Fri, 08 Aug 2025 12:00:00 UT", "2025-08-08T12:00:00Z" },
        { "Sat, 9 Aug 2025 08:00:00 AEST", "2025-08-08T22:00:00Z" },
        { "Sat, 09 Aug 2025 14:03:27 XYZ", "2025-08-09T14:03:27Z" },   /* unknown zone: UTC */
        /* written */
        { "August 9, 2025", "2025-08-09T00:00:00Z" },
        { "Aug. 9, 2025, 2:15 p.m. EDT", "2025-08-09T18:15:00Z" },
        { "9 August 2025", "2025-08-09T00:00:00Z" },
        { "Saturday 9 August 2025 08:00 AEST", "2025-08-08T22:00:00Z" },
        { "Sept 3, 2024", "2024-09-03T00:00:00Z" },
        { "3rd of March 2025", "2025-03-03T00:00:00Z" },
        { "12:30 am, Jan 1, 2025", NULL },
        /* no year: the latest year not more than two days ahead */
        { "Aug 9", "2025-08-09T00:00:00Z" },
        { "Aug 11", "2025-08-11T00:00:00Z" },
        { "Aug 12", "2024-08-12T00:00:00Z" },
        { "Dec 31", "2024-12-31T00:00:00Z" },
        /* ISO 8601 too */
        { "2025-08-07T06:40:00Z", "2025-08-07T06:40:00Z" },
        { " 2025-08-05T18:30:00+10:00 ", "2025-08-05T08:30:00Z" },
        /* not dates */
        { "", NULL },
        { "yesterday", NULL },
        { "Reuters", NULL },
        { "May the fourth", NULL },
        { "Feb 30, 2025", NULL },
        { "Aug 9, 2025 and more", NULL },
        { "Augustus 9, 2025", NULL },
        { "13:61 Aug 9", NULL },
        { "Aug 9 25:00", NULL },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int64_t t = 0;
        bool ok = ns_parse_date(rows[i].in, strlen(rows[i].in), REFERENCE, &t);
        if (ok != (rows[i].out != NULL))
            fail_msg("\"%s\": %s", rows[i].in, ok ? "parsed but should not" : "not parsed");
        if (!ok)
            continue;
        char out[21];
        ns_format_iso8601(t, out);
        if (strcmp(out, rows[i].out) != 0)
            fail_msg("\"%s\": got %s, want %s", rows[i].in, out, rows[i].out);
    }
}

static void test_dates_in_urls(void **state)
{
    static const struct { const char *url; const char *day; } rows[] = {
        { "https://www.abc.net.au/news/2025-08-06/nsw-floods/105612345", "2025-08-06" },
        { "https://example.com/2025/08/09/story-slug/", "2025-08-09" },
        { "https://example.com/world/2025/08/09", "2025-08-09" },
        { "https://www.smh.com.au/business/rba-cuts-rates-20250805-p5mk1b.html", "2025-08-05" },
        { "https://example.com/news/20250807/story", "2025-08-07" },
        { "/2024/02/29/leap-day", "2024-02-29" },
        /* not dates */
        { "https://www.theguardian.com/world/2025/aug/07/chile-mine", NULL },
        { "https://apnews.com/article/kenya-tea-pickers-strike", NULL },
        { "https://example.com/story/1234567890123", NULL },
        { "https://example.com/2025/13/01/bad-month", NULL },
        { "https://example.com/2023/02/29/not-a-leap-year", NULL },
        { "https://example.com/1899/01/01/too-old", NULL },
        { "https://example.com/story?date=2025-08-09", NULL },
        { "https://example.com/item/20250809123/", NULL },
        { "https://2025-08-09.example.com/", NULL },
        { "", NULL },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int64_t t = 0;
        bool ok = ns_date_from_url(rows[i].url, strlen(rows[i].url), &t);
        if (ok != (rows[i].day != NULL))
            fail_msg("%s: %s", rows[i].url, ok ? "a date where there is none" : "no date found");
        if (!ok)
            continue;
        char day[11];
        ns_format_day(t, day);
        assert_string_equal(day, rows[i].day);
        assert_int_equal(t % 86400, 0);
    }
}

static void test_datelines(void **state)
{
    static const struct { const char *text; const char *out; } rows[] = {
        { "WASHINGTON, Aug 9 (Reuters) - The U.S. said", "2025-08-09T00:00:00Z" },
        { "SYDNEY, August 7, 2025 \xE2\x80\x94 Rain fell", "2025-08-07T00:00:00Z" },
        { "NAIROBI, Kenya, Saturday, Aug. 9 (AP) \xE2\x80\x94 Tea", "2025-08-09T00:00:00Z" },
        { "LONDON, 8 August 2025: Shares rose", "2025-08-08T00:00:00Z" },
        { "MONTR\xC3\x89" "AL, Aug 6 (Reuters) - Dock workers", "2025-08-06T00:00:00Z" },
        { "August 9, 2025 \xE2\x80\x93 The council", "2025-08-09T00:00:00Z" },
        { "  \nBEIJING, Dec 30 (Reuters) - ", "2024-12-30T00:00:00Z" },
        /* not datelines */
        { "KERICHO, Kenya (AP) \xE2\x80\x94 Thousands of tea pickers", NULL },
        { "The meeting on Aug 9 (Reuters) - said", NULL },
        { "Aug 9 is when the vote happens.", NULL },
        { "He said, Aug 9 would be the day.", NULL },
        { "WASHINGTON, the capital, said on Aug 9 (Reuters) -", NULL },
        { "Title line\nWASHINGTON, Aug 9 (Reuters) -", NULL },
        { "", NULL },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int64_t t = 0;
        bool ok = ns_date_from_dateline(rows[i].text, strlen(rows[i].text), REFERENCE, &t);
        if (ok != (rows[i].out != NULL))
            fail_msg("\"%s\": %s", rows[i].text, ok ? "a dateline where there is none"
                                                     : "no dateline found");
        if (!ok)
            continue;
        char out[21];
        ns_format_iso8601(t, out);
        assert_string_equal(out, rows[i].out);
    }
}

/* Relative dates against 2025-08-09T10:00:00Z, a Saturday. */
static void test_resolve(void **state)
{
    static const struct {
        const char *in;
        int32_t tz;
        const char *first, *last;   /* "" for an open end */
    } rows[] = {
        { "2025-08-09", 0, "2025-08-09T00:00:00Z", "2025-08-09T23:59:59Z" },
        { "2025-08", 0, "2025-08-01T00:00:00Z", "2025-08-31T23:59:59Z" },
        { "today", 0, "2025-08-09T00:00:00Z", "2025-08-09T23:59:59Z" },
        { "Today", 0, "2025-08-09T00:00:00Z", "2025-08-09T23:59:59Z" },
        { "yesterday", 0, "2025-08-08T00:00:00Z", "2025-08-08T23:59:59Z" },
        { "tomorrow", 0, "2025-08-10T00:00:00Z", "2025-08-10T23:59:59Z" },
        { "this week", 0, "2025-08-04T00:00:00Z", "2025-08-10T23:59:59Z" },
        { "last week", 0, "2025-07-28T00:00:00Z", "2025-08-03T23:59:59Z" },
        { "this month", 0, "2025-08-01T00:00:00Z", "2025-08-31T23:59:59Z" },
        { "last month", 0, "2025-07-01T00:00:00Z", "2025-07-31T23:59:59Z" },
        { "this year", 0, "2025-01-01T00:00:00Z", "2025-12-31T23:59:59Z" },
        { "last year", 0, "2024-01-01T00:00:00Z", "2024-12-31T23:59:59Z" },
        { "7d", 0, "2025-08-02T10:00:00Z", "2025-08-09T10:00:00Z" },
        { "48h", 0, "2025-08-07T10:00:00Z", "2025-08-09T10:00:00Z" },
        { "2w", 0, "2025-07-26T10:00:00Z", "2025-08-09T10:00:00Z" },
        { "30min", 0, "2025-08-09T09:30:00Z", "2025-08-09T10:00:00Z" },
        { "3mo", 0, "2025-05-09T10:00:00Z", "2025-08-09T10:00:00Z" },
        { "1y", 0, "2024-08-09T10:00:00Z", "2025-08-09T10:00:00Z" },
        { "last 7 days", 0, "2025-08-02T10:00:00Z", "2025-08-09T10:00:00Z" },
        { "past 48 hours", 0, "2025-08-07T10:00:00Z", "2025-08-09T10:00:00Z" },
        { "2025-08-15..+3d", 0, "2025-08-15T00:00:00Z", "2025-08-18T23:59:59Z" },
        { "2025-08-15..+1w", 0, "2025-08-15T00:00:00Z", "2025-08-22T23:59:59Z" },
        { "2025-08-15..+12h", 0, "2025-08-15T00:00:00Z", "2025-08-15T11:59:59Z" },
        { "2025-08-01..today", 0, "2025-08-01T00:00:00Z", "2025-08-09T23:59:59Z" },
        { "yesterday..", 0, "2025-08-08T00:00:00Z", "" },
        { "..last month", 0, "", "2025-07-31T23:59:59Z" },
        { " 2025-08-01 .. 2025-08-03 ", 0, "2025-08-01T00:00:00Z", "2025-08-03T23:59:59Z" },
        /* A local calendar: 20:00 on the 9th in UTC+10, midnight on the 10th
         * in UTC+14. */
        { "today", 36000, "2025-08-08T14:00:00Z", "2025-08-09T13:59:59Z" },
        { "today", 50400, "2025-08-09T10:00:00Z", "2025-08-10T09:59:59Z" },
        { "this week", 36000, "2025-08-03T14:00:00Z", "2025-08-10T13:59:59Z" },
        { "2025-08-09", -18000, "2025-08-09T05:00:00Z", "2025-08-10T04:59:59Z" },
        { "7d", 36000, "2025-08-02T10:00:00Z", "2025-08-09T10:00:00Z" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        ns_date_context ctx = { .has_now = true, .now = REFERENCE, .tz_offset = rows[i].tz };
        ns_date_span span;
        ns_error err;
        if (ns_resolve_date(rows[i].in, strlen(rows[i].in), &ctx, &span, &err) != NS_OK)
            fail_msg("\"%s\" was not resolved: %s", rows[i].in, err.message);
        char a[21] = "", b[21] = "";
        if (span.has_first)
            ns_format_iso8601(span.first, a);
        if (span.has_last)
            ns_format_iso8601(span.last, b);
        if (strcmp(a, rows[i].first) != 0 || strcmp(b, rows[i].last) != 0)
            fail_msg("\"%s\" (tz %d): got %s..%s, want %s..%s", rows[i].in, rows[i].tz, a, b,
                     rows[i].first, rows[i].last);
    }
}

static void test_resolve_rejects(void **state)
{
    static const struct { const char *in, *message; } rows[] = {
        { "next fortnight", "not a date: write YYYY, YYYY-MM, YYYY-MM-DD, today, yesterday, "
                            "this or last week/month/year, or a span up to now such as 7d or 48h" },
        { "last", "not a date: write YYYY, YYYY-MM, YYYY-MM-DD, today, yesterday, this or last "
                  "week/month/year, or a span up to now such as 7d or 48h (quote words that go "
                  "together: date:\"last week\")" },
        { "last day", "not a date: write YYYY, YYYY-MM, YYYY-MM-DD, today, yesterday, this or "
                      "last week/month/year, or a span up to now such as 7d or 48h" },
        { "7x", "not a date: write YYYY, YYYY-MM, YYYY-MM-DD, today, yesterday, this or last "
                "week/month/year, or a span up to now such as 7d or 48h" },
        { "1234567d", "not a date: write YYYY, YYYY-MM, YYYY-MM-DD, today, yesterday, this or "
                      "last week/month/year, or a span up to now such as 7d or 48h" },
        { "2025-13", "month 13 is not between 1 and 12" },
        { "2025-08-15..+3mo", "\"+3mo\" after \"..\" must be a number of days, weeks or hours "
                              "such as +3d, +2w or +12h" },
        { "..+3d", "\"..+3d\" counts from a start: write one before \"..\"" },
        { "today..yesterday", "the range ends before it starts" },
        { "..", "a date range needs a date on at least one side of \"..\"" },
        { "", "not a date: write YYYY, YYYY-MM, YYYY-MM-DD, today, yesterday, this or last "
              "week/month/year, or a span up to now such as 7d or 48h" },
    };
    ns_date_context ctx = { .has_now = true, .now = REFERENCE };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        ns_date_span span;
        ns_error err;
        if (ns_resolve_date(rows[i].in, strlen(rows[i].in), &ctx, &span, &err) != NS_ERR_QUERY)
            fail_msg("\"%s\" should not resolve", rows[i].in);
        if (strcmp(err.message, rows[i].message) != 0)
            fail_msg("\"%s\": got \"%s\"", rows[i].in, err.message);
    }
    /* Without a reference time only calendar dates resolve. */
    ns_date_context no_clock = { .has_now = false };
    ns_date_span span;
    ns_error err;
    assert_int_equal(ns_resolve_date("today", 5, &no_clock, &span, &err), NS_ERR_QUERY);
    assert_string_equal(err.message, "a relative date needs the current time");
    assert_int_equal(ns_resolve_date("2025", 4, &no_clock, &span, &err), NS_OK);
    assert_false(span.relative);
}

static void test_calendar_units_and_weeks(void **state)
{
    static const struct { const char *first, *last; char unit; } units[] = {
        { "2025-08-09T00:00:00Z", "2025-08-09T23:59:59Z", 'd' },
        { "2025-08-01T00:00:00Z", "2025-08-31T23:59:59Z", 'm' },
        { "2024-02-01T00:00:00Z", "2024-02-29T23:59:59Z", 'm' },
        { "2025-01-01T00:00:00Z", "2025-12-31T23:59:59Z", 'y' },
        { "2025-08-01T00:00:00Z", "2025-08-30T23:59:59Z", 0 },
        { "2025-08-09T14:00:00Z", "2025-08-10T13:59:59Z", 0 },
        { "2025-08-04T00:00:00Z", "2025-08-10T23:59:59Z", 0 },
    };
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        int64_t a, b;
        assert_true(ns_parse_iso8601(units[i].first, &a));
        assert_true(ns_parse_iso8601(units[i].last, &b));
        assert_int_equal(ns_calendar_unit(a, b), units[i].unit);
    }
    static const struct { const char *day, *week; } weeks[] = {
        { "2025-08-09", "2025-W32" }, { "2025-08-04", "2025-W32" }, { "2025-08-03", "2025-W31" },
        { "2024-12-30", "2025-W01" }, { "2021-01-03", "2020-W53" }, { "2026-01-01", "2026-W01" },
        { "1969-12-31", "1970-W01" },
    };
    for (size_t i = 0; i < sizeof weeks / sizeof weeks[0]; i++) {
        int64_t t;
        char out[9];
        assert_true(ns_parse_iso8601(weeks[i].day, &t));
        ns_format_iso_week(t + 3600, out);
        if (strcmp(out, weeks[i].week) != 0)
            fail_msg("%s: got %s, want %s", weeks[i].day, out, weeks[i].week);
    }
    char bound[21];
    ns_format_date_bound(true, REFERENCE - 36000, false, bound);
    assert_string_equal(bound, "2025-08-09");
    ns_format_date_bound(true, REFERENCE - 36000 - 1, true, bound);
    assert_string_equal(bound, "2025-08-08");
    ns_format_date_bound(true, REFERENCE, false, bound);
    assert_string_equal(bound, "2025-08-09T10:00:00Z");
    ns_format_date_bound(false, REFERENCE, false, bound);
    assert_string_equal(bound, "");
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
        cmocka_unit_test(test_written_dates),
        cmocka_unit_test(test_dates_in_urls),
        cmocka_unit_test(test_datelines),
        cmocka_unit_test(test_resolve),
        cmocka_unit_test(test_resolve_rejects),
        cmocka_unit_test(test_calendar_units_and_weeks),
        cmocka_unit_test(test_formats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
