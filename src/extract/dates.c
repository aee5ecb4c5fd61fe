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

/* ---- written dates: RFC 822, "August 9, 2025", "9 Aug 2025" ---- */

typedef struct date_parts {
    int year;            /* 0 when not written */
    int month, day;
    int hour, minute, second;
    int offset;          /* seconds east of UTC */
} date_parts;

static const char *const month_names[12] = {
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
};

static const char *const weekday_names[7] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};

typedef struct zone {
    const char *name;
    int offset;          /* seconds east of UTC */
} zone;

/* RFC 822's zones and the ones news in English prints most. */
static const zone zones[] = {
    { "Z", 0 }, { "UT", 0 }, { "UTC", 0 }, { "GMT", 0 },
    { "EST", -5 * 3600 }, { "EDT", -4 * 3600 }, { "CST", -6 * 3600 }, { "CDT", -5 * 3600 },
    { "MST", -7 * 3600 }, { "MDT", -6 * 3600 }, { "PST", -8 * 3600 }, { "PDT", -7 * 3600 },
    { "BST", 3600 }, { "CET", 3600 }, { "CEST", 2 * 3600 },
    { "AEST", 10 * 3600 }, { "AEDT", 11 * 3600 }, { "AWST", 8 * 3600 },
    { "NZST", 12 * 3600 }, { "NZDT", 13 * 3600 },
};

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static void skip_spaces(const char **p, const char *end)
{
    while (*p < end && (**p == ' ' || **p == '\t'))
        (*p)++;
}

/* The length of the ASCII word at p. */
static size_t word_len(const char *p, const char *end)
{
    size_t n = 0;
    while (p + n < end && is_alpha(p[n]))
        n++;
    return n;
}

/* Index of the name that the word at p abbreviates (at least three
 * letters, "Sept" and "Thurs" included), or -1. */
static int name_index(const char *const *names, int count, const char *p, size_t n)
{
    if (n < 3)
        return -1;
    for (int i = 0; i < count; i++)
        if (n <= strlen(names[i]) && strncasecmp(p, names[i], n) == 0)
            return i;
    return -1;
}

/* Up to max digits (at least one) as a number. */
static bool number(const char **p, const char *end, int max, int *value)
{
    int v = 0, n = 0;
    while (*p < end && is_digit(**p) && n < max) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    if (n == 0 || (*p < end && is_digit(**p)))
        return false;
    *value = v;
    return true;
}

static bool month_at(const char **p, const char *end, int *month)
{
    size_t n = word_len(*p, end);
    int m = name_index(month_names, 12, *p, n);
    if (m < 0)
        return false;
    *p += n;
    if (*p < end && **p == '.')
        (*p)++;
    *month = m + 1;
    return true;
}

/* "9", "09", "9th". */
static bool day_at(const char **p, const char *end, int *day)
{
    if (!number(p, end, 2, day) || *day < 1 || *day > 31)
        return false;
    if (end - *p >= 2 && (strncasecmp(*p, "st", 2) == 0 || strncasecmp(*p, "nd", 2) == 0 ||
                          strncasecmp(*p, "rd", 2) == 0 || strncasecmp(*p, "th", 2) == 0) &&
        !(end - *p > 2 && is_alpha((*p)[2])))
        *p += 2;
    return true;
}

/* ", 2025" or " 2025" after a day or month; p is left alone when absent. */
static void year_at(const char **p, const char *end, int *year)
{
    const char *q = *p;
    if (q < end && *q == ',')
        q++;
    skip_spaces(&q, end);
    int y;
    if (end - q >= 4 && number(&q, end, 4, &y) && y >= NS_YEAR_MIN) {
        *year = y;
        *p = q;
    }
}

