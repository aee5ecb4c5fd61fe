#include "index/layout.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "index/schema.h"
#include "util/buf.h"
#include "util/hash.h"
#include "util/mem.h"

#define STUB_FILE "XAPIANDB"
#define META_DIR "meta"

static unsigned default_shards(void)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    if (cpus < 2)
        return 2;
    return cpus > NS_MAX_SHARDS ? NS_MAX_SHARDS : (unsigned)cpus;
}

static bool exists(const char *dir, const char *name)
{
    char *path = ns_xasprintf("%s/%s", dir, name);
    struct stat st;
    bool found = stat(path, &st) == 0;
    free(path);
    return found;
}

/* The shards the stub lists, in order. */
static ns_status read_stub(const char *dir, unsigned *n_shards, ns_error *err)
{
    char *path = ns_xasprintf("%s/%s", dir, STUB_FILE);
    FILE *f = fopen(path, "r");
    if (!f) {
        ns_status st = ns_error_set(err, NS_ERR_DB_CORRUPT, "%s: %s", path, strerror(errno));
        free(path);
        return st;
    }
    char line[256];
    unsigned n = 0;
    bool meta_first = false;
    while (fgets(line, sizeof line, f)) {
        unsigned k;
        if (n == 0 && !meta_first && strcmp(line, "auto " META_DIR "\n") == 0)
            meta_first = true;
        else if (meta_first && sscanf(line, "auto shard-%u\n", &k) == 1 && k == n && n < NS_MAX_SHARDS)
            n++;
        else
            break;
    }
    bool clean = feof(f) && meta_first && n > 0;
    fclose(f);
    ns_status st = clean ? NS_OK
                         : ns_error_set(err, NS_ERR_DB_CORRUPT,
                                        "%s is not the list newssearch writes (meta, then "
                                        "shard-0, shard-1, ...)", path);
    free(path);
    *n_shards = n;
    return st;
}

/* The index as the union of the parts its stub lists, each also open on
 * its own, so that counts run a thread a shard.  A stub that lists other
 * parts (remote shards, say), or none, is Xapian's to open: counts then
 * run where the parts are. */
static ns_status open_reader(const char *dir, ns_xdb **db, ns_error *err)
{
    unsigned n = 0;
    if (read_stub(dir, &n, NULL) != NS_OK)
        return ns_xdb_open(dir, NS_XDB_READ, 0, db, err);
    char *paths[NS_MAX_SHARDS + 1];
    paths[0] = ns_xasprintf("%s/%s", dir, META_DIR);
    for (unsigned k = 0; k < n; k++)
        paths[k + 1] = ns_xasprintf("%s/shard-%u", dir, k);
    ns_status st = ns_xdb_open_union(dir, (const char *const *)paths, n + 1, db, err);
    for (unsigned k = 0; k <= n; k++)
        free(paths[k]);
    return st;
}

ns_status ns_index_open_read(const char *dir, ns_xdb **out, ns_error *err)
{
    ns_xdb *db = NULL;
    ns_status st = open_reader(dir, &db, err);
    /* A merge can remove the parts a stub listed between our reading the
     * stub and opening them: the stub read again lists the merged part. */
    for (int attempt = 0; attempt < 3 && (st == NS_ERR_DB_MISSING || st == NS_ERR_DB_CORRUPT);
         attempt++)
        st = open_reader(dir, &db, err);
    if (st == NS_OK)
        st = ns_schema_check(db, false, err);
    if (st != NS_OK) {
        ns_xdb_close(db);
        return st;
    }
    *out = db;
    return NS_OK;
}

/* A stub, written whole to a temporary file and renamed into place. */
static ns_status write_stub_text(const char *dir, const ns_buf *text, ns_error *err)
{
    char *path = ns_xasprintf("%s/%s", dir, STUB_FILE);
    char *temp = ns_xasprintf("%s/%s.tmp", dir, STUB_FILE);
    FILE *f = fopen(temp, "w");
    bool ok = f && fwrite(text->data, 1, text->len, f) == text->len;
    ok = (f && fclose(f) == 0) && ok;
    ok = ok && rename(temp, path) == 0;
    ns_status st = ok ? NS_OK
                      : ns_error_set(err, errno == ENOSPC ? NS_ERR_DISK_FULL : NS_ERR_IO,
                                     "%s: %s", path, strerror(errno));
    if (!ok)
        unlink(temp);
    free(path);
    free(temp);
    return st;
}

