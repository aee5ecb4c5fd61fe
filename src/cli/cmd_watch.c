/* newssearch watch: saved queries that report what is new.
 *
 *   watch add NAME QUERY...   save a query (what is indexed from now on is new to it)
 *   watch list                the watches and when each last ran
 *   watch rm NAME             forget one
 *   watch run [NAME]          the articles written into the index since the
 *                             watch last ran (or was added); exit 0 when there
 *                             are some, 1 when none: `cron` mails only news
 *
 * Watches live beside the index, in DB/watches.json, rewritten whole
 * through a temporary file and a rename (and under a lock), so a reader
 * never sees half a file.  "New" is by the index revision (generation,
 * schema.h) each article was written in: a run looks for revisions after
 * the one the previous run saw (an article committed while a run is going
 * may be reported by two runs, never by none).  An article re-indexed unchanged is not
 * written again, so it is not new; one whose content changed is written
 * again, so it is reported again (a correction is news). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "cli/cli.h"
#include "index/schema.h"
#include "extract/dates.h"
#include "query/search.h"
#include "util/buf.h"
#include "util/mem.h"

#define WATCHES_FILE "watches.json"
#define WATCHES_FORMAT 1
#define NAME_MAX_BYTES 64

typedef struct watch_set {
    ns_watch *items;
    size_t len, cap;
} watch_set;

static void watch_set_clear(watch_set *set)
{
    for (size_t i = 0; i < set->len; i++) {
        free(set->items[i].name);
        free(set->items[i].query);
        free(set->items[i].created);
        free(set->items[i].last_run);
    }
    free(set->items);
    memset(set, 0, sizeof *set);
}

static char *file_in(const ns_cli *cli, const char *name)
{
    return ns_xasprintf("%s/%s", cli->db_path, name);
}

static ns_status load(const char *path, watch_set *set, ns_error *err)
{
    memset(set, 0, sizeof *set);
    if (access(path, F_OK) != 0)
        return NS_OK;
    json_error_t jerr;
    json_t *doc = json_load_file(path, 0, &jerr);
    if (!doc)
        return ns_error_set(err, NS_ERR_INPUT, "%s:%d: %s", path, jerr.line, jerr.text);
    json_t *list = json_object_get(doc, "watches");
    size_t i;
    json_t *w;
    ns_status st = json_is_array(list) ? NS_OK
                                      : ns_error_set(err, NS_ERR_INPUT,
                                                     "%s: no \"watches\" list", path);
    json_array_foreach(list, i, w) {
        const char *name = json_string_value(json_object_get(w, "name"));
        const char *query = json_string_value(json_object_get(w, "query"));
        const char *created = json_string_value(json_object_get(w, "created"));
        const char *last_run = json_string_value(json_object_get(w, "last_run"));
        json_t *revision = json_object_get(w, "revision");
        if (!name || !query || !created || !json_is_integer(revision)) {
            st = ns_error_set(err, NS_ERR_INPUT, "%s: watch %zu lacks a name, query, created "
                              "time or revision", path, i + 1);
            break;
        }
        set->items = ns_xgrow(set->items, &set->cap, set->len + 1, sizeof *set->items);
        set->items[set->len++] = (ns_watch){
            ns_xstrdup(name), ns_xstrdup(query), ns_xstrdup(created),
            last_run ? ns_xstrdup(last_run) : NULL, (uint64_t)json_integer_value(revision),
        };
    }
    json_decref(doc);
    if (st != NS_OK)
        watch_set_clear(set);
    return st;
}

/* Write the whole set through a temporary file and a rename. */
static ns_status save(const char *path, const watch_set *set, ns_error *err)
{
    json_t *list = json_array();
    for (size_t i = 0; i < set->len; i++) {
        const ns_watch *w = &set->items[i];
        json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:o, s:I}", "name", w->name,
                                              "query", w->query, "created", w->created,
                                              "last_run",
                                              w->last_run ? json_string(w->last_run) : json_null(),
                                              "revision", (json_int_t)w->revision));
    }
    json_t *doc = json_pack("{s:i, s:o}", "format_version", WATCHES_FORMAT, "watches", list);
    char *tmp = ns_xasprintf("%s.tmp.%ld", path, (long)getpid());
    ns_status st = NS_OK;
    FILE *f = fopen(tmp, "w");
    if (!f || json_dumpf(doc, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
        fputc('\n', f) == EOF || fflush(f) != 0 || fsync(fileno(f)) != 0)
        st = ns_error_set(err, NS_ERR_IO, "%s: %s", tmp, strerror(errno));
    if (f && fclose(f) != 0 && st == NS_OK)
        st = ns_error_set(err, NS_ERR_IO, "%s: %s", tmp, strerror(errno));
    if (st == NS_OK && rename(tmp, path) != 0)
        st = ns_error_set(err, NS_ERR_IO, "%s: %s", path, strerror(errno));
    if (st != NS_OK)
        unlink(tmp);
    free(tmp);
    json_decref(doc);
    return st;
}

