/* newssearch batch: one query per line of a file, a count for each (and
 * a breakdown by outlet, person, credit, year, month or day), with each
 * query's own wall time, so that a list of names is checked in one go and
 * a benchmark can time queries in one process. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "index/schema.h"
#include "query/search.h"
#include "util/mem.h"

enum { OPT_BY = 1, OPT_LIMIT, OPT_SORT, OPT_FACET, OPT_NO_COLLAPSE };

typedef struct batch_line {
    unsigned line;
    char *query;
} batch_line;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* The queries of a file: blank lines and lines starting with '#' are
 * skipped, white space around a query trimmed. */
static ns_status read_queries(const char *path, batch_line **out, size_t *n_out, ns_error *err)
{
    bool stdin_wanted = strcmp(path, "-") == 0;
    FILE *f = stdin_wanted ? stdin : fopen(path, "r");
    if (!f)
        return ns_error_set(err, NS_ERR_IO, "%s: %s", path, strerror(errno));
    batch_line *lines = NULL;
    size_t n = 0, cap = 0;
    char *text = NULL;
    size_t text_cap = 0;
    ssize_t len;
    unsigned number = 0;
    while ((len = getline(&text, &text_cap, f)) >= 0) {
        number++;
        char *s = text, *end = text + len;
        while (s < end && (*s == ' ' || *s == '\t'))
            s++;
        while (end > s && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
            end--;
        if (s == end || *s == '#')
            continue;
        lines = ns_xgrow(lines, &cap, n + 1, sizeof *lines);
        lines[n++] = (batch_line){ number, ns_xstrndup(s, (size_t)(end - s)) };
    }
    bool failed = ferror(f);
    free(text);
    if (!stdin_wanted)
        fclose(f);
    if (failed) {
        for (size_t i = 0; i < n; i++)
            free(lines[i].query);
        free(lines);
        return ns_error_set(err, NS_ERR_IO, "%s: could not be read", path);
    }
    *out = lines;
    *n_out = n;
    return NS_OK;
}

int ns_cmd_batch(ns_cli *cli, int argc, char **argv)
{
    static const struct option options[] = {
        { "by", required_argument, NULL, OPT_BY },
        { "limit", required_argument, NULL, OPT_LIMIT },
        { "sort", required_argument, NULL, OPT_SORT },
        { "facet", required_argument, NULL, OPT_FACET },
        { "no-collapse", no_argument, NULL, OPT_NO_COLLAPSE },
        NS_QUERY_OPTIONS,
        NS_COMMON_OPTIONS,
        { NULL, 0, NULL, 0 },
    };
    ns_cli_query query_options = { 0 };
    ns_search_request base = { .limit = 0 };
    ns_facet_kind by;
    bool has_by = false;
    /* --by first (the breakdown printed), then any --facet (counted, and
     * listed in JSON). */
    ns_facet_kind facets[NS_FACET_COUNT + 1];
    size_t n_facets = 0;
    ns_error err;
    int id, exit_now = -1;
    optind = 1;
    while ((id = getopt_long(argc, argv, "", options, NULL)) != -1) {
        unsigned n;
        switch (id) {
        case OPT_BY:
            if (ns_facet_by_name(optarg, &by, &err) != NS_OK)
                return ns_cli_usage_error(cli, "%s", err.message);
            has_by = true;
            continue;
        case OPT_LIMIT:
            if (ns_cli_parse_count("limit", optarg, 10000, &n, &err) != NS_OK)
                return ns_cli_usage_error(cli, "%s", err.message);
            base.limit = n;
            continue;
        case OPT_SORT:
            if (ns_sort_by_name(optarg, &base.sort, &err) != NS_OK)
                return ns_cli_usage_error(cli, "%s", err.message);
            continue;
        case OPT_FACET:
            if (ns_cli_add_facets(optarg, facets + 1, &n_facets, &err) != NS_OK)
                return ns_cli_usage_error(cli, "%s", err.message);
            continue;
        case OPT_NO_COLLAPSE:
            base.no_collapse = true;
            continue;
        default:
            break;
        }
        if (id == '?')
            return ns_cli_usage_error(cli, "unknown option");
        if (ns_cli_query_option(&query_options, id, optarg))
            continue;
        if (!ns_cli_common_option(cli, id, optarg, &exit_now))
            return ns_cli_usage_error(cli, "unknown option");
        if (exit_now >= 0)
            return exit_now;
    }
    if (optind + 1 != argc)
        return ns_cli_usage_error(cli, "batch takes one file of queries, one a line (- for stdin)");
    const char *path = argv[optind];
    if (ns_cli_query_resolve(&query_options, &base.options, &err) != NS_OK)
        return ns_cli_usage_error(cli, "%s", err.message);
    facets[0] = by;
    base.facets = has_by ? facets : facets + 1;
    base.n_facets = n_facets + (has_by ? 1 : 0);

    batch_line *lines = NULL;
    size_t n_lines = 0;
    if (read_queries(path, &lines, &n_lines, &err) != NS_OK)
        return ns_cli_fail(cli, &err);
    /* Every line is read before any is run, so a mistake on line 400
     * costs nothing. */
    int status = NS_EXIT_OK;
    for (size_t i = 0; i < n_lines && status == NS_EXIT_OK; i++) {
        ns_query q;
        if (ns_query_parse_with(lines[i].query, &base.options, &q, &err) != NS_OK) {
            ns_cli_warn("%s:%u: %s", path, lines[i].line, err.message);
            status = NS_EXIT_USAGE;
        }
        ns_query_clear(&q);
    }
    ns_xdb *db = status == NS_EXIT_OK ? ns_cli_open_read(cli, &status) : NULL;
    ns_batch_row *rows = ns_xcalloc(n_lines + 1, sizeof *rows);
    ns_search_result **results = ns_xcalloc(n_lines + 1, sizeof *results);
    size_t n_rows = 0;
    double started = now_ms();
    for (size_t i = 0; db && i < n_lines; i++) {
        ns_search_request req = base;
        req.query = lines[i].query;
        double t0 = now_ms();
        if (ns_search(db, &req, &results[i], &err) != NS_OK) {
            ns_cli_warn("%s:%u: %s", path, lines[i].line, err.message);
            status = ns_status_exit_code(err.status);
            break;
        }
        rows[n_rows++] = (ns_batch_row){
            .line = lines[i].line,
            .query = lines[i].query,
            .total = results[i]->total,
            .elapsed_ms = now_ms() - t0,
            .by = has_by && results[i]->n_facets ? &results[i]->facets[0] : NULL,
            .result = results[i],
        };
    }
    if (db && status == NS_EXIT_OK) {
        ns_provenance provenance = { .version = NS_VERSION, .has_now = true,
                                     .now = base.options.dates.now };
        ns_schema_generation(db, &provenance.revision, NULL);
        cli->print.provenance = &provenance;
        ns_batch_report report = { path, has_by, has_by ? by : NS_FACET_OUTLET, rows, n_rows,
                                   now_ms() - started };
        cli->printer->batch(&cli->print, &report);
        cli->print.provenance = NULL;
        bool any = false;
        for (size_t i = 0; i < n_rows; i++)
            any |= rows[i].total > 0;
        status = any ? NS_EXIT_OK : NS_EXIT_NONE;
    }
    for (size_t i = 0; i < n_lines; i++) {
        ns_search_result_free(results[i]);
        free(lines[i].query);
    }
    free(results);
    free(rows);
    free(lines);
    ns_xdb_close(db);
    return status;
}