static ns_status write_stub(const char *dir, unsigned n_shards, ns_error *err)
{
    ns_buf text = NS_BUF_INIT;
    ns_buf_puts(&text, "auto " META_DIR "\n");
    for (unsigned k = 0; k < n_shards; k++)
        ns_buf_printf(&text, "auto shard-%u\n", k);
    ns_status st = write_stub_text(dir, &text, err);
    ns_buf_free(&text);
    return st;
}

/* ---- a shard's parts ---- */

static void add_part(ns_index_parts *parts, unsigned number)
{
    parts->numbers = ns_xgrow(parts->numbers, &parts->cap, parts->len + 1,
                              sizeof *parts->numbers);
    parts->numbers[parts->len++] = number;
}

static bool listed(const ns_index_parts *parts, unsigned number)
{
    for (size_t i = 0; i < parts->len; i++)
        if (parts->numbers[i] == number)
            return true;
    return false;
}

static ns_status read_parts(const char *shard_dir, ns_index_parts *parts, ns_error *err)
{
    char *path = ns_xasprintf("%s/%s", shard_dir, STUB_FILE);
    FILE *f = fopen(path, "r");
    if (!f) {
        ns_status st = errno == ENOENT && exists(shard_dir, "iamglass")
            ? ns_error_set(err, NS_ERR_DB_VERSION,
                           "%s was made by an older newssearch (a shard of one database, not "
                           "parts): remove the index and run `newssearch index` again", shard_dir)
            : ns_error_set(err, NS_ERR_DB_CORRUPT, "%s: %s", path, strerror(errno));
        free(path);
        return st;
    }
    char line[256];
    bool clean = true;
    while (clean && fgets(line, sizeof line, f)) {
        unsigned number;
        char end;
        clean = sscanf(line, "auto part-%u%c", &number, &end) == 2 && end == '\n' &&
                (parts->len == 0 || number > parts->numbers[parts->len - 1]);
        if (clean)
            add_part(parts, number);
    }
    clean = clean && feof(f) && parts->len > 0;
    fclose(f);
    ns_status st = clean ? NS_OK
                         : ns_error_set(err, NS_ERR_DB_CORRUPT,
                                        "%s is not the list newssearch writes (part-G lines, "
                                        "G rising)", path);
    free(path);
    return st;
}

static ns_status write_parts(const char *shard_dir, const ns_index_parts *parts, ns_error *err)
{
    ns_buf text = NS_BUF_INIT;
    for (size_t i = 0; i < parts->len; i++)
        ns_buf_printf(&text, "auto part-%u\n", parts->numbers[i]);
    ns_status st = write_stub_text(shard_dir, &text, err);
    ns_buf_free(&text);
    return st;
}

/* A part: a directory of files (Xapian's tables), no deeper. */
static void remove_part(const char *shard_dir, unsigned number)
{
    char *path = ns_xasprintf("%s/part-%u", shard_dir, number);
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char *file = ns_xasprintf("%s/%s", path, e->d_name);
            unlink(file);
            free(file);
        }
        closedir(d);
    }
    rmdir(path);
    free(path);
}

/* Parts no stub lists: what a crash left of a new part or a merge. */
static void remove_unlisted_parts(const char *shard_dir, const ns_index_parts *parts)
{
    DIR *d = opendir(shard_dir);
    if (!d)
        return;
    ns_index_parts gone = { 0 };
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        unsigned number;
        char rest;
        if (sscanf(e->d_name, "part-%u%c", &number, &rest) == 1 && !listed(parts, number))
            add_part(&gone, number);
    }
    closedir(d);
    for (size_t i = 0; i < gone.len; i++)
        remove_part(shard_dir, gone.numbers[i]);
    free(gone.numbers);
}

static char **part_paths(const char *shard_dir, const ns_index_parts *parts)
{
    char **paths = ns_xcalloc(parts->len, sizeof *paths);
    for (size_t i = 0; i < parts->len; i++)
        paths[i] = ns_xasprintf("%s/part-%u", shard_dir, parts->numbers[i]);
    return paths;
}