static ns_watch *find(watch_set *set, const char *name)
{
    for (size_t i = 0; i < set->len; i++)
        if (strcmp(set->items[i].name, name) == 0)
            return &set->items[i];
    return NULL;
}

static bool valid_name(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len > NAME_MAX_BYTES || name[0] == '-')
        return false;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_' || *p == '.'))
            return false;
    return true;
}

/* Hold the watches' lock from here to exit (or the end of the command). */
static int lock_watches(const ns_cli *cli, ns_error *err)
{
    char *path = file_in(cli, WATCHES_FILE ".lock");
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0 || flock(fd, LOCK_EX) != 0) {
        ns_error_set(err, NS_ERR_IO, "%s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        fd = -1;
    }
    free(path);
    return fd;
}

static void iso_time(int64_t t, char out[21])
{
    ns_format_iso8601(t, out);
}

typedef struct watch_args {
    ns_cli_query query_options;
    uint32_t limit;
    ns_sort sort;
} watch_args;

static int watch_add(ns_cli *cli, const watch_args *a, int argc, char **argv, watch_set *set,
                     const char *path, const ns_query_options *qo)
{
    if (argc < 2)
        return ns_cli_usage_error(cli, "watch add wants a NAME and a QUERY");
    const char *name = argv[0];
    if (!valid_name(name))
        return ns_cli_usage_error(cli, "'%s' is not a watch name: use up to %d letters, digits, "
                                  "'-', '_' and '.'", name, NAME_MAX_BYTES);
    if (find(set, name))
        return ns_cli_usage_error(cli, "there is already a watch named '%s': remove it first "
                                  "with `newssearch watch rm %s`", name, name);
    ns_buf query = NS_BUF_INIT;
    for (int i = 1; i < argc; i++) {
        if (i > 1)
            ns_buf_putc(&query, ' ');
        ns_buf_puts(&query, argv[i]);
    }
    ns_error err;
    ns_query q;
    if (ns_query_parse_with(ns_buf_str(&query), qo, &q, &err) != NS_OK) {
        ns_buf_free(&query);
        return ns_cli_fail(cli, &err);
    }
    for (size_t i = 0; i < q.notes.len; i++)
        ns_cli_warn("note: %s", q.notes.items[i]);
    ns_query_clear(&q);
    int status;
    ns_xdb *db = ns_cli_open_read(cli, &status);
    if (!db) {
        ns_buf_free(&query);
        return status;
    }
    uint64_t revision = 0;
    ns_status st = ns_schema_generation(db, &revision, &err);
    ns_xdb_close(db);
    char created[21];
    iso_time(qo->dates.now, created);
    set->items = ns_xgrow(set->items, &set->cap, set->len + 1, sizeof *set->items);
    set->items[set->len++] = (ns_watch){ ns_xstrdup(name), ns_buf_detach(&query),
                                         ns_xstrdup(created), NULL, revision };
    if (st == NS_OK)
        st = save(path, set, &err);
    if (st != NS_OK)
        return ns_cli_fail(cli, &err);
    printf("Watch '%s' added: articles indexed from now on that match it are new to it.\n", name);
    return NS_EXIT_OK;
}

