#include "extract/dates.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian
 * calendar, with no dependence on the C library's time zone state. */
int64_t ns_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static bool leap_year(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned days_in_month(int64_t y, unsigned m)
{
    static const unsigned days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && leap_year(y) ? 29 : days[m - 1];
}

bool ns_valid_civil(int64_t y, unsigned m, unsigned d)
{
    return y >= NS_YEAR_MIN && y <= NS_YEAR_MAX && m >= 1 && m <= 12 && d >= 1 &&
           d <= days_in_month(y, m);
}

/* Read exactly n digits. */
static bool digits(const char **p, const char *end, int n, int *value)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (*p >= end || !isdigit((unsigned char)**p))
            return false;
        v = v * 10 + (**p - '0');
        (*p)++;
    }
    *value = v;
    return true;
}

bool ns_parse_iso8601(const char *s, int64_t *t)
{
    const char *p = s, *end = s + strlen(s);
    while (p < end && isspace((unsigned char)*p))
        p++;
    while (end > p && isspace((unsigned char)end[-1]))
        end--;
    int year, month, day, hour = 0, minute = 0, second = 0;
    if (!digits(&p, end, 4, &year))
        return false;
    bool basic = p < end && isdigit((unsigned char)*p);
    if (!basic && (p >= end || *p++ != '-'))
        return false;
    if (!digits(&p, end, 2, &month))
        return false;
    if (!basic && (p >= end || *p++ != '-'))
        return false;
    if (!digits(&p, end, 2, &day))
        return false;
    if (!ns_valid_civil(year, (unsigned)month, (unsigned)day))
        return false;
    int offset = 0;
    if (p < end && (*p == 'T' || *p == 't' || *p == ' ')) {
        p++;
        if (!digits(&p, end, 2, &hour))
            return false;
        if (p < end && *p == ':')
            p++;
        if (!digits(&p, end, 2, &minute))
            return false;
        if (p < end && *p == ':') {
            p++;
            if (!digits(&p, end, 2, &second))
                return false;
            if (p < end && (*p == '.' || *p == ',')) {
                p++;
                if (p >= end || !isdigit((unsigned char)*p))
                    return false;
                while (p < end && isdigit((unsigned char)*p))
                    p++;
            }
        }
        if (hour > 24 || minute > 59 || second > 60 || (hour == 24 && (minute || second)))
            return false;
        if (second == 60)
            second = 59;   /* a leap second: keep it in its minute */
        if (p < end && (*p == 'Z' || *p == 'z')) {
            p++;
        } else if (p < end && (*p == '+' || *p == '-')) {
            int sign = *p++ == '-' ? -1 : 1;
            int oh, om = 0;
            if (!digits(&p, end, 2, &oh))
                return false;
            if (p < end && *p == ':')
                p++;
            if (p < end && !digits(&p, end, 2, &om))
                return false;
            if (oh > 23 || om > 59)
                return false;
            offset = sign * (oh * 3600 + om * 60);
        }
    }
    if (p != end)
        return false;
    int64_t when = ns_days_from_civil(year, (unsigned)month, (unsigned)day) * 86400 +
                   hour * 3600 + minute * 60 + second - offset;
    /* In range as UTC too: 9999-12-31T23:00-02:00 is in the year 10000. */
    if (when < NS_TIME_MIN || when > NS_TIME_MAX)
        return false;
    *t = when;
    return true;
}

typedef struct time_unit {
    const char *name;
    int64_t seconds;
} time_unit;

static const time_unit units[] = {
    { "second", 1 }, { "sec", 1 }, { "s", 1 },
    { "minute", 60 }, { "min", 60 }, { "m", 60 },
    { "hour", 3600 }, { "hr", 3600 }, { "h", 3600 },
    { "day", 86400 }, { "d", 86400 },
    { "week", 7 * 86400 }, { "wk", 7 * 86400 }, { "w", 7 * 86400 },
    { "month", 30 * 86400 }, { "mo", 30 * 86400 },
    { "year", 365 * 86400 }, { "yr", 365 * 86400 }, { "y", 365 * 86400 },
};

