#include "index/indexer.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "extract/dates.h"
#include "extract/people.h"
#include "index/layout.h"
#include "index/lockinfo.h"
#include "index/record.h"
#include "index/schema.h"
#include "index/stories.h"
#include "index/writer.h"
#include "ingest/walk.h"
#include "util/buf.h"
#include "util/hash.h"
#include "util/mem.h"
#include "util/strmap.h"
#include "xapian/xdb.h"

/* Documents Xapian buffers per shard before it flushes a batch to disk:
 * small batches keep Xapian's in-memory maps small, which bounds memory
 * and, up to a point, is faster.  Measured on the 100,000-article
 * benchmark corpus (JSONL, 2 cores): 500: 249 s, 215 MB peak; 1000: 234 s,
 * 292 MB; 2000: 224 s, 410 MB; 5000: 263 s, 797 MB. */
#define FLUSH_THRESHOLD 1000
/* Articles between two commits of the whole index: what a crash can cost
 * in work to redo, and how long file states wait in memory. */
#define COMMIT_EVERY 20000

typedef struct found_file {
    char *path;
    struct stat st;
} found_file;

typedef struct indexing {
    const ns_index_options *opt;
    ns_index_counts *counts;
    ns_index_writers db;       /* meta (read and written here) and shards */
    ns_shard_writer *writers[NS_MAX_SHARDS];
    ns_people_model *people;
    ns_stories *stories;
    found_file *files;
    size_t n_files, cap_files;
    size_t person_slots;       /* most people in one article so far */
    /* File states to record once the shards have committed their articles:
     * metadata keys and values, "" to delete. */
    ns_strlist pending_keys, pending_values;
    size_t since_commit;       /* articles handed to writers since the last commit */
    uint64_t generation;       /* what articles written now are stamped with (schema.h) */
    ns_buf term;
} indexing;

static void on_file(void *ctx, const char *path, const struct stat *st)
{
    indexing *ix = ctx;
    ix->files = ns_xgrow(ix->files, &ix->cap_files, ix->n_files + 1, sizeof *ix->files);
    ix->files[ix->n_files++] = (found_file){ ns_xstrdup(path), *st };
}

static void skip(indexing *ix, const char *path, const char *reason, bool problem)
{
    if (ix->opt->skipped)
        ix->opt->skipped(ix->opt->ctx, path, reason, problem);
}

static void on_problem(void *ctx, const char *path, const char *why)
{
    indexing *ix = ctx;
    ix->counts->paths_failed++;
    skip(ix, path, why, true);
}

/* What is recorded of a file, to know next time whether it changed and
 * whether it still exists: "1 size mtime_ns reference hash articles path". */
typedef struct file_state {
    long long size;
    long long mtime_ns;
    long long reference;
    char hash[17];
    size_t articles;
    const char *path;      /* its real path; borrowed */
} file_state;

static char *format_state(const file_state *s)
{
    return ns_xasprintf("1 %lld %lld %lld %s %zu %s", s->size, s->mtime_ns, s->reference,
                        s->hash, s->articles, s->path);
}

static bool parse_state(const char *text, file_state *s)
{
    int path_at = 0;
    if (sscanf(text, "1 %lld %lld %lld %16s %zu %n", &s->size, &s->mtime_ns, &s->reference,
               s->hash, &s->articles, &path_at) != 5 || path_at == 0)
        return false;
    s->path = text + path_at;
    return true;
}

/* Hand an article to the writer of its shard, with its record and the
 * record's hash (meta says the rest: the file, a story to keep). */
static void put_article(indexing *ix, ns_article *a, ns_shard_article *meta)
{
    ns_buf record = NS_BUF_INIT;
    ns_record_encode(a, &record);
    char hash[17];
    ns_record_hash(record.data, record.len, meta->file_key, hash);
    meta->record_len = record.len;
    meta->record = ns_buf_detach(&record);
    meta->content_hash = hash;
    meta->generation = ix->generation;
    if (a->people.len > ix->person_slots)
        ix->person_slots = a->people.len;
    unsigned shard = ns_index_shard_of(a->id, ix->db.n_shards);
    ns_shard_writer_put(ix->writers[shard], a, meta);
    ix->since_commit++;
}

