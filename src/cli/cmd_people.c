/* newssearch people: the people in the index, with article counts. */
#include <getopt.h>

#include "cli/cli.h"
#include "query/people_list.h"

enum { OPT_LIMIT = 1 };

int ns_cmd_people(ns_cli *cli, int argc, char **argv)
{
    static const struct option options[] = {
        { "limit", required_argument, NULL, OPT_LIMIT },
        NS_COMMON_OPTIONS,
        { NULL, 0, NULL, 0 },
    };
    unsigned limit = 50;
    ns_error err;
    int id, exit_now = -1;
    optind = 1;
    while ((id = getopt_long(argc, argv, "", options, NULL)) != -1) {
        if (id == OPT_LIMIT) {
            if (ns_cli_parse_count("limit", optarg, 1000000000, &limit, &err) != NS_OK)
                return ns_cli_usage_error(cli, "%s", err.message);
            continue;
        }
        if (id == '?' || !ns_cli_common_option(cli, id, optarg, &exit_now))
            return ns_cli_usage_error(cli, "unknown option");
        if (exit_now >= 0)
            return exit_now;
    }
    if (argc - optind > 1)
        return ns_cli_usage_error(cli, "people takes one pattern at most (quote a full name)");
    const char *pattern = optind < argc ? argv[optind] : NULL;
    int status;
    ns_xdb *db = ns_cli_open_read(cli, &status);
    if (!db)
        return status;
    ns_people_list list;
    if (ns_people_list_read(db, pattern, limit, &list, &err) != NS_OK) {
        status = ns_cli_fail(cli, &err);
    } else {
        cli->printer->people(&cli->print, pattern, &list);
        status = list.total ? NS_EXIT_OK : NS_EXIT_NONE;
    }
    ns_people_list_clear(&list);
    ns_xdb_close(db);
    return status;
}
