/* The command line: a table of commands (main.c), one file per command,
 * and what they share: the database path, opening the index for reading,
 * output format, and reporting errors with the right exit status. */
#ifndef NS_CLI_CLI_H
#define NS_CLI_CLI_H

#include <stdbool.h>
#include <getopt.h>
#include <stdio.h>

#include "newssearch/status.h"
#include "output/printer.h"
#include "query/parse.h"
#include "xapian/xdb.h"

/* Exit statuses, as grep has them. */
enum ns_exit {
    NS_EXIT_OK = 0,        /* found something / did it */
    NS_EXIT_NONE = 1,      /* found nothing / some input skipped */
    NS_EXIT_USAGE = 2,     /* bad usage or query */
    NS_EXIT_DATABASE = 3   /* missing, locked or damaged index */
};

/* What a command gets from main: the options every command shares. */
typedef struct ns_cli {
    const char *command;         /* "search" */
    const char *db_option;       /* --db, or NULL */
    char *db_path;               /* resolved: --db, $NEWSSEARCH_DB or the XDG default */
    const ns_printer *printer;   /* --format */
    ns_print_options print;
} ns_cli;

typedef int (*ns_command_fn)(ns_cli *cli, int argc, char **argv);

typedef struct ns_command {
    const char *name;
    ns_command_fn run;
    const char *summary;
    const char *usage;           /* options and arguments, shown by --help */
} ns_command;

int ns_cmd_index(ns_cli *cli, int argc, char **argv);
int ns_cmd_search(ns_cli *cli, int argc, char **argv);
int ns_cmd_show(ns_cli *cli, int argc, char **argv);
int ns_cmd_stats(ns_cli *cli, int argc, char **argv);
int ns_cmd_serve(ns_cli *cli, int argc, char **argv);
int ns_cmd_people(ns_cli *cli, int argc, char **argv);

/* Options every command takes: --db DIR, --format F, --help.  Returns
 * true when `id` was one of them (and handled it); *exit_now is set to an
 * exit status when the command should stop (after --help or an error). */
enum { NS_OPT_DB = 1000, NS_OPT_FORMAT, NS_OPT_HELP };
#define NS_COMMON_OPTIONS                                                   \
    { "db", required_argument, NULL, NS_OPT_DB },                           \
    { "format", required_argument, NULL, NS_OPT_FORMAT },                   \
    { "help", no_argument, NULL, NS_OPT_HELP }
bool ns_cli_common_option(ns_cli *cli, int id, const char *arg, int *exit_now);

/* Parse the options of a command that takes only the common ones.  Returns
 * -1 to go on (optind is at the first argument), else the exit status. */
int ns_cli_common_options_only(ns_cli *cli, int argc, char **argv);

/* Print "newssearch: message" on stderr and return the exit status for
 * the error; database errors get a hint of what to do. */
int ns_cli_fail(const ns_cli *cli, const ns_error *err);
/* The same for a usage problem: the message and a pointer to --help. */
int ns_cli_usage_error(const ns_cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ns_cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Messages are one line each: a control character that comes with the
 * data (a file name with a newline, an escape sequence in a query) is
 * written escaped (ns_print_escaped), never obeyed by the terminal. */

/* Resolve cli->db_path. */
void ns_cli_resolve_db(ns_cli *cli);
/* Open the index for reading, with a message and exit status on failure
 * (returns NULL, *exit_status set). */
ns_xdb *ns_cli_open_read(ns_cli *cli, int *exit_status);

/* Put the long options ("--limit 5", "--limit=5") of argv before the other
 * arguments, in place and in order, so that options may follow the query
 * while a query word such as "-Ivory" (exclude Ivory) is never taken for
 * an option.  "--" ends the options.  Returns the index of the first
 * non-option argument; parse argv[0..that) with getopt_long. */
int ns_cli_options_first(int argc, char **argv, const struct option *options);

/* Parse a count option ("--limit 10"): NS_ERR_USAGE unless a whole
 * number in [0, max]. */
ns_status ns_cli_parse_count(const char *option, const char *text, unsigned max, unsigned *out,
                             ns_error *err);

void ns_cli_print_command_help(const char *name, FILE *out);

/* ---- journalists' features: commands and the options of every command
 * that reads a query ---- */
int ns_cmd_batch(ns_cli *cli, int argc, char **argv);
int ns_cmd_watch(ns_cli *cli, int argc, char **argv);
int ns_cmd_complete(ns_cli *cli, int argc, char **argv);

/* --now ISO8601 (the reference time of relative dates; the clock when
 * absent), --tz ZONE (the calendar of date words: UTC, +05:30 or a zone
 * name such as Europe/Paris), --fuzzy (every plain word as word~). */
enum { NS_OPT_NOW = 1100, NS_OPT_TZ, NS_OPT_FUZZY };
#define NS_QUERY_OPTIONS                                                    \
    { "now", required_argument, NULL, NS_OPT_NOW },                         \
    { "tz", required_argument, NULL, NS_OPT_TZ },                           \
    { "fuzzy", no_argument, NULL, NS_OPT_FUZZY }

typedef struct ns_cli_query {
    const char *now;             /* as given, or NULL */
    const char *tz;
    bool fuzzy;
} ns_cli_query;

/* True when id was one of NS_QUERY_OPTIONS (recorded in q). */
bool ns_cli_query_option(ns_cli_query *q, int id, const char *arg);
/* Resolve the recorded options into query options: the reference time
 * and the zone's offset at it.  NS_ERR_USAGE naming the option when one
 * cannot be read. */
ns_status ns_cli_query_resolve(const ns_cli_query *q, ns_query_options *options, ns_error *err);

/* "--facet outlet,person" and repeated --facet: add each, once. */
ns_status ns_cli_add_facets(const char *list, ns_facet_kind *facets, size_t *n, ns_error *err);

#endif