static bool stop_asked(const indexing *ix)
{
    return ix->opt->stop && *ix->opt->stop;
}

/* Hand a file's articles to the shard writers.  A stop asked for in the
 * middle of the file ends it there and returns false: the articles handed
 * over are kept, the file's earlier ones are not removed, and the file is
 * read again next time (its state is not recorded). */
static bool dispatch(indexing *ix, const char *file_key, ns_article_list *articles)
{
    for (size_t i = 0; i < articles->len; i++) {
        if (stop_asked(ix))
            return false;
        ns_shard_article meta = { .file_key = file_key };
        put_article(ix, &articles->items[i], &meta);
    }
    for (unsigned k = 0; k < ix->db.n_shards; k++)
        ns_shard_writer_end_file(ix->writers[k], file_key);
    return true;
}

static void record_state(indexing *ix, const char *meta_key, const char *value)
{
    ns_strlist_add(&ix->pending_keys, meta_key);
    ns_strlist_add(&ix->pending_values, value);
}

/* Warn once about ids that appear twice in a file: the later one wins. */
static void check_duplicate_ids(indexing *ix, const char *path, const ns_article_list *articles)
{
    if (!ix->opt->warn || articles->len < 2)
        return;
    /* A hash map: a file can hold tens of thousands of articles. */
    static char present;
    ns_strmap seen = NS_STRMAP_INIT;
    for (size_t i = 0; i < articles->len; i++) {
        const char *id = articles->items[i].id;
        void **slot = ns_strmap_slot(&seen, id, strlen(id));
        if (*slot) {
            char message[256];
            snprintf(message, sizeof message,
                     "article %zu repeats the id \"%.100s\": the later one is kept", i + 1,
                     articles->items[i].id);
            ix->opt->warn(ix->opt->ctx, path, 0, message);
        }
        *slot = &present;
    }
    ns_strmap_free(&seen, NULL);
}

