/* newssearch stats: what the index holds. */
#include <getopt.h>

#include "cli/cli.h"
#include "query/stats.h"

int ns_cmd_stats(ns_cli *cli, int argc, char **argv)
{
    static const struct option options[] = { NS_COMMON_OPTIONS, { NULL, 0, NULL, 0 } };
    int id, exit_now = -1;
    optind = 1;
    while ((id = getopt_long(argc, argv, "", options, NULL)) != -1) {
        if (id == '?' || !ns_cli_common_option(cli, id, optarg, &exit_now))
            return ns_cli_usage_error(cli, "unknown option");
        if (exit_now >= 0)
            return exit_now;
    }
    if (optind != argc)
        return ns_cli_usage_error(cli, "stats takes no arguments");
    int status;
    ns_xdb *db = ns_cli_open_read(cli, &status);
    if (!db)
        return status;
    ns_error err;
    ns_stats stats;
    if (ns_stats_read(db, &stats, &err) != NS_OK) {
        status = ns_cli_fail(cli, &err);
    } else {
        cli->printer->stats(&cli->print, cli->db_path, &stats);
        status = NS_EXIT_OK;
    }
    ns_stats_clear(&stats);
    ns_xdb_close(db);
    return status;
}
