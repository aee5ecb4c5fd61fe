#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "index/layout.h"
#include "util/mem.h"

void ns_cli_warn(const char *fmt, ...)
{
    char message[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    fputs("newssearch: ", stderr);
    ns_print_escaped(stderr, message);
    fputc('\n', stderr);
}

int ns_cli_usage_error(const ns_cli *cli, const char *fmt, ...)
{
    char message[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    fputs("newssearch: ", stderr);
    ns_print_escaped(stderr, message);
    fprintf(stderr, "\nTry 'newssearch %s --help'.\n", cli->command ? cli->command : "");
    return NS_EXIT_USAGE;
}

int ns_cli_fail(const ns_cli *cli, const ns_error *err)
{
    const char *hint = NULL;
    switch (err->status) {
    case NS_ERR_DB_MISSING:
        hint = "run `newssearch index PATH` to make one, or give its place with --db";
        break;
    case NS_ERR_DB_LOCKED:
        hint = "another `newssearch index` is writing it; wait for it to finish";
        break;
    case NS_ERR_DB_CORRUPT:
        hint = "check it with xapian-check, or remove it and index again";
        break;
    case NS_ERR_DISK_FULL:
        hint = "free some space and run the same command again: what was committed is kept";
        break;
    default:
        break;
    }
    if (hint)
        ns_cli_warn("%s (%s)", err->message, hint);
    else
        ns_cli_warn("%s", err->message);
    return ns_status_exit_code(err->status);
}

bool ns_cli_common_option(ns_cli *cli, int id, const char *arg, int *exit_now)
{
    ns_error err;
    switch (id) {
    case NS_OPT_DB:
        cli->db_option = arg;
        return true;
    case NS_OPT_FORMAT:
        if (ns_printer_by_name(arg, &cli->printer, &err) != NS_OK)
            *exit_now = ns_cli_usage_error(cli, "%s", err.message);
        return true;
    case NS_OPT_HELP:
        ns_cli_print_command_help(cli->command, stdout);
        *exit_now = NS_EXIT_OK;
        return true;
    default:
        return false;
    }
}

int ns_cli_common_options_only(ns_cli *cli, int argc, char **argv)
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
    return -1;
}

void ns_cli_resolve_db(ns_cli *cli)
{
    free(cli->db_path);
    const char *env = getenv("NEWSSEARCH_DB");
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    if (cli->db_option && *cli->db_option)
        cli->db_path = ns_xstrdup(cli->db_option);
    else if (env && *env)
        cli->db_path = ns_xstrdup(env);
    else if (xdg && *xdg)
        cli->db_path = ns_xasprintf("%s/newssearch/db", xdg);
    else
        cli->db_path = ns_xasprintf("%s/.local/share/newssearch/db", home && *home ? home : ".");
}

ns_xdb *ns_cli_open_read(ns_cli *cli, int *exit_status)
{
    ns_cli_resolve_db(cli);
    ns_error err;
    ns_xdb *db = NULL;
    if (ns_index_open_read(cli->db_path, &db, &err) != NS_OK) {
        *exit_status = ns_cli_fail(cli, &err);
        return NULL;
    }
    return db;
}

ns_status ns_cli_parse_count(const char *option, const char *text, unsigned max, unsigned *out,
                             ns_error *err)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(text, &end, 10);
    if (!*text || *end || errno || text[0] == '-' || v > max)
        return ns_error_set(err, NS_ERR_USAGE, "--%s wants a whole number from 0 to %u, not '%s'",
                            option, max, text);
    *out = (unsigned)v;
    return NS_OK;
}

static const struct option *find_long(const struct option *options, const char *arg)
{
    const char *name = arg + 2;
    size_t len = strcspn(name, "=");
    for (const struct option *o = options; o->name; o++)
        if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
            return o;
    return NULL;
}

int ns_cli_options_first(int argc, char **argv, const struct option *options)
{
    char **sorted = ns_xcalloc((size_t)argc + 1, sizeof *sorted);
    char **rest = ns_xcalloc((size_t)argc + 1, sizeof *rest);
    int n_sorted = 0, n_rest = 0;
    sorted[n_sorted++] = argv[0];
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (options_done || strncmp(arg, "--", 2) != 0) {
            rest[n_rest++] = argv[i];
            continue;
        }
        if (arg[2] == '\0') {
            options_done = true;
            continue;
        }
        sorted[n_sorted++] = argv[i];
        const struct option *o = find_long(options, arg);
        if (o && o->has_arg == required_argument && !strchr(arg, '=') && i + 1 < argc)
            sorted[n_sorted++] = argv[++i];
    }
    int first_word = n_sorted;
    for (int i = 0; i < n_rest; i++)
        sorted[n_sorted++] = rest[i];
    memcpy(argv, sorted, (size_t)n_sorted * sizeof *argv);
    for (int i = n_sorted; i < argc; i++)
        argv[i] = NULL;
    free(sorted);
    free(rest);
    return first_word;
}