static ns_status index_file(indexing *ix, const found_file *f, ns_error *err)
{
    char real[PATH_MAX];
    const char *identity = realpath(f->path, real) ? real : f->path;
    char file_key[17];
    ns_hash_hex(ns_hash64(identity, strlen(identity), NS_HASH_SEED), file_key);

    file_state now = {
        .path = identity,
        .size = (long long)f->st.st_size,
        /* Compared for equality only: in unsigned arithmetic, so that a time
         * past 2262 (a tmpfs keeps the year 10000) wraps instead of
         * overflowing. */
        .mtime_ns = (long long)((unsigned long long)f->st.st_mtim.tv_sec * 1000000000ULL +
                                (unsigned long long)f->st.st_mtim.tv_nsec),
        .reference = ix->opt->has_crawled_at ? ix->opt->crawled_at : (long long)f->st.st_mtim.tv_sec,
    };
    char *meta_key = ns_xasprintf("%s%s", NS_META_FILE_PREFIX, file_key);
    char *recorded_text = NULL;
    ns_status st = ns_xdb_get_metadata(ix->db.meta, meta_key, &recorded_text, err);
    file_state recorded;
    bool known = st == NS_OK && parse_state(recorded_text, &recorded);
    if (st != NS_OK) {
        free(recorded_text);
        free(meta_key);
        return st;
    }
    if (known && recorded.size == now.size && recorded.mtime_ns == now.mtime_ns &&
        recorded.reference == now.reference) {
        ix->counts->files_unchanged++;
        ix->counts->articles_unchanged += recorded.articles;
        free(recorded_text);
        free(meta_key);
        return NS_OK;
    }

    size_t len = 0;
    ns_buf contents = NS_BUF_INIT;
    char *data = NULL;
    if (ns_buf_read_file(&contents, f->path, (size_t)f->st.st_size) == 0) {
        len = contents.len;
        data = ns_buf_detach(&contents);
    }
    if (!data) {
        ix->counts->files_skipped++;
        skip(ix, f->path, strerror(errno), true);
        free(recorded_text);
        free(meta_key);
        return NS_OK;
    }
    ix->counts->bytes_read += len;
    ns_hash_hex(ns_hash64(data, len, NS_HASH_SEED), now.hash);
    if (known && strcmp(recorded.hash, now.hash) == 0 && recorded.reference == now.reference) {
        /* Touched but not changed: record the new time and move on. */
        now.articles = recorded.articles;
        char *state = format_state(&now);
        record_state(ix, meta_key, state);
        ix->counts->files_unchanged++;
        ix->counts->articles_unchanged += recorded.articles;
        free(state);
        free(data);
        free(recorded_text);
        free(meta_key);
        return st;
    }
    free(recorded_text);

    /* A file time outside the years newssearch dates (a tmpfs can hold
     * the year 10000) is brought to the nearest end of them. */
    int64_t reference = now.reference;
    if (reference < NS_TIME_MIN || reference > NS_TIME_MAX) {
        reference = reference < NS_TIME_MIN ? NS_TIME_MIN : NS_TIME_MAX;
        if (ix->opt->warn)
            ix->opt->warn(ix->opt->ctx, f->path, 0,
                          "its modification time is outside the years 1000-9999: its "
                          "articles without a date are dated at the nearest end");
    }
    ns_read_context ctx = {
        .path = f->path,
        .identity = identity,
        .reference_time = reference,
        .reference_source = ix->opt->has_crawled_at ? NS_DATE_CRAWL : NS_DATE_FILE_TIME,
        .warn = ix->opt->warn,
        .warn_ctx = ix->opt->ctx,
    };
    ns_article_list articles = { 0 };
    ns_error read_err;
    ns_error_clear(&read_err);
    ns_status read_st = ns_read_file(&ctx, data, len, &articles, NULL, &read_err);
    free(data);
    if (read_st != NS_OK) {
        bool problem = read_st != NS_ERR_UNSUPPORTED;
        if (problem)
            ix->counts->files_skipped++;
        else
            ix->counts->files_ignored++;
        /* The message already names the file: pass on only the reason. */
        const char *reason = read_err.message;
        size_t plen = strlen(f->path);
        if (strncmp(reason, f->path, plen) == 0 && reason[plen] == ':')
            reason += plen + (reason[plen + 1] == ' ' ? 2 : 1);
        skip(ix, f->path, reason, problem);
        free(meta_key);
        return NS_OK;
    }
    for (size_t i = 0; i < articles.len; i++)
        articles.items[i].people_given = articles.items[i].people.len;
    ns_people_extract_file(ix->people, &articles);
    check_duplicate_ids(ix, f->path, &articles);
    now.articles = articles.len;
    if (dispatch(ix, file_key, &articles)) {
        char *state = format_state(&now);
        record_state(ix, meta_key, state);
        free(state);
        ix->counts->files_read++;
    } else {
        st = NS_ERR_INTERRUPTED;   /* no message: the caller says it */
    }
    ns_article_list_clear(&articles);
    free(meta_key);
    return st;
}

/* Pruning: the files recorded under the given paths that are gone. */
typedef struct pruning {
    indexing *ix;
    char **roots;          /* real paths of the given paths */
    size_t n_roots;
    ns_strlist gone_keys;  /* metadata keys of files that no longer exist */
} pruning;

static bool under(const char *path, const char *root)
{
    size_t n = strlen(root);
    return strncmp(path, root, n) == 0 && (path[n] == '/' || path[n] == '\0' || (n == 1 && root[0] == '/'));
}