static void free_paths(char **paths, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
}

/* Open shard k's parts, making its first when the shard is new. */
static ns_status open_shard(ns_index_writers *w, unsigned k, bool fresh, unsigned flush_threshold,
                            ns_error *err)
{
    char *shard_dir = ns_xasprintf("%s/shard-%u", w->dir, k);
    ns_index_parts *parts = &w->parts[k];
    ns_status st = NS_OK;
    if (fresh) {
        if (mkdir(shard_dir, 0777) != 0 && errno != EEXIST)
            st = ns_error_set(err, errno == ENOSPC ? NS_ERR_DISK_FULL : NS_ERR_IO,
                              "cannot make %s: %s", shard_dir, strerror(errno));
        add_part(parts, 0);
    } else {
        st = read_parts(shard_dir, parts, err);
        if (st == NS_OK)
            remove_unlisted_parts(shard_dir, parts);
    }
    if (st == NS_OK) {
        char **paths = part_paths(shard_dir, parts);
        st = ns_xdb_open_parts(shard_dir, (const char *const *)paths, parts->len,
                               flush_threshold, &w->shards[k], err);
        free_paths(paths, parts->len);
    }
    /* The shard's stub comes when the part it names exists. */
    if (st == NS_OK && fresh)
        st = write_parts(shard_dir, parts, err);
    free(shard_dir);
    return st;
}

static uint32_t part_documents(void)
{
    const char *text = getenv("NEWSSEARCH_PART_DOCUMENTS");
    char *end;
    unsigned long n = text ? strtoul(text, &end, 10) : 0;
    return text && *text && !*end && n > 0 && n <= UINT32_MAX ? (uint32_t)n : NS_PART_DOCUMENTS;
}

ns_status ns_index_open_write(const char *dir, unsigned flush_threshold, ns_index_writers *out,
                              ns_error *err)
{
    memset(out, 0, sizeof *out);
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return ns_error_set(err, errno == ENOSPC ? NS_ERR_DISK_FULL : NS_ERR_IO,
                            "cannot make the index %s: %s", dir, strerror(errno));
    if (exists(dir, "iamglass") || exists(dir, "iamchert"))
        return ns_error_set(err, NS_ERR_DB_VERSION,
                            "%s was made by an older newssearch (one database, not shards): "
                            "remove it and run `newssearch index` again", dir);
    unsigned n_shards;
    bool fresh = !exists(dir, STUB_FILE);
    ns_status st = fresh ? NS_OK : read_stub(dir, &n_shards, err);
    if (st != NS_OK)
        return st;
    if (fresh)
        n_shards = default_shards();
    out->dir = ns_xstrdup(dir);
    out->part_documents = part_documents();

    /* The metadata first: its lock is the index's lock. */
    char *path = ns_xasprintf("%s/%s", dir, META_DIR);
    st = ns_xdb_open(path, NS_XDB_WRITE, 0, &out->meta, err);
    free(path);
    if (st == NS_OK)
        st = ns_schema_check(out->meta, true, err);
    for (unsigned k = 0; st == NS_OK && k < n_shards; k++) {
        out->n_shards = k + 1;
        st = open_shard(out, k, fresh, flush_threshold, err);
    }
    /* The stub comes last, when every part it names exists. */
    if (st == NS_OK && fresh)
        st = ns_xdb_commit(out->meta, err);
    if (st == NS_OK && fresh)
        st = write_stub(dir, n_shards, err);
    if (st != NS_OK)
        ns_index_close_write(out);
    return st;
}

ns_status ns_index_next_part(ns_index_writers *w, unsigned k, ns_error *err)
{
    uint32_t documents = 0;
    ns_status st = ns_xdb_last_part_doc_count(w->shards[k], &documents, err);
    if (st != NS_OK || documents < w->part_documents)
        return st;
    ns_index_parts *parts = &w->parts[k];
    unsigned number = parts->numbers[parts->len - 1] + 1;
    char *shard_dir = ns_xasprintf("%s/shard-%u", w->dir, k);
    char *path = ns_xasprintf("%s/part-%u", shard_dir, number);
    st = ns_xdb_add_part(w->shards[k], path, err);
    if (st == NS_OK) {
        add_part(parts, number);
        st = write_parts(shard_dir, parts, err);
    }
    free(path);
    free(shard_dir);
    return st;
}

