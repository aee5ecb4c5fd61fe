/* newssearch show: one article in full. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "query/search.h"

int ns_cmd_show(ns_cli *cli, int argc, char **argv)
{
    int exit_now = ns_cli_common_options_only(cli, argc, argv);
    if (exit_now >= 0)
        return exit_now;
    if (optind != argc - 1)
        return ns_cli_usage_error(cli, "show takes one article id");
    const char *article_id = argv[optind];

    int status;
    ns_xdb *db = ns_cli_open_read(cli, &status);
    if (!db)
        return status;
    ns_error err;
    ns_article article;
    ns_article_init(&article);
    ns_status st = ns_article_by_id(db, article_id, &article, &err);
    if (st == NS_ERR_NOT_FOUND)
        ns_error_set(&err, NS_ERR_NOT_FOUND, "no article with id '%s' in %s", article_id,
                     cli->db_path);
    if (st == NS_OK) {
        cli->printer->article(&cli->print, &article);
        status = NS_EXIT_OK;
    } else {
        status = ns_cli_fail(cli, &err);
    }
    ns_article_clear(&article);
    ns_xdb_close(db);
    return status;
}