static int watch_rm(ns_cli *cli, int argc, char **argv, watch_set *set, const char *path)
{
    if (argc != 1)
        return ns_cli_usage_error(cli, "watch rm wants one NAME");
    ns_watch *w = find(set, argv[0]);
    if (!w)
        return ns_cli_usage_error(cli, "no watch named '%s' (`newssearch watch list` lists them)",
                                  argv[0]);
    size_t at = (size_t)(w - set->items);
    free(w->name);
    free(w->query);
    free(w->created);
    free(w->last_run);
    memmove(w, w + 1, (set->len - at - 1) * sizeof *w);
    set->len--;
    ns_error err;
    if (save(path, set, &err) != NS_OK)
        return ns_cli_fail(cli, &err);
    printf("Watch '%s' removed.\n", argv[0]);
    return NS_EXIT_OK;
}

static int watch_run(ns_cli *cli, const watch_args *a, int argc, char **argv, watch_set *set,
                     const char *path, const ns_query_options *qo)
{
    if (argc > 1)
        return ns_cli_usage_error(cli, "watch run wants at most one NAME");
    if (argc == 1 && !find(set, argv[0]))
        return ns_cli_usage_error(cli, "no watch named '%s' (`newssearch watch list` lists them)",
                                  argv[0]);
    int status;
    ns_xdb *db = ns_cli_open_read(cli, &status);
    if (!db)
        return status;
    ns_error err;
    /* The revision read before searching: what is committed meanwhile is
     * found again next time rather than never. */
    uint64_t revision = 0;
    ns_status st = ns_schema_generation(db, &revision, &err);
    size_t n = 0;
    ns_watch_run *runs = ns_xcalloc(set->len + 1, sizeof *runs);
    ns_search_request *reqs = ns_xcalloc(set->len + 1, sizeof *reqs);
    ns_watch *before = ns_xcalloc(set->len + 1, sizeof *before);
    bool any = false;
    for (size_t i = 0; st == NS_OK && i < set->len; i++) {
        ns_watch *w = &set->items[i];
        if (argc == 1 && strcmp(w->name, argv[0]) != 0)
            continue;
        ns_search_request *req = &reqs[n];
        *req = (ns_search_request){ .query = w->query, .limit = a->limit, .sort = a->sort,
                                    .options = *qo, .has_written_after = true,
                                    .written_after = w->revision };
        if (req->limit == 0 && ns_xdb_doc_count(db, &req->limit, &err) != NS_OK)
            break;
        ns_search_result *r = NULL;
        st = ns_search(db, req, &r, &err);
        if (st != NS_OK) {
            ns_cli_warn("watch '%s': %s", w->name, err.message);
            break;
        }
        /* As it was: what the report says ran since when. */
        before[n] = (ns_watch){ w->name, w->query, w->created, w->last_run, w->revision };
        runs[n] = (ns_watch_run){ &before[n], revision, req, r };
        any |= r->total > 0;
        n++;
    }
    if (st == NS_OK) {
        ns_provenance provenance = { .version = NS_VERSION, .revision = revision,
                                     .has_now = true, .now = qo->dates.now };
        cli->print.provenance = &provenance;
        cli->printer->watch_runs(&cli->print, runs, n);
        cli->print.provenance = NULL;
        /* Only now is the run done: remember what it saw. */
        char when[21];
        iso_time(qo->dates.now, when);
        for (size_t i = 0; i < n; i++) {
            ns_watch *w = find(set, before[i].name);
            w->revision = revision;
            w->last_run = ns_xstrdup(when);   /* the old one is before[i]'s, freed below */
        }
        st = save(path, set, &err);
    }
    for (size_t i = 0; i < n; i++) {
        ns_search_result_free((ns_search_result *)runs[i].result);
        if (find(set, before[i].name)->last_run != before[i].last_run)
            free(before[i].last_run);
    }
    free(runs);
    free(reqs);
    free(before);
    ns_xdb_close(db);
    if (st != NS_OK)
        return ns_cli_fail(cli, &err);
    return any ? NS_EXIT_OK : NS_EXIT_NONE;
}