/* " 14:03", " 14:03:27", ", 2:15 p.m.", " at 2:15pm", then a zone. */
static void time_at(const char **p, const char *end, date_parts *d)
{
    const char *q = *p;
    if (q < end && *q == ',')
        q++;
    skip_spaces(&q, end);
    if (end - q >= 3 && strncasecmp(q, "at ", 3) == 0)
        q += 3;
    int h, m, s = 0;
    if (!number(&q, end, 2, &h) || q >= end || *q != ':')
        return;
    q++;
    if (end - q < 2 || !is_digit(q[0]) || !is_digit(q[1]))
        return;
    m = (q[0] - '0') * 10 + (q[1] - '0');
    q += 2;
    if (end - q >= 3 && q[0] == ':' && is_digit(q[1]) && is_digit(q[2])) {
        s = (q[1] - '0') * 10 + (q[2] - '0');
        q += 3;
    }
    const char *r = q;
    skip_spaces(&r, end);
    bool am = false, pm = false;
    if (end - r >= 4 && (strncasecmp(r, "a.m.", 4) == 0 || strncasecmp(r, "p.m.", 4) == 0)) {
        am = tolower((unsigned char)*r) == 'a';
        pm = !am;
        q = r + 4;
    } else if (end - r >= 2 && (strncasecmp(r, "am", 2) == 0 || strncasecmp(r, "pm", 2) == 0) &&
               !(end - r > 2 && is_alpha(r[2]))) {
        am = tolower((unsigned char)*r) == 'a';
        pm = !am;
        q = r + 2;
    }
    if ((am || pm) && (h < 1 || h > 12))
        return;
    if (pm && h != 12)
        h += 12;
    if (am && h == 12)
        h = 0;
    if (h > 23 || m > 59 || s > 60)
        return;
    d->hour = h;
    d->minute = m;
    d->second = s == 60 ? 59 : s;
    *p = q;

    /* The zone. */
    r = q;
    skip_spaces(&r, end);
    if (r < end && (*r == '+' || *r == '-')) {
        int sign = *r == '-' ? -1 : 1;
        const char *z = r + 1;
        int oh, om = 0;
        if (end - z >= 2 && is_digit(z[0]) && is_digit(z[1])) {
            oh = (z[0] - '0') * 10 + (z[1] - '0');
            z += 2;
            if (z < end && *z == ':')
                z++;
            if (end - z >= 2 && is_digit(z[0]) && is_digit(z[1])) {
                om = (z[0] - '0') * 10 + (z[1] - '0');
                z += 2;
            }
            if (oh <= 23 && om <= 59) {
                d->offset = sign * (oh * 3600 + om * 60);
                *p = z;
            }
        }
        return;
    }
    size_t n = word_len(r, end);
    if (n == 0 || n > 5)
        return;
    for (size_t i = 0; i < n; i++)
        if (!(r[i] >= 'A' && r[i] <= 'Z'))
            return;
    d->offset = 0;   /* an unknown zone: UTC, at most a day out */
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++)
        if (strlen(zones[i].name) == n && strncmp(zones[i].name, r, n) == 0)
            d->offset = zones[i].offset;
    *p = r + n;
}

/* A written date at *p; *p is moved past it on success. */
static bool written_date_at(const char **p, const char *end, date_parts *d)
{
    const char *q = *p;
    memset(d, 0, sizeof *d);
    skip_spaces(&q, end);
    size_t n = word_len(q, end);
    if (name_index(weekday_names, 7, q, n) >= 0) {
        q += n;
        if (q < end && *q == '.')
            q++;
        if (q < end && *q == ',')
            q++;
        skip_spaces(&q, end);
    }
    if (q < end && is_digit(*q)) {
        /* "9 August 2025", "09 Aug 2025 14:03:27 +0000" */
        if (!day_at(&q, end, &d->day))
            return false;
        skip_spaces(&q, end);
        if (end - q >= 3 && strncasecmp(q, "of ", 3) == 0)
            q += 3;
        if (!month_at(&q, end, &d->month))
            return false;
        year_at(&q, end, &d->year);
    } else {
        /* "August 9, 2025", "Aug. 9" */
        if (!month_at(&q, end, &d->month))
            return false;
        skip_spaces(&q, end);
        if (!day_at(&q, end, &d->day))
            return false;
        year_at(&q, end, &d->year);
    }
    time_at(&q, end, d);
    *p = q;
    return true;
}

