/* newssearch index: add files and directories to the index. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "extract/dates.h"
#include "index/indexer.h"
#include "newssearch/strlist.h"
#include "util/mem.h"

enum { OPT_CRAWLED_AT = 1, OPT_NO_PROGRESS, OPT_PRUNE, OPT_REEXTRACT };

static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int signo)
{
    stop_signal = signo;
}

typedef struct reporting {
    bool progress;          /* a progress line on stderr */
    bool progress_shown;
    ns_strlist skipped;     /* "path: reason", for the summary */
    ns_strlist ignored;     /* files that are not articles */
    struct timespec started;
} reporting;

static double seconds_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static void clear_progress(reporting *r)
{
    if (r->progress_shown) {
        fputs("\r\033[K", stderr);
        r->progress_shown = false;
    }
}

static void on_warn(void *ctx, const char *path, size_t line, const char *message)
{
    clear_progress(ctx);
    if (line)
        ns_cli_warn("%s:%zu: %s", path, line, message);
    else
        ns_cli_warn("%s: %s", path, message);
}

static void on_skipped(void *ctx, const char *path, const char *reason, bool problem)
{
    reporting *r = ctx;
    clear_progress(r);
    if (problem)
        ns_cli_warn("skipped %s: %s", path, reason);
    char *line = ns_xasprintf("%s: %s", path, reason);
    ns_strlist_add(problem ? &r->skipped : &r->ignored, line);
    free(line);
}

