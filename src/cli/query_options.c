/* What every command that reads a query shares: the reference time, the
 * zone of the calendar words, fuzziness, facet lists.  The one place the
 * command line reads the clock for queries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "extract/dates.h"
#include "util/mem.h"

bool ns_cli_query_option(ns_cli_query *q, int id, const char *arg)
{
    switch (id) {
    case NS_OPT_NOW:
        q->now = arg;
        return true;
    case NS_OPT_TZ:
        q->tz = arg;
        return true;
    case NS_OPT_FUZZY:
        q->fuzzy = true;
        return true;
    default:
        return false;
    }
}

/* "+05:30", "-0800", "+02": seconds east of UTC. */
static bool parse_offset(const char *s, int32_t *offset)
{
    if (s[0] != '+' && s[0] != '-')
        return false;
    int h = 0, m = 0;
    size_t len = strlen(s);
    if (len == 3 && sscanf(s + 1, "%2d", &h) == 1) {
    } else if (len == 6 && s[3] == ':' && sscanf(s + 1, "%2d:%2d", &h, &m) == 2) {
    } else if (len == 5 && sscanf(s + 1, "%2d%2d", &h, &m) == 2) {
    } else {
        return false;
    }
    for (size_t i = 1; i < len; i++)
        if (s[i] != ':' && (s[i] < '0' || s[i] > '9'))
            return false;
    if (h > 14 || m > 59)
        return false;
    *offset = (s[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
    return true;
}

/* A zone name from the system's time zone database, at time t. */
static bool zone_offset(const char *name, int64_t t, int32_t *offset)
{
    if (strstr(name, "..") || name[0] == '/')
        return false;
    char path[512];
    snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", name);
    if (access(path, R_OK) != 0)
        return false;
    char *saved = getenv("TZ") ? ns_xstrdup(getenv("TZ")) : NULL;
    setenv("TZ", name, 1);
    tzset();
    time_t when = (time_t)t;
    struct tm local;
    bool ok = localtime_r(&when, &local) != NULL;
    if (ok)
        *offset = (int32_t)local.tm_gmtoff;
    if (saved)
        setenv("TZ", saved, 1);
    else
        unsetenv("TZ");
    tzset();
    free(saved);
    return ok;
}

ns_status ns_cli_query_resolve(const ns_cli_query *q, ns_query_options *options, ns_error *err)
{
    memset(options, 0, sizeof *options);
    options->fuzzy = q->fuzzy;
    options->dates.has_now = true;
    if (q->now) {
        if (!ns_parse_iso8601(q->now, &options->dates.now))
            return ns_error_set(err, NS_ERR_USAGE,
                                "--now wants an ISO 8601 time such as 2025-08-09T10:00:00Z, "
                                "not '%s'",
                                q->now);
    } else {
        options->dates.now = (int64_t)time(NULL);
    }
    if (q->tz && strcasecmp(q->tz, "UTC") != 0 && strcmp(q->tz, "Z") != 0 &&
        !parse_offset(q->tz, &options->dates.tz_offset) &&
        !zone_offset(q->tz, options->dates.now, &options->dates.tz_offset))
        return ns_error_set(err, NS_ERR_USAGE,
                            "--tz wants UTC, an offset such as +05:30 or a zone name such as "
                            "Europe/Paris, not '%s'",
                            q->tz);
    return NS_OK;
}

ns_status ns_cli_add_facets(const char *list, ns_facet_kind *facets, size_t *n, ns_error *err)
{
    char *copy = ns_xstrdup(list);
    ns_status st = NS_OK;
    char *save = NULL;
    for (char *name = strtok_r(copy, ", ", &save); name && st == NS_OK;
         name = strtok_r(NULL, ", ", &save)) {
        ns_facet_kind kind;
        st = ns_facet_by_name(name, &kind, err);
        bool seen = false;
        for (size_t i = 0; st == NS_OK && i < *n; i++)
            seen |= facets[i] == kind;
        if (st == NS_OK && !seen)
            facets[(*n)++] = kind;
    }
    free(copy);
    return st;
}