static int note_gone_file(void *ctx, const char *key, const char *value)
{
    pruning *p = ctx;
    file_state state;
    if (!parse_state(value, &state))
        return 0;
    for (size_t i = 0; i < p->n_roots; i++) {
        struct stat st;
        if (under(state.path, p->roots[i]) && stat(state.path, &st) != 0 && errno == ENOENT) {
            ns_strlist_add(&p->gone_keys, key);
            break;
        }
    }
    return 0;
}

/* Remove the articles of files that no longer exist under the paths. */
static ns_status prune(indexing *ix, char *const *paths, size_t n_paths, ns_error *err)
{
    pruning p = { .ix = ix, .roots = ns_xcalloc(n_paths + 1, sizeof *p.roots) };
    for (size_t i = 0; i < n_paths; i++) {
        char real[PATH_MAX];
        if (realpath(paths[i], real))
            p.roots[p.n_roots++] = ns_xstrdup(real);
    }
    ns_status st = ns_xdb_each_metadata(ix->db.meta, NS_META_FILE_PREFIX, note_gone_file, &p, err);
    const size_t key_at = strlen(NS_META_FILE_PREFIX);
    for (size_t i = 0; st == NS_OK && i < p.gone_keys.len; i++) {
        const char *key = p.gone_keys.items[i];
        for (unsigned k = 0; k < ix->db.n_shards; k++)
            ns_shard_writer_drop_file(ix->writers[k], key + key_at);
        record_state(ix, key, "");
        ix->counts->files_pruned++;
    }
    for (size_t i = 0; i < p.n_roots; i++)
        free(p.roots[i]);
    free(p.roots);
    ns_strlist_clear(&p.gone_keys);
    return st;
}

static ns_status record_person_slots(indexing *ix, ns_error *err)
{
    char *text = NULL;
    ns_status st = ns_xdb_get_metadata(ix->db.meta, NS_META_PERSON_SLOTS, &text, err);
    if (st != NS_OK)
        return st;
    size_t recorded = (size_t)strtoul(text, NULL, 10);
    free(text);
    if (ix->person_slots <= recorded)
        return NS_OK;
    char value[32];
    snprintf(value, sizeof value, "%zu", ix->person_slots);
    return ns_xdb_set_metadata(ix->db.meta, NS_META_PERSON_SLOTS, value, err);
}

/* Commit the whole index: every shard first, then (only when they all
 * succeeded) the file states that say their articles are in, so that
 * after a crash a file is never taken for indexed when it is not. */
static ns_status commit(indexing *ix, ns_error *err)
{
    for (unsigned k = 0; k < ix->db.n_shards; k++)
        ns_shard_writer_ask_commit(ix->writers[k]);
    ns_status st = NS_OK;
    for (unsigned k = 0; k < ix->db.n_shards; k++) {
        ns_status shard_st = ns_shard_writer_wait_commit(ix->writers[k], st == NS_OK ? err : NULL);
        if (st == NS_OK)
            st = shard_st;
    }
    for (size_t i = 0; st == NS_OK && i < ix->pending_keys.len; i++)
        st = ns_xdb_set_metadata(ix->db.meta, ix->pending_keys.items[i],
                                 ix->pending_values.items[i], err);
    if (st == NS_OK)
        st = record_person_slots(ix, err);
    /* The shards hold this generation's articles: say so, and stamp what
     * comes next with the next one. */
    char generation[32];
    snprintf(generation, sizeof generation, "%" PRIu64, ix->generation);
    if (st == NS_OK)
        st = ns_xdb_set_metadata(ix->db.meta, NS_META_GENERATION, generation, err);
    if (st == NS_OK)
        st = ns_xdb_commit(ix->db.meta, err);
    if (st == NS_OK)
        ix->generation++;
    ns_strlist_clear(&ix->pending_keys);
    ns_strlist_clear(&ix->pending_values);
    ix->since_commit = 0;
    return st;
}