/* The time of a written date; the year, when missing, from reference. */
static bool resolve(const date_parts *d, int64_t reference, int64_t *t)
{
    int64_t year = d->year;
    int64_t seconds_in_day = d->hour * 3600 + d->minute * 60 + d->second - d->offset;
    if (year == 0) {
        int64_t days = reference >= 0 ? reference / 86400 : -((-reference + 86399) / 86400);
        unsigned m, dd;
        civil_from_days(days, &year, &m, &dd);
        if (!ns_valid_civil(year, (unsigned)d->month, (unsigned)d->day) ||
            ns_days_from_civil(year, (unsigned)d->month, (unsigned)d->day) * 86400 +
                    seconds_in_day > reference + 2 * 86400)
            year--;
    }
    if (!ns_valid_civil(year, (unsigned)d->month, (unsigned)d->day))
        return false;
    *t = ns_days_from_civil(year, (unsigned)d->month, (unsigned)d->day) * 86400 + seconds_in_day;
    return true;
}

bool ns_parse_date(const char *s, size_t len, int64_t reference, int64_t *t)
{
    const char *p = s, *end = s + len;
    while (p < end && isspace((unsigned char)*p))
        p++;
    while (end > p && isspace((unsigned char)end[-1]))
        end--;
    if (p == end || end - p > 80)
        return false;
    if (is_digit(*p) && end - p >= 8) {
        char iso[81];
        memcpy(iso, p, (size_t)(end - p));
        iso[end - p] = '\0';
        if (ns_parse_iso8601(iso, t))
            return true;
    }
    date_parts d;
    if (!written_date_at(&p, end, &d))
        return false;
    skip_spaces(&p, end);
    return p == end && resolve(&d, reference, t);
}

/* ---- dates in URLs ---- */

static bool url_year(const char *p, int *year)
{
    const char *q = p;
    return number(&q, q + 4, 4, year) && *year >= 1990 && *year <= 2099;
}

/* n digits at p (the caller has checked the length). */
static int fixed_digits(const char *p, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!is_digit(p[i]))
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

/* Characters that may follow a date in a path. */
static bool ends_url_date(const char *p, const char *end)
{
    return p == end || *p == '/' || *p == '-' || *p == '_' || *p == '.';
}

bool ns_date_from_url(const char *url, size_t len, int64_t *t)
{
    const char *end = url + len;
    const char *scheme = len > 3 ? memchr(url, ':', len < 16 ? len : 16) : NULL;
    const char *p = url;
    if (scheme && end - scheme > 3 && scheme[1] == '/' && scheme[2] == '/') {
        /* Past the host: a date is in the path. */
        p = memchr(scheme + 3, '/', (size_t)(end - scheme - 3));
        if (!p)
            return false;
    }
    const char *query = p;
    while (query < end && *query != '?' && *query != '#')
        query++;
    end = query;
    for (; p < end; p++) {
        if (*p != '/' && *p != '-' && *p != '_')
            continue;
        const char *d = p + 1;
        size_t left = (size_t)(end - d);
        int year, month = -1, day = -1;
        if (left < 8 || !url_year(d, &year))
            continue;
        if (*p == '/' && left >= 10 && (d[4] == '/' || d[4] == '-') && d[7] == d[4] &&
            ends_url_date(d + 10, end)) {
            /* /2025/08/09 and /2025-08-09 */
            month = fixed_digits(d + 5, 2);
            day = fixed_digits(d + 8, 2);
        } else if (ends_url_date(d + 8, end)) {
            /* /20250809 and -20250809- */
            month = fixed_digits(d + 4, 2);
            day = fixed_digits(d + 6, 2);
        }
        if (month > 0 && day > 0 && ns_valid_civil(year, (unsigned)month, (unsigned)day)) {
            *t = ns_days_from_civil(year, (unsigned)month, (unsigned)day) * 86400;
            return true;
        }
    }
    return false;
}

/* ---- datelines ---- */