typedef struct tidying {
    ns_index_writers *w;
    unsigned k;
    ns_status status;
    ns_error err;
    size_t merged;      /* parts merged into one, when they were */
} tidying;

/* Merge shard k's parts into a new one, or drop its empty last part. */
static void *tidy_shard(void *arg)
{
    tidying *t = arg;
    ns_index_writers *w = t->w;
    ns_index_parts *parts = &w->parts[t->k];
    uint32_t last_documents = 0;
    t->status = ns_xdb_last_part_doc_count(w->shards[t->k], &last_documents, &t->err);
    bool merge = parts->len > NS_MAX_PARTS;
    bool drop_last = !merge && parts->len > 1 && last_documents == 0;
    if (t->status != NS_OK || (!merge && !drop_last))
        return NULL;
    ns_xdb_close(w->shards[t->k]);
    w->shards[t->k] = NULL;
    char *shard_dir = ns_xasprintf("%s/shard-%u", w->dir, t->k);
    ns_index_parts kept = { 0 };
    if (merge) {
        unsigned number = parts->numbers[parts->len - 1] + 1;
        char **paths = part_paths(shard_dir, parts);
        char *merged = ns_xasprintf("%s/part-%u", shard_dir, number);
        t->status = ns_xdb_compact((const char *const *)paths, parts->len, merged, &t->err);
        if (t->status != NS_OK)   /* a full disk, say: give the space back at once */
            remove_part(shard_dir, number);
        free(merged);
        free_paths(paths, parts->len);
        add_part(&kept, number);
    } else {
        for (size_t i = 0; i + 1 < parts->len; i++)
            add_part(&kept, parts->numbers[i]);
    }
    if (t->status == NS_OK)
        t->status = write_parts(shard_dir, &kept, &t->err);
    if (t->status == NS_OK) {
        if (merge)
            t->merged = parts->len;
        for (size_t i = 0; i < parts->len; i++)
            if (!listed(&kept, parts->numbers[i]))
                remove_part(shard_dir, parts->numbers[i]);
        free(parts->numbers);
        *parts = kept;
    } else {
        /* The old parts stay listed, and the next run merges them. */
        free(kept.numbers);
    }
    free(shard_dir);
    return NULL;
}

ns_status ns_index_tidy_parts(ns_index_writers *w, size_t *parts_merged, size_t *shards_merged,
                              ns_error *err)
{
    /* A thread a shard: merging is as much reading and encoding as writing. */
    tidying t[NS_MAX_SHARDS];
    pthread_t threads[NS_MAX_SHARDS];
    bool started[NS_MAX_SHARDS] = { false };
    for (unsigned k = 0; k < w->n_shards; k++) {
        t[k] = (tidying){ .w = w, .k = k, .status = NS_OK };
        ns_error_clear(&t[k].err);
        started[k] = w->shards[k] && pthread_create(&threads[k], NULL, tidy_shard, &t[k]) == 0;
        if (w->shards[k] && !started[k])
            tidy_shard(&t[k]);
    }
    ns_status st = NS_OK;
    size_t parts = 0, shards = 0;
    for (unsigned k = 0; k < w->n_shards; k++) {
        if (started[k])
            pthread_join(threads[k], NULL);
        if (t[k].merged) {
            parts += t[k].merged;
            shards++;
        }
        if (st == NS_OK && t[k].status != NS_OK) {
            st = t[k].status;
            if (err)
                *err = t[k].err;
        }
    }
    if (parts_merged)
        *parts_merged = parts;
    if (shards_merged)
        *shards_merged = shards;
    return st;
}

void ns_index_close_write(ns_index_writers *w)
{
    for (unsigned k = 0; k < w->n_shards; k++) {
        ns_xdb_close(w->shards[k]);
        free(w->parts[k].numbers);
    }
    ns_xdb_close(w->meta);
    free(w->dir);
    memset(w, 0, sizeof *w);
}

unsigned ns_index_shard_of(const char *id, unsigned n_shards)
{
    uint64_t h = ns_hash64(id, strlen(id), NS_HASH_SEED);
    h ^= h >> 33;   /* FNV's low bits alone are poorly spread */
    return (unsigned)(h % n_shards);
}
