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

/* ISO 8601 and its everyday variants: "2025-08-09", "2025-08-09T14:03Z",
 * "2025-08-09 14:03:27", "2025-08-09T14:03:27.123+10:00", "20250809".
 * A date without a time is midnight UTC.  False when s (all of it, after
 * trimming white space) is not such a date or is out of range. */
bool ns_parse_iso8601(const char *s, int64_t *t);

/* A relative time as aggregator pages print it, resolved against
 * reference: "7 minutes ago", "an hour ago", "5 hours ago", "2 days ago",
 * "3 weeks ago", "yesterday", "just now", "today".  False when s is not
 * one. */
bool ns_parse_relative_time(const char *s, int64_t reference, int64_t *t);

/* A date as feeds, pages and people write it, all of s (trimmed):
 *   ISO 8601 (as above);
 *   RFC 822 / RFC 1123, as RSS and HTTP write it:
 *     "Sat, 09 Aug 2025 14:03:27 +0000", "9 Aug 2025 14:03 GMT";
 *   written dates: "August 9, 2025", "Aug. 9, 2025, 2:15 p.m. EDT",
 *     "9 August 2025", "Saturday 9 August 2025 08:00 AEST".
 * Time zones: numeric offsets, Z, UT, UTC, GMT, the US zones of RFC 822
 * and a few others (BST, CET, CEST, AEST, AEDT, AWST, NZST, NZDT); another
 * zone name is read as UTC, which is at most a day out.  A date without a
 * year ("Aug 9") takes the latest year that does not put it more than two
 * days after reference.  False when s is not a date. */
bool ns_parse_date(const char *s, size_t len, int64_t reference, int64_t *t);

/* The publication day in a URL's path, as news sites write it:
 * "/2025/08/09/", "/2025-08-09-slug", "/20250809/" and "-20250809-".
 * Years 1990-2099 only, so that an article number is not read as a date;
 * the query string and fragment are not looked at.  Midnight UTC.  False
 * when the URL has no such date. */
bool ns_date_from_url(const char *url, size_t len, int64_t *t);

/* The date in a dateline at the start of text: a place in capitals, then
 * the date, then a credit, dash or colon:
 *   "WASHINGTON, Aug 9 (Reuters) -", "SYDNEY, August 9, 2025 — ",
 *   "NAIROBI, Kenya, Saturday, Aug. 9 (AP) —", "August 9, 2025 —".
 * Only the first line, and at most its first 160 bytes, is looked at; a
 * date in running text is not a dateline.  The year, when missing, is
 * found as ns_parse_date() does.  False when text has no dated dateline. */
bool ns_date_from_dateline(const char *text, size_t len, int64_t reference, int64_t *t);

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
