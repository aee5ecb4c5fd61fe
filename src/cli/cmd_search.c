/* newssearch search: the default command. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "index/schema.h"
#include "query/search.h"
#include "util/buf.h"

#define MAX_LIMIT 1000000
#define MAX_OFFSET 100000000
#define MAX_CONTEXT 100

enum {
    OPT_LIMIT = 1,
    OPT_OFFSET,
    OPT_SORT,
    OPT_FACET,
    OPT_FACET_LIMIT,
    OPT_HISTOGRAM,
    OPT_EXPLAIN,
    OPT_WHY,
    OPT_CONTEXT,
    OPT_NO_COLLAPSE
};

typedef struct streaming {
    const ns_print_options *print;
    const ns_printer *printer;
    const ns_search_request *req;
    bool any;
} streaming;

static void stream_begin(void *ctx, const ns_search_result *summary)
{
    streaming *s = ctx;
    for (size_t i = 0; i < summary->notes.len; i++)
        ns_cli_warn("note: %s", summary->notes.items[i]);
    s->any = summary->total > 0;
    s->printer->export_begin(s->print, s->req, summary);
}

static int stream_hit(void *ctx, const ns_hit *hit)
{
    streaming *s = ctx;
    s->printer->export_hit(s->print, s->req, hit);
    /* A reader that went away (head, a closed pipe) ends the export. */
    return ferror(s->print->out) ? 1 : 0;
}

int ns_cmd_search(ns_cli *cli, int argc, char **argv)
{
    static const struct option options[] = {
        { "limit", required_argument, NULL, OPT_LIMIT },
        { "offset", required_argument, NULL, OPT_OFFSET },
        { "sort", required_argument, NULL, OPT_SORT },
        { "facet", required_argument, NULL, OPT_FACET },
        { "no-collapse", no_argument, NULL, OPT_NO_COLLAPSE },
        { "facet-limit", required_argument, NULL, OPT_FACET_LIMIT },
        { "histogram", required_argument, NULL, OPT_HISTOGRAM },
        { "explain", no_argument, NULL, OPT_EXPLAIN },
        { "why", no_argument, NULL, OPT_WHY },
        { "context", required_argument, NULL, OPT_CONTEXT },
        NS_QUERY_OPTIONS,
        NS_COMMON_OPTIONS,
        { NULL, 0, NULL, 0 },
    };
    ns_search_request req = { .limit = 10, .sort = NS_SORT_RELEVANCE, .suggest = true };
    ns_facet_kind facets[NS_FACET_COUNT];
    size_t n_facets = 0;
    ns_cli_query query_options = { 0 };
    bool limit_given = false;
    ns_error err;
    int id, exit_now = -1;
    int words = ns_cli_options_first(argc, argv, options);
    int option_argc = words;
    optind = 1;
    while ((id = getopt_long(option_argc, argv, "", options, NULL)) != -1) {
        unsigned n;
        switch (id) {
        case OPT_LIMIT:
            if (ns_cli_parse_count("limit", optarg, MAX_LIMIT, &n, &err) != NS_OK)
                return ns_cli_usage_error(cli, "%s", err.message);
            req.limit = n;
            limit_given = true;
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
            if (ns_cli_add_facets(optarg, facets, &n_facets, &err) != NS_OK)
                return ns_cli_usage_error(cli, "%s", err.message);
            break;
        case OPT_FACET_LIMIT:
            if (ns_cli_parse_count("facet-limit", optarg, MAX_LIMIT, &n, &err) != NS_OK)
                return ns_cli_usage_error(cli, "%s", err.message);
            req.facet_limit = n;
            break;
        case OPT_HISTOGRAM:
            if (ns_histogram_by_name(optarg, &req.histogram, &err) != NS_OK)
                return ns_cli_usage_error(cli, "%s", err.message);
            break;
        case OPT_EXPLAIN:
            req.explain = true;
            break;
        case OPT_WHY:
            req.why = true;
            break;
        case OPT_CONTEXT:
            if (ns_cli_parse_count("context", optarg, MAX_CONTEXT, &n, &err) != NS_OK)
                return ns_cli_usage_error(cli, "%s", err.message);
            req.context = n ? n : 1;
            break;
        case OPT_NO_COLLAPSE:
            req.no_collapse = true;
            break;
        case '?':
            return ns_cli_usage_error(cli, "unknown option");
        default:
            if (ns_cli_query_option(&query_options, id, optarg))
                break;
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
    if (ns_cli_query_resolve(&query_options, &req.options, &err) != NS_OK)
        return ns_cli_usage_error(cli, "%s", err.message);
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
    ns_provenance provenance = {
        .query = req.query,
        .version = NS_VERSION,
        .has_now = true,
        .now = req.options.dates.now,
    };
    ns_status st = ns_schema_generation(db, &provenance.revision, &err);
    cli->print.provenance = &provenance;
    /* Exports stream every hit (a histogram in CSV is a table instead). */
    const ns_printer *printer = cli->printer;
    bool stream = printer->export_begin &&
                  !(req.histogram != NS_HISTOGRAM_NONE && printer == &ns_printer_csv);
    if (stream && !limit_given)
        req.limit = 0;
    if (st == NS_OK && !stream && limit_given && req.limit == 0) {
        /* --limit 0: every hit. */
        uint32_t count = 0;
        st = ns_xdb_doc_count(db, &count, &err);
        req.limit = count;
    }
    if (stream) {
        /* Evidence is every article: copies of a story are rows of their own. */
        req.suggest = false;
        req.no_collapse = true;
        streaming s = { &cli->print, printer, &req, false };
        ns_search_stream each = { stream_begin, stream_hit, &s, 0 };
        if (st == NS_OK)
            st = ns_search_each(db, &req, &each, &err);
        status = st != NS_OK ? ns_cli_fail(cli, &err) : s.any ? NS_EXIT_OK : NS_EXIT_NONE;
    } else {
        ns_search_result *result = NULL;
        if (st == NS_OK)
            st = ns_search(db, &req, &result, &err);
        if (st != NS_OK) {
            status = ns_cli_fail(cli, &err);
        } else {
            for (size_t i = 0; i < result->notes.len; i++)
                ns_cli_warn("note: %s", result->notes.items[i]);
            printer->search(&cli->print, req.query, &req, result);
            status = result->total > 0 ? NS_EXIT_OK : NS_EXIT_NONE;
        }
        ns_search_result_free(result);
    }
    cli->print.provenance = NULL;
    ns_xdb_close(db);
    ns_buf_free(&query);
    return status;
}
