/* Dates: parsing and formatting, always against an explicit reference
 * time, never the clock.  All times are seconds since the epoch, UTC.
 */
#ifndef NS_EXTRACT_DATES_H
#define NS_EXTRACT_DATES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "newssearch/status.h"

/* Years newssearch accepts; anything outside is treated as no date. */
#define NS_YEAR_MIN 1000
#define NS_YEAR_MAX 9999
/* Their first and last second: 1000-01-01T00:00:00Z, 9999-12-31T23:59:59Z. */
#define NS_TIME_MIN INT64_C(-30610224000)
#define NS_TIME_MAX INT64_C(253402300799)

/* ISO 8601 and its everyday variants: "2025-08-09", "2025-08-09T14:03Z",
 * "2025-08-09 14:03:27", "2025-08-09T14:03:27.123+10:00", "20250809".
 * A date without a time is midnight UTC.  False when s (all of it, after
 * trimming white space) is not such a date or is out of range (in UTC as
 * well as where it was written). */
bool ns_parse_iso8601(const char *s, int64_t *t);

/* A relative time as aggregator pages print it, resolved against
 * reference: "7 minutes ago", "an hour ago", "5 hours ago", "2 days ago",
 * "3 weeks ago", "yesterday", "just now", "today".  False when s is not
 * one, or names a time outside [NS_TIME_MIN, NS_TIME_MAX]. */
bool ns_parse_relative_time(const char *s, int64_t reference, int64_t *t);

/* "2025-08-09T14:03:27Z" into out. */
void ns_format_iso8601(int64_t t, char out[21]);
/* "YYYYMMDDHHMMSS" (the sortable value stored in the index) into out. */
void ns_format_sortable(int64_t t, char out[15]);
/* "YYYY-MM-DD" into out. */
void ns_format_day(int64_t t, char out[11]);

/* A calendar date as written in a query, "2025", "2025-08" or
 * "2025-08-09", as the first and last second it covers.  On failure
 * NS_ERR_QUERY with a message that says what is wrong with it ("month 13
 * is not between 1 and 12"); the caller names the query part. */
ns_status ns_parse_calendar_span(const char *s, size_t len, int64_t *first, int64_t *last,
                                 ns_error *err);

/* Days from 1970-01-01 of a proleptic Gregorian date (no range check). */
int64_t ns_days_from_civil(int64_t year, unsigned month, unsigned day);
bool ns_valid_civil(int64_t year, unsigned month, unsigned day);

#endif