#define DATELINE_MAX 160

/* What may follow the date of a dateline: a credit, a dash, a colon or the
 * end of the line. */
static bool ends_dateline(const char *p, const char *end)
{
    skip_spaces(&p, end);
    if (p == end || *p == '(' || *p == '-' || *p == ':' || *p == '\n' || *p == '\r')
        return true;
    /* en dash, em dash */
    return end - p >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
           ((unsigned char)p[2] == 0x93 || (unsigned char)p[2] == 0x94);
}

bool ns_date_from_dateline(const char *text, size_t len, int64_t reference, int64_t *t)
{
    const char *p = text, *end = text + len;
    while (p < end && isspace((unsigned char)*p))
        p++;
    if (end - p > DATELINE_MAX)
        end = p + DATELINE_MAX;
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    if (eol)
        end = eol;
    date_parts d;
    const char *q = p;
    /* A dateline that is only a date: "August 9, 2025 —". */
    if (written_date_at(&q, end, &d) && ends_dateline(q, end))
        return resolve(&d, reference, t);
    /* A place: words that start with a capital, then a comma; the date
     * after one of the commas ("NAIROBI, Kenya, Aug. 9"). */
    if (p == end || !((*p >= 'A' && *p <= 'Z') || (unsigned char)*p >= 0x80))
        return false;
    for (q = p; q < end; q++) {
        unsigned char c = (unsigned char)*q;
        if (c == ',') {
            const char *r = q + 1;
            if (written_date_at(&r, end, &d) && ends_dateline(r, end))
                return resolve(&d, reference, t);
            continue;
        }
        /* A place is letters, spaces and a little punctuation. */
        if (!(is_alpha((char)c) || c >= 0x80 || c == ' ' || c == '.' || c == '-' || c == '\''))
            return false;
    }
    return false;
}

/* ---- dates the way people say them ---- */

#define DAY 86400