static bool writers_failed(indexing *ix)
{
    for (unsigned k = 0; k < ix->db.n_shards; k++)
        if (ns_shard_writer_failed(ix->writers[k]))
            return true;
    return false;
}

static void add_counts(ns_index_counts *out, const ns_shard_counts *c)
{
    out->articles_added += c->added;
    out->articles_updated += c->updated;
    out->articles_unchanged += c->unchanged;
    out->articles_removed += c->removed;
}

/* The coordinator's counts plus what the writers have done. */
static void gather_counts(indexing *ix, ns_index_counts *out)
{
    *out = *ix->counts;
    for (unsigned k = 0; k < ix->db.n_shards; k++) {
        ns_shard_counts c;
        ns_shard_writer_counts(ix->writers[k], &c);
        add_counts(out, &c);
    }
}

/* Open the index, load what indexing needs and start the shard writers. */
static ns_status start(indexing *ix, const ns_index_options *opt, ns_index_counts *own,
                       ns_error *err)
{
    memset(own, 0, sizeof *own);
    memset(ix, 0, sizeof *ix);
    ix->opt = opt;
    ix->counts = own;
    ix->stories = ns_stories_new();
    ns_status st = ns_people_model_load(opt->entities_path, &ix->people, err);
    if (st == NS_OK) {
        st = ns_index_open_write(opt->db_path, FLUSH_THRESHOLD, &ix->db, err);
        if (st == NS_OK)
            ns_lockinfo_record(opt->db_path);
        else
            ns_lockinfo_explain(opt->db_path, err);
    }
    if (st == NS_OK)
        st = ns_schema_generation(ix->db.meta, &ix->generation, err);
    ix->generation++;
    for (unsigned k = 0; st == NS_OK && k < ix->db.n_shards; k++)
        st = ns_stories_add_from(ix->stories, ix->db.shards[k], err);
    for (unsigned k = 0; st == NS_OK && k < ix->db.n_shards; k++)
        st = ns_shard_writer_start(&ix->db, k, ix->stories, &ix->writers[k], err);
    for (unsigned k = 0; st == NS_OK && k < ix->db.n_shards; k++)
        ns_shard_writer_set_peers(ix->writers[k], ix->writers, ix->db.n_shards);
    return st;
}

/* Stop the writers, report the counts, merge the shards' parts after a
 * run that went well (st), and close everything. */
static ns_status finish(indexing *ix, ns_index_counts *counts, ns_status st, ns_error *err)
{
    /* The writers' counts are read as they stop, once their queues are
     * done: not after (they are freed then). */
    *counts = *ix->counts;
    for (unsigned k = 0; k < ix->db.n_shards; k++) {
        ns_shard_counts c = { 0 };
        ns_shard_writer_stop(ix->writers[k], &c);
        add_counts(counts, &c);
    }
    for (size_t i = 0; i < ix->n_files; i++)
        free(ix->files[i].path);
    free(ix->files);
    bool opened = ix->db.meta != NULL;
    if (st == NS_OK && opened) {
        struct timespec began, ended;
        clock_gettime(CLOCK_MONOTONIC, &began);
        st = ns_index_tidy_parts(&ix->db, &counts->parts_merged, &counts->shards_merged, err);
        clock_gettime(CLOCK_MONOTONIC, &ended);
        if (counts->parts_merged)
            counts->merge_seconds = (double)(ended.tv_sec - began.tv_sec) +
                                    (double)(ended.tv_nsec - began.tv_nsec) / 1e9;
    }
    ns_index_close_write(&ix->db);
    if (opened)   /* once Xapian's lock is let go */
        ns_lockinfo_clear(ix->opt->db_path);
    ns_people_model_free(ix->people);
    ns_stories_free(ix->stories);
    ns_strlist_clear(&ix->pending_keys);
    ns_strlist_clear(&ix->pending_values);
    ns_buf_free(&ix->term);
    return st;
}

