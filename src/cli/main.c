/* newssearch: full-text search for news archives.  The command table and
 * what runs before every command. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

static const ns_command commands[] = {
    { "index", ns_cmd_index, "add files and directories to the index",
      "[--db DIR] [--crawled-at ISO8601] [--no-progress] [--prune] PATH...\n"
      "       newssearch index [--db DIR] --reextract" },
    { "search", ns_cmd_search, "search the index (the default command)",
      "[--db DIR] [--limit N] [--offset N] [--sort relevance|newest|oldest]\n"
      "                  [--facet outlet|person|credit|format|year|month|day[,...]]...\n"
      "                  [--facet-limit N] [--no-collapse] [--histogram day|week|month|year]\n"
      "                  [--explain] [--why] [--context N] [--now ISO8601] [--tz ZONE] [--fuzzy]\n"
      "                  [--format text|json|jsonl|csv] QUERY..." },
    { "show", ns_cmd_show, "print one article in full", "[--db DIR] [--format text|json] ID" },
    { "stats", ns_cmd_stats, "what the index holds", "[--db DIR] [--format text|json]" },
    { "serve", ns_cmd_serve, "the web page and JSON API, on this machine only by default",
      "[--db DIR] [--bind 127.0.0.1] [--port 8080] [--token TOKEN] [--threads 4]\n"
      "                  [--timeout 30] [--search-time 10]" },
    { "people", ns_cmd_people, "the people in the index, with article counts",
      "[--db DIR] [--limit N] [--format text|json] [PATTERN]" },
    /* journalists' features */
    { "batch", ns_cmd_batch, "count the matches of each query in a file",
      "[--db DIR] [--by outlet|person|credit|format|year|month|day] [--now ISO8601]\n"
      "                  [--tz ZONE] [--fuzzy] [--limit N] [--sort relevance|newest|oldest]\n"
      "                  [--facet F]... [--no-collapse] [--format text|json|jsonl|csv] FILE" },
    { "watch", ns_cmd_watch, "saved queries that report what is new",
      "[--db DIR] [--format F] add NAME QUERY... | list | rm NAME |\n"
      "                  run [--limit N] [--sort newest|oldest|relevance] [NAME]" },
    { "complete", ns_cmd_complete, "values of a field, for shell completion",
      "[--db DIR] outlet|person|credit [PREFIX]" },
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static const ns_command *find_command(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static void print_usage(FILE *out)
{
    fputs("Usage: newssearch COMMAND [OPTION]... [ARG]...\n"
          "       newssearch QUERY...          (search, when QUERY is not a command)\n\n"
          "Full-text search for news archives.\n\nCommands:\n",
          out);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fputs("\nThe index is --db DIR, else $NEWSSEARCH_DB, else $XDG_DATA_HOME/newssearch/db\n"
          "(~/.local/share/newssearch/db).  'newssearch COMMAND --help' tells more;\n"
          "'man newssearch' tells all, the query language included.\n\n"
          "Exit status: 0 found (or done), 1 nothing found (or some input skipped),\n"
          "2 usage or query error, 3 index missing, locked or damaged.\n",
          out);
}

void ns_cli_print_command_help(const char *name, FILE *out)
{
    const ns_command *c = name ? find_command(name) : NULL;
    if (!c) {
        print_usage(out);
        return;
    }
    fprintf(out, "Usage: newssearch %s %s\n\n%c%s.\n", c->name, c->usage, c->summary[0] - 32,
            c->summary + 1);
    if (strcmp(c->name, "search") == 0)
        fputs("\nQuery language: words (all of them), AND OR NOT XOR, +word -word, ( ),\n"
              "\"a phrase\", a NEAR b, a NEAR/5 b, a ADJ b, cease*, title:word,\n"
              "outlet:\"ABC News\", person:\"Claudia Sheinbaum\", person:Sheinbaum,\n"
              "credit:reuters, date:2025-08-09, date:2025-08, date:2025,\n"
              "date:2025-08-01..2025-08-10, date:..2025-08-10, date:2025-08-01..,\n"
              "date:today, date:yesterday, date:\"last week\", date:\"this month\", date:7d,\n"
              "date:2025-08-15..+3d, since:48h, =U.S. =\"Trump's plan\" (exactly as written),\n"
              "zelensky~ (close spellings too)\n",
              out);
}

/* Xapian ended the program (xdb.h): say why, as for any failure, and
 * leave with that failure's status. */
static void on_fatal(const ns_error *err)
{
    fflush(stdout);
    _exit(ns_cli_fail(NULL, err));
}

int main(int argc, char **argv)
{
    ns_xdb_on_fatal(on_fatal);
    ns_cli cli = { 0 };
    cli.printer = &ns_printer_text;
    cli.print.out = stdout;
    cli.print.color = ns_want_color(stdout);
    if (argc < 2) {
        print_usage(stderr);
        return NS_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        if (argc > 2 && find_command(argv[2]))
            ns_cli_print_command_help(argv[2], stdout);
        else
            print_usage(stdout);
        return NS_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("newssearch %s\n", NS_VERSION);
        return NS_EXIT_OK;
    }
    /* Options every command shares may come before the command:
     * `newssearch --db DIR stats`. */
    int first = 1;
    while (first + 1 < argc) {
        if (strcmp(argv[first], "--db") == 0)
            cli.db_option = argv[first + 1];
        else if (strcmp(argv[first], "--format") == 0) {
            ns_error err;
            if (ns_printer_by_name(argv[first + 1], &cli.printer, &err) != NS_OK)
                return ns_cli_usage_error(&cli, "%s", err.message);
        } else
            break;
        first += 2;
    }
    argc -= first - 1;
    argv += first - 1;
    if (argc < 2)
        return ns_cli_usage_error(&cli, "no command or query");
    const ns_command *command = find_command(argv[1]);
    int status;
    if (command) {
        cli.command = command->name;
        status = command->run(&cli, argc - 1, argv + 1);
    } else {
        /* `newssearch ceasefire AND Alaska`: the words are a search. */
        cli.command = "search";
        argv[0] = (char *)"search";
        status = ns_cmd_search(&cli, argc, argv);
    }
    free(cli.db_path);
    if (fflush(stdout) != 0 && status == NS_EXIT_OK)
        status = NS_EXIT_NONE;
    return status;
}