static int64_t floor_div(int64_t a, int64_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* The local day number (days since 1970-01-01 in the context's offset). */
static int64_t local_day(const ns_date_context *ctx, int64_t t)
{
    return floor_div(t + ctx->tz_offset, DAY);
}

/* The span of local days [from, to] in UTC seconds. */
static void day_span(const ns_date_context *ctx, int64_t from, int64_t to, ns_date_span *span)
{
    span->first = from * DAY - ctx->tz_offset;
    span->last = (to + 1) * DAY - 1 - ctx->tz_offset;
}

/* Monday of the week holding day d (1970-01-01 was a Thursday). */
static int64_t monday_of(int64_t d)
{
    return d - (d + 3 - floor_div(d + 3, 7) * 7);
}

/* Shift a day by whole months, keeping the day of the month where it
 * exists (March 31 minus one month is February 28 or 29). */
static int64_t add_months(int64_t d, int64_t months)
{
    int64_t y;
    unsigned m, day;
    civil_from_days(d, &y, &m, &day);
    int64_t index = y * 12 + (int64_t)m - 1 + months;
    y = floor_div(index, 12);
    m = (unsigned)(index - y * 12 + 1);
    if (day > days_in_month(y, m))
        day = days_in_month(y, m);
    return ns_days_from_civil(y, m, day);
}

typedef enum period { P_NONE, P_MINUTE, P_HOUR, P_DAY, P_WEEK, P_MONTH, P_YEAR } period;

static const struct period_name {
    const char *name;
    period period;
    bool compact;          /* allowed right after the number: 7d */
} period_names[] = {
    { "min", P_MINUTE, true }, { "mins", P_MINUTE, false }, { "minute", P_MINUTE, false },
    { "minutes", P_MINUTE, false },
    { "h", P_HOUR, true }, { "hour", P_HOUR, false }, { "hours", P_HOUR, false },
    { "d", P_DAY, true }, { "day", P_DAY, false }, { "days", P_DAY, false },
    { "w", P_WEEK, true }, { "week", P_WEEK, false }, { "weeks", P_WEEK, false },
    { "mo", P_MONTH, true }, { "month", P_MONTH, false }, { "months", P_MONTH, false },
    { "y", P_YEAR, true }, { "year", P_YEAR, false }, { "years", P_YEAR, false },
};

static period period_named(const char *s, size_t len, bool compact)
{
    for (size_t i = 0; i < sizeof period_names / sizeof period_names[0]; i++) {
        const struct period_name *p = &period_names[i];
        if (strlen(p->name) == len && strncasecmp(p->name, s, len) == 0 &&
            (p->compact || !compact))
            return p->period;
    }
    return P_NONE;
}

/* The time `count` periods before (or after, for a negative count) t. */
static int64_t shift(int64_t t, period p, int64_t count)
{
    switch (p) {
    case P_MINUTE: return t - count * 60;
    case P_HOUR: return t - count * 3600;
    case P_DAY: return t - count * DAY;
    case P_WEEK: return t - count * 7 * DAY;
    case P_MONTH:
    case P_YEAR: {
        int64_t days = floor_div(t, DAY), secs = t - days * DAY;
        return add_months(days, p == P_MONTH ? -count : -count * 12) * DAY + secs;
    }
    default: return t;
    }
}

/* A whole number of at most 6 digits at the start of s; its length, or 0. */
static size_t count_at(const char *s, size_t len, int64_t *count)
{
    size_t i = 0;
    int64_t v = 0;
    while (i < len && i < 7 && isdigit((unsigned char)s[i]))
        v = v * 10 + (s[i++] - '0');
    if (i == 0 || i > 6)
        return 0;
    *count = v;
    return i;
}

/* "7d", "48h", "30min", "3mo": a count and a compact unit. */
static bool compact_duration(const char *s, size_t len, int64_t *count, period *p)
{
    size_t n = count_at(s, len, count);
    if (n == 0 || n == len)
        return false;
    *p = period_named(s + n, len - n, true);
    return *p != P_NONE;
}

static bool word_is(const char *s, size_t len, const char *word)
{
    return strlen(word) == len && strncasecmp(s, word, len) == 0;
}

/* Split s into at most 4 words separated by white space. */
static size_t split_words(const char *s, size_t len, const char *words[4], size_t lens[4])
{
    size_t n = 0, i = 0;
    while (i < len) {
        while (i < len && isspace((unsigned char)s[i]))
            i++;
        if (i == len)
            break;
        size_t start = i;
        while (i < len && !isspace((unsigned char)s[i]))
            i++;
        if (n == 4)
            return 5;
        words[n] = s + start;
        lens[n++] = i - start;
    }
    return n;
}

#define NOT_A_DATE                                                                         \
    "not a date: write YYYY, YYYY-MM, YYYY-MM-DD, today, yesterday, this or last "      \
    "week/month/year, or a span up to now such as 7d or 48h"

static ns_status need_now(const ns_date_context *ctx, ns_error *err)
{
    if (ctx && ctx->has_now)
        return NS_OK;
    return ns_error_set(err, NS_ERR_QUERY, "a relative date needs the current time");
}

/* One date expression (no ".."), as the span it covers. */
static ns_status resolve_one(const char *s, size_t len, const ns_date_context *ctx,
                             ns_date_span *span, ns_error *err)
{
    span->has_first = span->has_last = true;
    span->relative = false;   /* set below for the relative forms */
    if (len > 0 && isdigit((unsigned char)s[0])) {
        int64_t count;
        period p;
        if (compact_duration(s, len, &count, &p)) {
            if (need_now(ctx, err) != NS_OK)
                return NS_ERR_QUERY;
            span->relative = true;
            span->first = shift(ctx->now, p, count);
            span->last = ctx->now;
            return NS_OK;
        }
        ns_error inner;
        if (ns_parse_calendar_span(s, len, &span->first, &span->last, &inner) != NS_OK) {
            /* A calendar date gone wrong says what is wrong with it; anything
             * else lists what a date can be. */
            bool calendar_like = len >= 4 && isdigit((unsigned char)s[1]) &&
                                 isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]) &&
                                 (len == 4 || s[4] == '-');
            return ns_error_set(err, NS_ERR_QUERY, "%s",
                                calendar_like ? inner.message : NOT_A_DATE);
        }
        if (ctx) {
            span->first -= ctx->tz_offset;
            span->last -= ctx->tz_offset;
        }
        return NS_OK;
    }
    const char *w[4];
    size_t wl[4];
    size_t n = split_words(s, len, w, wl);
    int64_t today = 0;
    bool known = true;
    if (n == 1 && (word_is(w[0], wl[0], "today") || word_is(w[0], wl[0], "yesterday") ||
                   word_is(w[0], wl[0], "tomorrow"))) {
        if (need_now(ctx, err) != NS_OK)
            return NS_ERR_QUERY;
        today = local_day(ctx, ctx->now);
        int64_t d = today - word_is(w[0], wl[0], "yesterday") + word_is(w[0], wl[0], "tomorrow");
        day_span(ctx, d, d, span);
    } else if (n == 2 && (word_is(w[0], wl[0], "this") || word_is(w[0], wl[0], "last"))) {
        period p = period_named(w[1], wl[1], false);
        bool last = word_is(w[0], wl[0], "last");
        if (p != P_WEEK && p != P_MONTH && p != P_YEAR)
            return ns_error_set(err, NS_ERR_QUERY, NOT_A_DATE);
        if (need_now(ctx, err) != NS_OK)
            return NS_ERR_QUERY;
        today = local_day(ctx, ctx->now);
        int64_t y;
        unsigned m, d;
        civil_from_days(today, &y, &m, &d);
        if (p == P_WEEK) {
            int64_t monday = monday_of(today) - (last ? 7 : 0);
            day_span(ctx, monday, monday + 6, span);
        } else if (p == P_MONTH) {
            int64_t first = add_months(ns_days_from_civil(y, m, 1), last ? -1 : 0);
            day_span(ctx, first, add_months(first, 1) - 1, span);
        } else {
            y -= last;
            day_span(ctx, ns_days_from_civil(y, 1, 1), ns_days_from_civil(y, 12, 31), span);
        }
    } else if (n == 3 && (word_is(w[0], wl[0], "last") || word_is(w[0], wl[0], "past"))) {
        /* "last 7 days", "past 48 hours" */
        int64_t count;
        period p = period_named(w[2], wl[2], false);
        if (count_at(w[1], wl[1], &count) != wl[1] || p == P_NONE)
            return ns_error_set(err, NS_ERR_QUERY, NOT_A_DATE);
        if (need_now(ctx, err) != NS_OK)
            return NS_ERR_QUERY;
        span->first = shift(ctx->now, p, count);
        span->last = ctx->now;
    } else {
        known = false;
    }
    if (!known) {
        if (n == 1 && (word_is(w[0], wl[0], "last") || word_is(w[0], wl[0], "this") ||
                       word_is(w[0], wl[0], "past")))
            return ns_error_set(err, NS_ERR_QUERY,
                                NOT_A_DATE " (quote words that go together: date:\"last week\")");
        return ns_error_set(err, NS_ERR_QUERY, NOT_A_DATE);
    }
    span->relative = true;
    return NS_OK;
}

