/* newssearch search: the default command. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "query/search.h"
#include "util/buf.h"

#define MAX_LIMIT 1000000
#define MAX_OFFSET 100000000

enum { OPT_LIMIT = 1, OPT_OFFSET, OPT_SORT, OPT_FACET, OPT_NO_COLLAPSE };

int ns_cmd_search(ns_cli *cli, int argc, char **argv)
{
    static const struct option options[] = {
        { "limit", required_argument, NULL, OPT_LIMIT },
        { "offset", required_argument, NULL, OPT_OFFSET },
        { "sort", required_argument, NULL, OPT_SORT },
        { "facet", required_argument, NULL, OPT_FACET },
        { "no-collapse", no_argument, NULL, OPT_NO_COLLAPSE },
        NS_COMMON_OPTIONS,
        { NULL, 0, NULL, 0 },
    };
    ns_search_request req = { .limit = 10, .sort = NS_SORT_RELEVANCE };
    ns_facet_kind facets[NS_FACET_COUNT];
    size_t n_facets = 0;
    ns_error err;
    int id, exit_now = -1;
    int words = ns_cli_options_first(argc, argv, options);
    int option_argc = words;
    optind = 1;
    while ((id = getopt_long(option_argc, argv, "", options, NULL)) != -1) {
        unsigned n;
        ns_facet_kind kind;
        switch (id) {
        case OPT_LIMIT:
            if (ns_cli_parse_count("limit", optarg, MAX_LIMIT, &n, &err) != NS_OK)
                return ns_cli_usage_error(cli, "%s", err.message);
            req.limit = n;
            break;
        case OPT_OFFSET:
            if (ns_cli_parse_count("offset", optarg, MAX_OFFSET, &n, &err) != NS_OK)
                return ns_cli_usage_error(cli, "%s", err.message);
            req.offset = n;
            break;
        case OPT_SORT:
            if (ns_sort_by_name(optarg, &req.sort, &err) != NS_OK)
                return ns_cli_usage_error(cli, "%s", err.message);
            break;
        case OPT_FACET:
            if (ns_facet_by_name(optarg, &kind, &err) != NS_OK)
                return ns_cli_usage_error(cli, "%s", err.message);
            bool seen = false;
            for (size_t i = 0; i < n_facets; i++)
                seen |= facets[i] == kind;
            if (!seen)
                facets[n_facets++] = kind;
            break;
        case OPT_NO_COLLAPSE:
            req.no_collapse = true;
            break;
        case '?':
            return ns_cli_usage_error(cli, "unknown option");
        default:
            if (!ns_cli_common_option(cli, id, optarg, &exit_now))
                return ns_cli_usage_error(cli, "unknown option");
            if (exit_now >= 0)
                return exit_now;
        }
    }
    if (optind < option_argc)
        return ns_cli_usage_error(cli, "unexpected '%s' among the options", argv[optind]);
    if (words >= argc || !argv[words])
        return ns_cli_usage_error(cli, "no query: say what to search for");
    ns_buf query = NS_BUF_INIT;
    for (int i = words; i < argc && argv[i]; i++) {
        if (i > words)
            ns_buf_putc(&query, ' ');
        ns_buf_puts(&query, argv[i]);
    }
    req.query = ns_buf_str(&query);
    req.facets = facets;
    req.n_facets = n_facets;

    int status;
    ns_xdb *db = ns_cli_open_read(cli, &status);
    if (!db) {
        ns_buf_free(&query);
        return status;
    }
    ns_search_result *result = NULL;
    if (ns_search(db, &req, &result, &err) != NS_OK) {
        status = ns_cli_fail(cli, &err);
    } else {
        for (size_t i = 0; i < result->notes.len; i++)
            ns_cli_warn("note: %s", result->notes.items[i]);
        cli->printer->search(&cli->print, req.query, &req, result);
        status = result->total > 0 ? NS_EXIT_OK : NS_EXIT_NONE;
    }
    ns_search_result_free(result);
    ns_xdb_close(db);
    ns_buf_free(&query);
    return status;
}