enum { OPT_LIMIT = 1, OPT_SORT };

int ns_cmd_watch(ns_cli *cli, int argc, char **argv)
{
    static const struct option options[] = {
        { "limit", required_argument, NULL, OPT_LIMIT },
        { "sort", required_argument, NULL, OPT_SORT },
        NS_QUERY_OPTIONS,
        NS_COMMON_OPTIONS,
        { NULL, 0, NULL, 0 },
    };
    watch_args a = { .sort = NS_SORT_NEWEST };
    ns_error err;
    int exit_now = -1;
    /* Options come before the action or after it; after `add NAME` the
     * rest is the query, where "-word" is a word. */
    optind = 1;
    for (int pass = 0; pass < 2; pass++) {
        bool add = pass == 1 && strcmp(argv[0], "add") == 0;
        int id;
        while ((id = getopt_long(argc, argv, pass == 0 || add ? "+" : "", options, NULL)) != -1) {
            unsigned n;
            switch (id) {
            case OPT_LIMIT:
                if (ns_cli_parse_count("limit", optarg, 1000000, &n, &err) != NS_OK)
                    return ns_cli_usage_error(cli, "%s", err.message);
                a.limit = n;
                break;
            case OPT_SORT:
                if (ns_sort_by_name(optarg, &a.sort, &err) != NS_OK)
                    return ns_cli_usage_error(cli, "%s", err.message);
                break;
            case '?':
                return ns_cli_usage_error(cli, "unknown option");
            default:
                if (ns_cli_query_option(&a.query_options, id, optarg))
                    break;
                if (!ns_cli_common_option(cli, id, optarg, &exit_now))
                    return ns_cli_usage_error(cli, "unknown option");
                if (exit_now >= 0)
                    return exit_now;
            }
        }
        if (pass == 0) {
            if (optind >= argc)
                return ns_cli_usage_error(cli, "watch wants add, list, rm or run");
            /* From the action on, as if it were the program name (optind 0:
             * getopt starts afresh, with the new optstring). */
            argc -= optind;
            argv += optind;
            optind = 0;
        }
    }
    const char *action = argv[0];
    if (optind == 0)
        optind = 1;
    argc -= optind;
    argv += optind;
    ns_query_options qo;
    if (ns_cli_query_resolve(&a.query_options, &qo, &err) != NS_OK)
        return ns_cli_usage_error(cli, "%s", err.message);
    bool known = !strcmp(action, "add") || !strcmp(action, "list") || !strcmp(action, "rm") ||
                 !strcmp(action, "run");
    if (!known)
        return ns_cli_usage_error(cli, "'%s' is not a watch action: use add, list, rm or run",
                                  action);
    ns_cli_resolve_db(cli);
    if (access(cli->db_path, F_OK) != 0) {
        ns_error_set(&err, NS_ERR_DB_MISSING, "%s: no index there", cli->db_path);
        return ns_cli_fail(cli, &err);
    }
    int lock = lock_watches(cli, &err);
    if (lock < 0)
        return ns_cli_fail(cli, &err);
    char *path = file_in(cli, WATCHES_FILE);
    watch_set set;
    int status;
    if (load(path, &set, &err) != NS_OK) {
        status = ns_cli_fail(cli, &err);
    } else if (!strcmp(action, "add")) {
        status = watch_add(cli, &a, argc, argv, &set, path, &qo);
    } else if (!strcmp(action, "rm")) {
        status = watch_rm(cli, argc, argv, &set, path);
    } else if (!strcmp(action, "run")) {
        status = watch_run(cli, &a, argc, argv, &set, path, &qo);
    } else if (argc) {
        status = ns_cli_usage_error(cli, "watch list takes no arguments");
    } else {
        cli->printer->watches(&cli->print, set.items, set.len);
        status = NS_EXIT_OK;
    }
    watch_set_clear(&set);
    free(path);
    close(lock);
    return status;
}