/* "+3d", "+2w", "+12h" after "..": the end, counted from the start. */
static ns_status resolve_offset_end(const char *s, size_t len, const ns_date_context *ctx,
                                    ns_date_span *span, ns_error *err)
{
    int64_t count;
    period p;
    if (!compact_duration(s + 1, len - 1, &count, &p) ||
        (p != P_HOUR && p != P_DAY && p != P_WEEK))
        return ns_error_set(err, NS_ERR_QUERY,
                            "\"%.*s\" after \"..\" must be a number of days, weeks or hours "
                            "such as +3d, +2w or +12h",
                            (int)len, s);
    if (p == P_HOUR) {
        span->last = span->first + count * 3600 - 1;
    } else {
        int32_t off = ctx ? ctx->tz_offset : 0;
        ns_date_context local = { .tz_offset = off };
        int64_t d = local_day(&local, span->first) + count * (p == P_WEEK ? 7 : 1);
        ns_date_span end;
        day_span(&local, d, d, &end);
        span->last = end.last;
    }
    span->has_last = true;
    return NS_OK;
}

ns_status ns_resolve_date(const char *s, size_t len, const ns_date_context *ctx,
                          ns_date_span *span, ns_error *err)
{
    memset(span, 0, sizeof *span);
    while (len > 0 && isspace((unsigned char)*s)) {
        s++;
        len--;
    }
    while (len > 0 && isspace((unsigned char)s[len - 1]))
        len--;
    const char *dots = NULL;
    for (size_t i = 0; i + 1 < len; i++) {
        if (s[i] == '.' && s[i + 1] == '.') {
            dots = s + i;
            break;
        }
    }
    if (!dots) {
        if (len == 0)
            return ns_error_set(err, NS_ERR_QUERY, NOT_A_DATE);
        return resolve_one(s, len, ctx, span, err);
    }
    size_t left = (size_t)(dots - s), right = len - left - 2;
    const char *rs = dots + 2;
    while (left > 0 && isspace((unsigned char)s[left - 1]))
        left--;
    while (right > 0 && isspace((unsigned char)*rs)) {
        rs++;
        right--;
    }
    if (left == 0 && right == 0)
        return ns_error_set(err, NS_ERR_QUERY,
                            "a date range needs a date on at least one side of \"..\"");
    ns_date_span part;
    if (left) {
        if (resolve_one(s, left, ctx, &part, err) != NS_OK)
            return NS_ERR_QUERY;
        span->has_first = true;
        span->first = part.first;
        span->relative |= part.relative;
    }
    if (right && rs[0] == '+') {
        if (!left)
            return ns_error_set(err, NS_ERR_QUERY,
                                "\"..%.*s\" counts from a start: write one before \"..\"",
                                (int)right, rs);
        return resolve_offset_end(rs, right, ctx, span, err);
    }
    if (right) {
        if (resolve_one(rs, right, ctx, &part, err) != NS_OK)
            return NS_ERR_QUERY;
        span->has_last = true;
        span->last = part.last;
        span->relative |= part.relative;
    }
    if (span->has_first && span->has_last && span->first > span->last)
        return ns_error_set(err, NS_ERR_QUERY, "the range ends before it starts");
    return NS_OK;
}