static void on_progress(void *ctx, const ns_index_counts *c)
{
    reporting *r = ctx;
    if (!r->progress)
        return;
    const int width = 24;
    int filled = c->files_total ? (int)((double)c->files_done / c->files_total * width) : width;
    char bar[32];
    for (int i = 0; i < width; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[width] = '\0';
    fprintf(stderr, "\r[%s] %zu/%zu files, %.1f MB, %zu articles written", bar, c->files_done,
            c->files_total, (double)c->bytes_read / 1e6, c->articles_added + c->articles_updated);
    r->progress_shown = true;
}

static void print_summary(const ns_cli *cli, const reporting *r, const ns_index_counts *c)
{
    double elapsed = seconds_since(&r->started);
    double mb = (double)c->bytes_read / 1e6;
    size_t articles = c->articles_added + c->articles_updated + c->articles_unchanged;
    if (c->files_done < c->files_total)   /* stopped early */
        printf("Indexed %zu of %zu files into %s in %.2f s", c->files_done, c->files_total,
               cli->db_path, elapsed);
    else
        printf("Indexed %zu file%s into %s in %.2f s",
               c->files_total, c->files_total == 1 ? "" : "s", cli->db_path, elapsed);
    if (elapsed > 0 && c->bytes_read)
        printf(" (%.1f MB read, %.1f MB/s, %.0f articles/s)", mb, mb / elapsed,
               (double)(c->articles_added + c->articles_updated) / elapsed);
    printf(".\n  files:    %zu read, %zu unchanged, %zu skipped, %zu not articles\n",
           c->files_read, c->files_unchanged, c->files_skipped + c->paths_failed,
           c->files_ignored);
    printf("  articles: %zu added, %zu updated, %zu unchanged, %zu removed (%zu in these files)\n",
           c->articles_added, c->articles_updated, c->articles_unchanged, c->articles_removed,
           articles);
    if (c->files_pruned)
        printf("  pruned:   %zu file%s gone from disk\n", c->files_pruned,
               c->files_pruned == 1 ? "" : "s");
    if (c->parts_merged)
        printf("  merged:   %zu parts of %zu shard%s into one each, in %.1f s\n", c->parts_merged,
               c->shards_merged, c->shards_merged == 1 ? "" : "s", c->merge_seconds);
    if (c->hidden_skipped)
        printf("  hidden files and directories passed over: %zu\n", c->hidden_skipped);
    const ns_strlist *lists[] = { &r->skipped, &r->ignored };
    const char *headings[] = { "Skipped:", "Not articles:" };
    for (size_t l = 0; l < 2; l++) {
        if (lists[l]->len)
            printf("%s\n", headings[l]);
        for (size_t i = 0; i < lists[l]->len; i++) {
            fputs("  ", stdout);
            ns_print_escaped(stdout, lists[l]->items[i]);
            fputc('\n', stdout);
        }
    }
}

int ns_cmd_index(ns_cli *cli, int argc, char **argv)
{
    static const struct option options[] = {
        { "crawled-at", required_argument, NULL, OPT_CRAWLED_AT },
        { "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
        { "prune", no_argument, NULL, OPT_PRUNE },
        { "reextract", no_argument, NULL, OPT_REEXTRACT },
        NS_COMMON_OPTIONS,
        { NULL, 0, NULL, 0 },
    };
    reporting report = { .progress = isatty(STDERR_FILENO) };
    ns_index_options opt = {
        .warn = on_warn,
        .skipped = on_skipped,
        .progress = on_progress,
        .ctx = &report,
        .stop = &stop_signal,
    };
    bool reextract = false;
    int id, exit_now = -1;
    optind = 1;
    while ((id = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (id) {
        case OPT_CRAWLED_AT:
            if (!ns_parse_iso8601(optarg, &opt.crawled_at))
                return ns_cli_usage_error(cli, "--crawled-at wants an ISO 8601 time such as "
                                               "2025-08-09T10:00:00Z, not '%s'", optarg);
            opt.has_crawled_at = true;
            break;
        case OPT_NO_PROGRESS:
            report.progress = false;
            break;
        case OPT_PRUNE:
            opt.prune = true;
            break;
        case OPT_REEXTRACT:
            reextract = true;
            break;
        case '?':
            return ns_cli_usage_error(cli, "unknown option");
        default:
            if (!ns_cli_common_option(cli, id, optarg, &exit_now))
                return ns_cli_usage_error(cli, "unknown option");
            if (exit_now >= 0)
                return exit_now;
        }
    }
    if (reextract && optind < argc)
        return ns_cli_usage_error(cli, "--reextract reads no files: give no paths");
    if (!reextract && optind >= argc)
        return ns_cli_usage_error(cli, "no paths: say which files or directories to index");

    ns_cli_resolve_db(cli);
    /* The index's parent directory, as `mkdir -p` would make it. */
    for (char *slash = strchr(cli->db_path + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        if (mkdir(cli->db_path, 0777) != 0 && errno != EEXIST) {
            ns_cli_warn("cannot make %s: %s", cli->db_path, strerror(errno));
            *slash = '/';
            return NS_EXIT_DATABASE;
        }
        *slash = '/';
    }
    opt.db_path = cli->db_path;
    char *entities = ns_xasprintf("%s/entities.tsv", cli->db_path);
    opt.entities_path = entities;

    /* The first signal stops the run before the next article and commits
     * what is done; a second one ends the program at once (the index stays
     * at its last commit). */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    clock_gettime(CLOCK_MONOTONIC, &report.started);
    ns_index_counts counts;
    ns_error err;
    ns_error_clear(&err);
    ns_status st = reextract ? ns_index_reextract(&opt, &counts, &err)
                             : ns_index_paths(&opt, argv + optind, (size_t)(argc - optind),
                                              &counts, &err);
    clear_progress(&report);
    int status;
    if ((st == NS_OK || st == NS_ERR_INTERRUPTED) && reextract)
        printf("Found the people of %zu articles again in %.2f s: %zu changed, %zu unchanged.\n",
               counts.articles_updated + counts.articles_unchanged, seconds_since(&report.started),
               counts.articles_updated, counts.articles_unchanged);
    else if (st == NS_OK || st == NS_ERR_INTERRUPTED)
        print_summary(cli, &report, &counts);
    if (st == NS_ERR_INTERRUPTED) {
        ns_cli_warn("%s", err.message);
        status = 128 + (int)stop_signal;
    } else if (st == NS_ERR_INPUT) {
        /* Only the user's entity file stops a whole run this way. */
        ns_cli_warn("%s", err.message);
        status = NS_EXIT_USAGE;
    } else if (st != NS_OK) {
        status = ns_cli_fail(cli, &err);
    } else {
        status = counts.files_skipped + counts.paths_failed ? NS_EXIT_NONE : NS_EXIT_OK;
    }
    ns_strlist_clear(&report.skipped);
    ns_strlist_clear(&report.ignored);
    free(entities);
    return status;
}
