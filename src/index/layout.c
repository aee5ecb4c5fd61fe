#include "index/layout.h"

#include <errno.h>
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
    if (st == NS_OK)
        st = ns_schema_check(db, false, err);
    if (st != NS_OK) {
        ns_xdb_close(db);
        return st;
    }
    *out = db;
    return NS_OK;
}

/* The stub, written whole to a temporary file and renamed into place. */
static ns_status write_stub(const char *dir, unsigned n_shards, ns_error *err)
{
    char *path = ns_xasprintf("%s/%s", dir, STUB_FILE);
    char *temp = ns_xasprintf("%s/%s.tmp", dir, STUB_FILE);
    ns_buf text = NS_BUF_INIT;
    ns_buf_puts(&text, "auto " META_DIR "\n");
    for (unsigned k = 0; k < n_shards; k++)
        ns_buf_printf(&text, "auto shard-%u\n", k);
    FILE *f = fopen(temp, "w");
    bool ok = f && fwrite(text.data, 1, text.len, f) == text.len;
    ok = (f && fclose(f) == 0) && ok;
    ok = ok && rename(temp, path) == 0;
    ns_status st = ok ? NS_OK
                      : ns_error_set(err, errno == ENOSPC ? NS_ERR_DISK_FULL : NS_ERR_IO,
                                     "%s: %s", path, strerror(errno));
    if (!ok)
        unlink(temp);
    free(path);
    free(temp);
    ns_buf_free(&text);
    return st;
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

    /* The metadata first: its lock is the index's lock. */
    char *path = ns_xasprintf("%s/%s", dir, META_DIR);
    st = ns_xdb_open(path, NS_XDB_WRITE, 0, &out->meta, err);
    free(path);
    if (st == NS_OK)
        st = ns_schema_check(out->meta, true, err);
    for (unsigned k = 0; st == NS_OK && k < n_shards; k++) {
        path = ns_xasprintf("%s/shard-%u", dir, k);
        st = ns_xdb_open(path, NS_XDB_WRITE, flush_threshold, &out->shards[k], err);
        free(path);
        if (st == NS_OK)
            out->n_shards = k + 1;
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

void ns_index_close_write(ns_index_writers *w)
{
    for (unsigned k = 0; k < w->n_shards; k++)
        ns_xdb_close(w->shards[k]);
    ns_xdb_close(w->meta);
    memset(w, 0, sizeof *w);
}

unsigned ns_index_shard_of(const char *id, unsigned n_shards)
{
    uint64_t h = ns_hash64(id, strlen(id), NS_HASH_SEED);
    h ^= h >> 33;   /* FNV's low bits alone are poorly spread */
    return (unsigned)(h % n_shards);
}