bool ns_parse_relative_time(const char *s, int64_t reference, int64_t *t)
{
    char word[32], unit[32], ago[32];
    char rest;
    while (isspace((unsigned char)*s))
        s++;
    if (strcasecmp(s, "just now") == 0 || strcasecmp(s, "now") == 0 ||
        strcasecmp(s, "today") == 0) {
        *t = reference;
        return true;
    }
    if (strcasecmp(s, "yesterday") == 0) {
        *t = reference - 86400;
        return true;
    }
    if (sscanf(s, "%31s %31s %31s %c", word, unit, ago, &rest) != 3 || strcasecmp(ago, "ago") != 0)
        return false;
    long count;
    if (strcasecmp(word, "a") == 0 || strcasecmp(word, "an") == 0 || strcasecmp(word, "one") == 0) {
        count = 1;
    } else {
        char *endp;
        count = strtol(word, &endp, 10);
        if (*endp || count < 0 || count > 100000)
            return false;
    }
    size_t ulen = strlen(unit);
    if (ulen > 1 && (unit[ulen - 1] == 's' || unit[ulen - 1] == 'S'))
        unit[--ulen] = '\0';
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (strcasecmp(unit, units[i].name) == 0) {
            int64_t when = reference - count * units[i].seconds;
            if (when < NS_TIME_MIN || when > NS_TIME_MAX)
                return false;
            *t = when;
            return true;
        }
    }
    return false;
}

static void civil_from_time(int64_t t, int64_t *y, unsigned *mo, unsigned *d, int *h, int *mi,
                            int *s)
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t secs = t - days * 86400;
    civil_from_days(days, y, mo, d);
    *h = (int)(secs / 3600);
    *mi = (int)(secs / 60 % 60);
    *s = (int)(secs % 60);
}

void ns_format_iso8601(int64_t t, char out[21])
{
    int64_t y;
    unsigned mo, d;
    int h, mi, s;
    civil_from_time(t, &y, &mo, &d, &h, &mi, &s);
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%04d-%02u-%02uT%02d:%02d:%02dZ", (int)(y % 10000), mo, d, h, mi, s);
    memcpy(out, tmp, 20);
    out[20] = '\0';
}

void ns_format_sortable(int64_t t, char out[15])
{
    int64_t y;
    unsigned mo, d;
    int h, mi, s;
    civil_from_time(t, &y, &mo, &d, &h, &mi, &s);
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%04d%02u%02u%02d%02d%02d", (int)(y % 10000), mo, d, h, mi, s);
    memcpy(out, tmp, 14);
    out[14] = '\0';
}

void ns_format_day(int64_t t, char out[11])
{
    int64_t y;
    unsigned mo, d;
    int h, mi, s;
    civil_from_time(t, &y, &mo, &d, &h, &mi, &s);
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%04d-%02u-%02u", (int)(y % 10000), mo, d);
    memcpy(out, tmp, 10);
    out[10] = '\0';
}

ns_status ns_parse_calendar_span(const char *s, size_t len, int64_t *first, int64_t *last,
                                 ns_error *err)
{
    const char *p = s, *end = s + len;
    int year, month = 0, day = 0;
    if (!digits(&p, end, 4, &year) || (p < end && *p != '-'))
        return ns_error_set(err, NS_ERR_QUERY,
                            "not a date: write YYYY, YYYY-MM or YYYY-MM-DD");
    if (year < NS_YEAR_MIN || year > NS_YEAR_MAX)
        return ns_error_set(err, NS_ERR_QUERY, "year %d is not between %d and %d", year,
                            NS_YEAR_MIN, NS_YEAR_MAX);
    if (p < end) {
        p++;
        if (!digits(&p, end, 2, &month) || (p < end && *p != '-'))
            return ns_error_set(err, NS_ERR_QUERY,
                                "not a date: write YYYY, YYYY-MM or YYYY-MM-DD");
        if (month < 1 || month > 12)
            return ns_error_set(err, NS_ERR_QUERY, "month %d is not between 1 and 12", month);
        if (p < end) {
            p++;
            if (!digits(&p, end, 2, &day) || p != end)
                return ns_error_set(err, NS_ERR_QUERY,
                                    "not a date: write YYYY, YYYY-MM or YYYY-MM-DD");
            if (day < 1 || (unsigned)day > days_in_month(year, (unsigned)month))
                return ns_error_set(err, NS_ERR_QUERY, "%04d-%02d has no day %d", year, month,
                                    day);
        }
    }
    int64_t start_day, end_day;
    if (day) {
        start_day = end_day = ns_days_from_civil(year, (unsigned)month, (unsigned)day);
    } else if (month) {
        start_day = ns_days_from_civil(year, (unsigned)month, 1);
        end_day = start_day + days_in_month(year, (unsigned)month) - 1;
    } else {
        start_day = ns_days_from_civil(year, 1, 1);
        end_day = ns_days_from_civil(year, 12, 31);
    }
    *first = start_day * 86400;
    *last = end_day * 86400 + 86399;
    return NS_OK;
}
