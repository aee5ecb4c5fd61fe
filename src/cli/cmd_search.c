/* newssearch search: the default command. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "query/search.h"
#include "util/buf.h"

#define MAX_LIMIT 1000000
#define MAX_OFFSET 100000000

enum { OPT_LIMIT = 1, OPT_OFFSET, OPT_SORT, OPT_FACET };

int ns_cmd_search(ns_cli *cli, int argc, char **argv)
{
    static const struct option options[] = {
        { "limit", required_argument, NULL, OPT_LIMIT },
        { "offset", required_argument, NULL, OPT_OFFSET },
        { "sort", required_argument, NULL, OPT_SORT },
        { "facet", required_argument, NULL, OPT_FACET },
        NS_COMMON_OPTIONS,
        { NULL, 0, NULL, 0 },
    };
    ns_search_request req = { .limit = 10, .sort = NS_SORT_RELEVANCE };
    ns_facet_kind facets[NS_FACET_COUNT];
    size_t n_facets = 0;
    ns_error err;
    int id, exit_now = -1;
    optind = 1;
    opterr = 0;
    int at = optind;   /* the argument getopt is looking at */
    /* '+': stop at the first word, so that a query word such as -word is
     * not taken for an option after the query starts. */
    while ((id = getopt_long(argc, argv, "+", options, NULL)) != -1) {
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
        case '?':
            /* getopt says '?' both for an unknown option and for a known
             * one without its value (optopt is then that option's id). */
            if ((optopt >= OPT_LIMIT && optopt <= OPT_FACET) || optopt >= NS_OPT_DB)
                return ns_cli_usage_error(cli, "%s wants a value", argv[at]);
            return ns_cli_usage_error(cli, "unknown option '%s' (to search for a word that "
                                           "starts with '-', put -- before the query)",
                                      argv[at]);
        default:
            if (!ns_cli_common_option(cli, id, optarg, &exit_now))
                return ns_cli_usage_error(cli, "unknown option");
            if (exit_now >= 0)
                return exit_now;
        }
        at = optind;
    }
    if (optind >= argc)
        return ns_cli_usage_error(cli, "no query: say what to search for");
    ns_buf query = NS_BUF_INIT;
    for (int i = optind; i < argc; i++) {
        if (i > optind)
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
