/* newssearch serve: the web page and JSON API (serve/server.h) until
 * interrupted. */
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "index/layout.h"
#include "serve/server.h"

#define DEFAULT_PORT 8080
#define DEFAULT_THREADS 4
#define MAX_THREADS 64

#define DEFAULT_SEARCH_SECONDS 10.0
#define MAX_SEARCH_SECONDS 3600.0

enum { OPT_BIND = 1, OPT_PORT, OPT_TOKEN, OPT_THREADS, OPT_TIMEOUT, OPT_SEARCH_TIME };

int ns_cmd_serve(ns_cli *cli, int argc, char **argv)
{
    static const struct option options[] = {
        { "bind", required_argument, NULL, OPT_BIND },
        { "port", required_argument, NULL, OPT_PORT },
        { "token", required_argument, NULL, OPT_TOKEN },
        { "threads", required_argument, NULL, OPT_THREADS },
        { "timeout", required_argument, NULL, OPT_TIMEOUT },
        { "search-time", required_argument, NULL, OPT_SEARCH_TIME },
        NS_COMMON_OPTIONS,
        { NULL, 0, NULL, 0 },
    };
    ns_server_options o = {
        .bind = "127.0.0.1",
        .port = DEFAULT_PORT,
        .threads = DEFAULT_THREADS,
        .token = getenv("NEWSSEARCH_TOKEN"),
        .timeout_seconds = 30,
        .search_seconds = DEFAULT_SEARCH_SECONDS,
    };
    if (o.token && !*o.token)
        o.token = NULL;
    ns_error err;
    int id, exit_now = -1;
    unsigned n;
    optind = 1;
    while ((id = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (id) {
        case OPT_BIND:
            o.bind = optarg;
            break;
        case OPT_PORT:
            if (ns_cli_parse_count("port", optarg, 65535, &n, &err) != NS_OK)
                return ns_cli_usage_error(cli, "%s", err.message);
            o.port = (uint16_t)n;
            break;
        case OPT_TOKEN:
            o.token = optarg;
            break;
        case OPT_THREADS:
            if (ns_cli_parse_count("threads", optarg, MAX_THREADS, &n, &err) != NS_OK || n == 0)
                return ns_cli_usage_error(cli, "--threads wants a whole number from 1 to %d, not '%s'",
                                          MAX_THREADS, optarg);
            o.threads = n;
            break;
        case OPT_TIMEOUT:
            if (ns_cli_parse_count("timeout", optarg, 3600, &n, &err) != NS_OK || n == 0)
                return ns_cli_usage_error(cli, "--timeout wants seconds from 1 to 3600, not '%s'",
                                          optarg);
            o.timeout_seconds = n;
            break;
        case OPT_SEARCH_TIME: {
            char *end;
            double seconds = strtod(optarg, &end);
            if (end == optarg || *end || !(seconds > 0 && seconds <= MAX_SEARCH_SECONDS))
                return ns_cli_usage_error(cli, "--search-time wants seconds above 0, at most %g, "
                                          "not '%s'", MAX_SEARCH_SECONDS, optarg);
            o.search_seconds = seconds;
            break;
        }
        case '?':
            return ns_cli_usage_error(cli, "unknown option");
        default:
            if (!ns_cli_common_option(cli, id, optarg, &exit_now))
                return ns_cli_usage_error(cli, "unknown option");
            if (exit_now >= 0)
                return exit_now;
        }
    }
    if (optind != argc)
        return ns_cli_usage_error(cli, "serve takes no arguments");
    ns_cli_resolve_db(cli);
    o.db_path = cli->db_path;

    /* Say now, not on the first request, when there is nothing to serve
     * yet; the server looks for the index again on every request. */
    ns_xdb *db = NULL;
    ns_status st = ns_index_open_read(cli->db_path, &db, &err);
    ns_xdb_close(db);
    if (st != NS_OK)
        ns_cli_warn("warning: %s; the page says so until `newssearch index` makes one",
                    err.message);

    /* Only this thread takes the stopping signals: block them before the
     * server's threads start (they inherit the mask), then wait here. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    if (ns_server_is_address(o.bind) && !ns_server_is_loopback(o.bind))
        ns_cli_warn("warning: listening on %s, which other machines may reach: anyone who can "
                    "connect can read the whole index%s",
                    o.bind, o.token ? "" : " (give --token to require one)");
    ns_server *server = NULL;
    if (ns_server_start(&o, &server, &err) != NS_OK)
        return err.status == NS_ERR_USAGE ? ns_cli_usage_error(cli, "%s", err.message)
                                          : ns_cli_fail(cli, &err);
    int is_v6 = strchr(o.bind, ':') != NULL;
    printf("newssearch: serving %s at http://%s%s%s:%u/%s (Ctrl-C stops)\n", cli->db_path,
           is_v6 ? "[" : "", o.bind, is_v6 ? "]" : "", (unsigned)ns_server_port(server),
           o.token ? " with a token" : "");
    fflush(stdout);
    int sig = 0;
    sigwait(&stop, &sig);
    ns_server_stop(server);
    return NS_EXIT_OK;
}
