/* newssearch stats: what the index holds. */

#include "cli/cli.h"
#include "query/stats.h"

int ns_cmd_stats(ns_cli *cli, int argc, char **argv)
{
    int exit_now = ns_cli_common_options_only(cli, argc, argv);
    if (exit_now >= 0)
        return exit_now;
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