char ns_calendar_unit(int64_t first, int64_t last)
{
    if (floor_div(first, DAY) * DAY != first || floor_div(last + 1, DAY) * DAY != last + 1)
        return 0;
    int64_t from = first / DAY, to = (last + 1) / DAY - 1;
    if (from == to)
        return 'd';
    int64_t y1, y2;
    unsigned m1, d1, m2, d2;
    civil_from_days(from, &y1, &m1, &d1);
    civil_from_days(to, &y2, &m2, &d2);
    if (d1 != 1)
        return 0;
    if (y1 == y2 && m1 == m2 && d2 == days_in_month(y2, m2))
        return 'm';
    if (y1 == y2 && m1 == 1 && m2 == 12 && d2 == 31)
        return 'y';
    return 0;
}

void ns_format_iso_week(int64_t t, char out[9])
{
    int64_t d = floor_div(t, DAY);
    int64_t thursday = monday_of(d) + 3;
    int64_t y;
    unsigned m, day;
    civil_from_days(thursday, &y, &m, &day);
    int64_t week = (thursday - ns_days_from_civil(y, 1, 1)) / 7 + 1;
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%04d-W%02d", (int)(y % 10000), (int)week);
    memcpy(out, tmp, 8);
    out[8] = '\0';
}

void ns_format_date_bound(bool has, int64_t t, bool is_last, char out[21])
{
    out[0] = '\0';
    if (!has)
        return;
    int64_t edge = is_last ? t + 1 : t;
    if (floor_div(edge, DAY) * DAY == edge)
        ns_format_day(t, out);
    else
        ns_format_iso8601(t, out);
}