/* partly: the file stopped in the middle of, or NULL. */
static ns_status interrupted(indexing *ix, const char *partly, ns_error *err)
{
    ns_status st = commit(ix, err);
    if (st == NS_OK && partly)
        st = ns_error_set(err, NS_ERR_INTERRUPTED,
                          "interrupted: %zu of %zu files done and committed, and part of %s "
                          "(it is read again next time)",
                          ix->counts->files_done, ix->counts->files_total, partly);
    else if (st == NS_OK)
        st = ns_error_set(err, NS_ERR_INTERRUPTED,
                          "interrupted: %zu of %zu files done and committed",
                          ix->counts->files_done, ix->counts->files_total);
    return st;
}

static void report_progress(indexing *ix)
{
    if (ix->opt->progress) {
        ns_index_counts now;
        gather_counts(ix, &now);
        ix->opt->progress(ix->opt->ctx, &now);
    }
}

ns_status ns_index_paths(const ns_index_options *opt, char *const *paths, size_t n_paths,
                         ns_index_counts *counts, ns_error *err)
{
    ns_index_counts own;
    indexing ix;
    ns_status st = start(&ix, opt, &own, err);

    ns_walk_callbacks walk = { on_file, on_problem, &ix };
    for (size_t i = 0; st == NS_OK && i < n_paths; i++)
        own.hidden_skipped += ns_walk(paths[i], &walk);
    own.files_total = ix.n_files;

    for (size_t i = 0; st == NS_OK && i < ix.n_files; i++) {
        if (stop_asked(&ix)) {
            st = interrupted(&ix, NULL, err);
            break;
        }
        st = index_file(&ix, &ix.files[i], err);
        if (st == NS_ERR_INTERRUPTED) {
            st = interrupted(&ix, ix.files[i].path, err);
            break;
        }
        own.files_done++;
        if (st == NS_OK && (writers_failed(&ix) || ix.since_commit >= COMMIT_EVERY))
            st = commit(&ix, err);
        report_progress(&ix);
    }
    if (st == NS_OK && opt->prune)
        st = prune(&ix, paths, n_paths, err);
    if (st == NS_OK)
        st = commit(&ix, err);
    return finish(&ix, counts, st, err);
}

/* Re-extraction: one file's articles, from their stored records, with
 * what re-writing them must keep. */
typedef struct kept_values {
    char story[NS_STORY_ID_LEN + 1];
    char fingerprint[NS_STORIES_VALUE_LEN];
    bool has_fingerprint;
    bool grouped;
} kept_values;

typedef struct stored_file {
    ns_xdb *reader;
    ns_article_list articles;
    kept_values *kept;          /* one per article */
    size_t kept_cap;
    ns_strlist before;          /* each article's people before, one a line */
    ns_status status;
    ns_error *err;
} stored_file;

static int load_stored(void *ctx, ns_docid docid)
{
    stored_file *f = ctx;
    char *story = NULL, *fingerprint = NULL, *group = NULL;
    size_t fingerprint_len = 0;
    f->kept = ns_xgrow(f->kept, &f->kept_cap, f->articles.len + 1, sizeof *f->kept);
    kept_values *kept = &f->kept[f->articles.len];
    ns_article *a = ns_article_list_add(&f->articles);
    f->status = ns_record_load(f->reader, docid, a, f->err);
    if (f->status == NS_OK)
        f->status = ns_xdb_get_value(f->reader, docid, NS_SLOT_STORY, &story, NULL, f->err);
    if (f->status == NS_OK)
        f->status = ns_xdb_get_value(f->reader, docid, NS_SLOT_FINGERPRINT, &fingerprint,
                                     &fingerprint_len, f->err);
    if (f->status == NS_OK)
        f->status = ns_xdb_get_value(f->reader, docid, NS_SLOT_GROUP, &group, NULL, f->err);
    if (f->status == NS_OK) {
        snprintf(kept->story, sizeof kept->story, "%s", story);
        kept->has_fingerprint = fingerprint_len == NS_STORIES_VALUE_LEN;
        kept->grouped = *group != '\0';
        if (kept->has_fingerprint)
            memcpy(kept->fingerprint, fingerprint, NS_STORIES_VALUE_LEN);
        ns_buf names = NS_BUF_INIT;
        ns_buf_append(&names, "", 0);
        for (size_t i = 0; i < a->people.len; i++)
            ns_buf_printf(&names, "%s\n", a->people.items[i]);
        ns_strlist_add(&f->before, ns_buf_str(&names));
        ns_buf_free(&names);
        /* Keep what the source named; find the rest again. */
        while (a->people.len > a->people_given)
            free(a->people.items[--a->people.len]);
    }
    free(story);
    free(fingerprint);
    free(group);
    return f->status != NS_OK;
}

