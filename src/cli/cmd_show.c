/* newssearch show: one article in full. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "index/record.h"
#include "index/schema.h"
#include "util/buf.h"

int ns_cmd_show(ns_cli *cli, int argc, char **argv)
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
    if (optind != argc - 1)
        return ns_cli_usage_error(cli, "show takes one article id");
    const char *article_id = argv[optind];

    int status;
    ns_xdb *db = ns_cli_open_read(cli, &status);
    if (!db)
        return status;
    ns_error err;
    ns_buf term = NS_BUF_INIT;
    ns_schema_term(&term, NS_PREFIX_ID, article_id, strlen(article_id));
    ns_docid docid = 0;
    ns_article article;
    ns_article_init(&article);
    ns_status st = ns_xdb_find(db, ns_buf_str(&term), &docid, &err);
    if (st == NS_OK && !docid)
        st = ns_error_set(&err, NS_ERR_NOT_FOUND, "no article with id '%s' in %s", article_id,
                          cli->db_path);
    if (st == NS_OK)
        st = ns_record_load(db, docid, &article, &err);
    if (st == NS_OK) {
        cli->printer->article(&cli->print, &article);
        status = NS_EXIT_OK;
    } else {
        status = ns_cli_fail(cli, &err);
    }
    ns_article_clear(&article);
    ns_buf_free(&term);
    ns_xdb_close(db);
    return status;
}
