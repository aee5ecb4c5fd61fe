/* newssearch complete: values for shell completion (the bash completion
 * script asks after a field prefix such as outlet:).  Prints the values of
 * a field in the index that start with a prefix, one a line, as a query
 * writes them (outlet:abc-news, person:claudia-sheinbaum). */
#include <string.h>

#include "cli/cli.h"
#include "index/schema.h"
#include "util/buf.h"

typedef struct listing {
    size_t skip;      /* the term prefix's length */
    FILE *out;
} listing;

static int print_value(void *ctx, const char *term, size_t len, uint32_t freq)
{
    listing *l = ctx;
    fprintf(l->out, "%.*s\n", (int)(len - l->skip), term + l->skip);
    return ferror(l->out) ? 1 : 0;
}

int ns_cmd_complete(ns_cli *cli, int argc, char **argv)
{
    int exit_now = ns_cli_common_options_only(cli, argc, argv);
    if (exit_now >= 0)
        return exit_now;
    if (optind >= argc || argc - optind > 2)
        return ns_cli_usage_error(cli, "complete wants a FIELD (outlet, person or credit) and "
                                  "maybe a PREFIX");
    const ns_field_info *field = ns_schema_field_by_name(argv[optind], strlen(argv[optind]));
    if (!field || !field->boolean || field->field == NS_FIELD_DATE)
        return ns_cli_usage_error(cli, "complete lists outlet, person or credit values, not '%s'",
                                  argv[optind]);
    int status;
    ns_xdb *db = ns_cli_open_read(cli, &status);
    if (!db)
        return status;
    ns_buf prefix = NS_BUF_INIT;
    ns_buf_puts(&prefix, field->prefix);
    if (optind + 1 < argc)
        ns_buf_puts(&prefix, argv[optind + 1]);
    listing l = { strlen(field->prefix), cli->print.out };
    ns_error err;
    status = ns_xdb_each_term(db, ns_buf_str(&prefix), print_value, &l, &err) == NS_OK
                 ? NS_EXIT_OK
                 : ns_cli_fail(cli, &err);
    ns_buf_free(&prefix);
    ns_xdb_close(db);
    return status;
}