static bool same_people(const ns_article *a, const char *before)
{
    for (size_t i = 0; i < a->people.len; i++) {
        size_t n = strlen(a->people.items[i]);
        if (strncmp(before, a->people.items[i], n) != 0 || before[n] != '\n')
            return false;
        before += n + 1;
    }
    return *before == '\0';
}

static ns_status reextract_file(indexing *ix, ns_xdb *reader, const char *file_key,
                                ns_error *err)
{
    stored_file f = { .reader = reader, .status = NS_OK, .err = err };
    ns_schema_term(&ix->term, NS_PREFIX_FILE, file_key, strlen(file_key));
    ns_status st = ns_xdb_each_posting(reader, ix->term.data, load_stored, &f, err);
    if (st == NS_OK)
        st = f.status;
    if (st == NS_OK) {
        ns_people_extract_file(ix->people, &f.articles);
        for (size_t i = 0; i < f.articles.len; i++) {
            ns_article *a = &f.articles.items[i];
            if (same_people(a, f.before.items[i])) {
                ix->counts->articles_unchanged++;
                continue;
            }
            ns_shard_article meta = {
                .file_key = file_key,
                .story = f.kept[i].story,
                .grouped = f.kept[i].grouped,
                .fingerprint = f.kept[i].has_fingerprint ? f.kept[i].fingerprint : NULL,
                .fingerprint_len = f.kept[i].has_fingerprint ? NS_STORIES_VALUE_LEN : 0,
            };
            put_article(ix, a, &meta);
        }
    }
    ns_article_list_clear(&f.articles);
    free(f.kept);
    ns_strlist_clear(&f.before);
    return st;
}

static int collect_file_key(void *ctx, const char *key, const char *value)
{
    ns_strlist_add(ctx, key + strlen(NS_META_FILE_PREFIX));
    return 0;
}

ns_status ns_index_reextract(const ns_index_options *opt, ns_index_counts *counts,
                             ns_error *err)
{
    ns_index_counts own;
    indexing ix;
    ns_status st = start(&ix, opt, &own, err);
    ns_xdb *reader = NULL;
    ns_strlist keys = { 0 };
    if (st == NS_OK)
        st = ns_index_open_read(opt->db_path, &reader, err);
    if (st == NS_OK)
        st = ns_xdb_each_metadata(ix.db.meta, NS_META_FILE_PREFIX, collect_file_key, &keys, err);
    own.files_total = keys.len;
    for (size_t i = 0; st == NS_OK && i < keys.len; i++) {
        if (stop_asked(&ix)) {
            st = interrupted(&ix, NULL, err);
            break;
        }
        st = reextract_file(&ix, reader, keys.items[i], err);
        own.files_done++;
        own.files_read++;
        if (st == NS_OK && (writers_failed(&ix) || ix.since_commit >= COMMIT_EVERY))
            st = commit(&ix, err);
        report_progress(&ix);
    }
    if (st == NS_OK)
        st = commit(&ix, err);
    ns_xdb_close(reader);
    ns_strlist_clear(&keys);
    return finish(&ix, counts, st, err);
}
