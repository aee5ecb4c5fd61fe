#include "index/indexer.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "extract/dates.h"
#include "extract/people.h"
#include "index/document.h"
#include "index/lockinfo.h"
#include "index/record.h"
#include "index/schema.h"
#include "index/terms.h"
#include "ingest/walk.h"
#include "util/buf.h"
#include "util/hash.h"
#include "util/mem.h"
#include "util/strmap.h"
#include "xapian/xdb.h"

/* Documents Xapian buffers before it flushes a batch to disk: a bounded
 * writer memory, and a commit point every so often. */
#define FLUSH_THRESHOLD 2000

typedef struct found_file {
    char *path;
    struct stat st;
} found_file;

typedef struct indexing {
    const ns_index_options *opt;
    ns_index_counts *counts;
    ns_xdb *db;
    ns_terms *terms;
    ns_people_model *people;
    found_file *files;
    size_t n_files, cap_files;
    size_t person_slots;       /* most people in one article so far */
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

/* Read a whole file.  NULL with errno set on failure. */
static char *read_all(const char *path, size_t size_hint, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    ns_buf buf = NS_BUF_INIT;
    ns_buf_append(&buf, "", 0);
    buf.data = ns_xgrow(buf.data, &buf.cap, size_hint + 1, 1);
    for (;;) {
        buf.data = ns_xgrow(buf.data, &buf.cap, buf.len + 65536 + 1, 1);
        ssize_t n = read(fd, buf.data + buf.len, buf.cap - buf.len - 1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int saved = errno;
            close(fd);
            ns_buf_free(&buf);
            errno = saved;
            return NULL;
        }
        if (n == 0)
            break;
        buf.len += (size_t)n;
    }
    close(fd);
    buf.data[buf.len] = '\0';
    *len = buf.len;
    return ns_buf_detach(&buf);
}

/* What is recorded of a file, to know next time whether it changed. */
typedef struct file_state {
    long long size;
    long long mtime_ns;
    long long reference;
    char hash[17];
    size_t articles;
} file_state;

static void format_state(char *out, size_t cap, const file_state *s)
{
    snprintf(out, cap, "1 %lld %lld %lld %s %zu", s->size, s->mtime_ns, s->reference, s->hash,
             s->articles);
}

static bool parse_state(const char *text, file_state *s)
{
    return sscanf(text, "1 %lld %lld %lld %16s %zu", &s->size, &s->mtime_ns, &s->reference,
                  s->hash, &s->articles) == 5;
}

/* A file's documents before it is indexed again, in docid order (the
 * order postings come in), and which of them are written again. */
typedef struct previous_docs {
    ns_docid *ids;
    bool *kept;
    size_t len;
    size_t cap;
} previous_docs;

static int collect_docid(void *ctx, ns_docid docid)
{
    previous_docs *prev = ctx;
    prev->ids = ns_xgrow(prev->ids, &prev->cap, prev->len + 1, sizeof *prev->ids);
    prev->ids[prev->len++] = docid;
    return 0;
}

static void mark_kept(previous_docs *prev, ns_docid docid)
{
    size_t lo = 0, hi = prev->len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (prev->ids[mid] < docid)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < prev->len && prev->ids[lo] == docid)
        prev->kept[lo] = true;
}

static bool stop_asked(const indexing *ix)
{
    return ix->opt->stop && *ix->opt->stop;
}

static ns_status record_person_slots(indexing *ix, ns_error *err);

/* Write a file's articles and remove those that vanished from it.  A stop
 * asked for in the middle returns NS_ERR_INTERRUPTED (with no message)
 * before the removals: what was written is kept, and the file, whose state
 * is not recorded, is read again next time. */
static ns_status write_articles(indexing *ix, const char *file_key, ns_article_list *articles,
                                ns_error *err)
{
    previous_docs prev = { 0 };
    ns_schema_term(&ix->term, NS_PREFIX_FILE, file_key, strlen(file_key));
    ns_status st = ns_xdb_each_posting(ix->db, ix->term.data, collect_docid, &prev, err);
    prev.kept = ns_xcalloc(prev.len + 1, sizeof *prev.kept);
    uint64_t file_seed = ns_hash64(file_key, strlen(file_key), NS_HASH_SEED);
    for (size_t i = 0; st == NS_OK && i < articles->len; i++) {
        if (stop_asked(ix)) {
            st = NS_ERR_INTERRUPTED;
            break;
        }
        const ns_article *a = &articles->items[i];
        char *record = ns_record_encode(a);
        char hash[17];
        ns_hash_hex(ns_hash64(record, strlen(record), file_seed), hash);
        ns_schema_term(&ix->term, NS_PREFIX_ID, a->id, strlen(a->id));
        ns_docid existing = 0;
        st = ns_xdb_find(ix->db, ix->term.data, &existing, err);
        char *old_hash = NULL;
        if (st == NS_OK && existing)
            st = ns_xdb_get_value(ix->db, existing, NS_SLOT_CONTENT_HASH, &old_hash, err);
        if (st == NS_OK && existing && strcmp(old_hash, hash) == 0) {
            mark_kept(&prev, existing);
            ix->counts->articles_unchanged++;
        } else if (st == NS_OK) {
            ns_xdoc *doc = ns_document_build(ix->terms, a, file_key, record, hash);
            bool replaced = false;
            st = ns_xdb_replace(ix->db, ix->term.data, doc, &replaced, err);
            ns_xdoc_free(doc);
            if (st == NS_OK) {
                /* Replacing keeps the document's number. */
                mark_kept(&prev, existing);
                if (replaced)
                    ix->counts->articles_updated++;
                else
                    ix->counts->articles_added++;
            }
            /* Recorded with the document, in the same commit: Xapian may
             * commit a batch at any document. */
            if (st == NS_OK && a->people.len > ix->person_slots) {
                ix->person_slots = a->people.len;
                st = record_person_slots(ix, err);
            }
        }
        free(old_hash);
        free(record);
    }
    for (size_t k = 0; st == NS_OK && k < prev.len; k++) {
        if (prev.kept[k])
            continue;
        st = ns_xdb_delete_docid(ix->db, prev.ids[k], err);
        if (st == NS_OK)
            ix->counts->articles_removed++;
    }
    free(prev.ids);
    free(prev.kept);
    return st;
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
        .size = (long long)f->st.st_size,
        .mtime_ns = (long long)f->st.st_mtim.tv_sec * 1000000000LL + f->st.st_mtim.tv_nsec,
        .reference = ix->opt->has_crawled_at ? ix->opt->crawled_at : (long long)f->st.st_mtim.tv_sec,
    };
    char *meta_key = ns_xasprintf("%s%s", NS_META_FILE_PREFIX, file_key);
    char *recorded_text = NULL;
    ns_status st = ns_xdb_get_metadata(ix->db, meta_key, &recorded_text, err);
    file_state recorded;
    bool known = st == NS_OK && parse_state(recorded_text, &recorded);
    free(recorded_text);
    if (st != NS_OK) {
        free(meta_key);
        return st;
    }
    if (known && recorded.size == now.size && recorded.mtime_ns == now.mtime_ns &&
        recorded.reference == now.reference) {
        ix->counts->files_unchanged++;
        ix->counts->articles_unchanged += recorded.articles;
        free(meta_key);
        return NS_OK;
    }

    size_t len = 0;
    char *data = read_all(f->path, (size_t)f->st.st_size, &len);
    if (!data) {
        ix->counts->files_skipped++;
        skip(ix, f->path, strerror(errno), true);
        free(meta_key);
        return NS_OK;
    }
    ix->counts->bytes_read += len;
    ns_hash_hex(ns_hash64(data, len, NS_HASH_SEED), now.hash);
    if (known && strcmp(recorded.hash, now.hash) == 0 && recorded.reference == now.reference) {
        /* Touched but not changed: record the new time and move on. */
        now.articles = recorded.articles;
        char state[128];
        format_state(state, sizeof state, &now);
        st = ns_xdb_set_metadata(ix->db, meta_key, state, err);
        ix->counts->files_unchanged++;
        ix->counts->articles_unchanged += recorded.articles;
        free(data);
        free(meta_key);
        return st;
    }

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
    ns_people_extract_file(ix->people, &articles);
    check_duplicate_ids(ix, f->path, &articles);
    st = write_articles(ix, file_key, &articles, err);
    if (st == NS_OK) {
        now.articles = articles.len;
        char state[128];
        format_state(state, sizeof state, &now);
        st = ns_xdb_set_metadata(ix->db, meta_key, state, err);
        ix->counts->files_read++;
    }
    ns_article_list_clear(&articles);
    free(meta_key);
    return st;
}

static ns_status record_person_slots(indexing *ix, ns_error *err)
{
    char *text = NULL;
    ns_status st = ns_xdb_get_metadata(ix->db, NS_META_PERSON_SLOTS, &text, err);
    if (st != NS_OK)
        return st;
    size_t recorded = (size_t)strtoul(text, NULL, 10);
    free(text);
    if (ix->person_slots <= recorded)
        return NS_OK;
    char value[32];
    snprintf(value, sizeof value, "%zu", ix->person_slots);
    return ns_xdb_set_metadata(ix->db, NS_META_PERSON_SLOTS, value, err);
}

static ns_status commit(indexing *ix, ns_error *err)
{
    return ns_xdb_commit(ix->db, err);
}

ns_status ns_index_paths(const ns_index_options *opt, char *const *paths, size_t n_paths,
                         ns_index_counts *counts, ns_error *err)
{
    memset(counts, 0, sizeof *counts);
    indexing ix = { .opt = opt, .counts = counts };
    ns_status st = ns_people_model_load(opt->entities_path, &ix.people, err);
    if (st == NS_OK)
        st = ns_terms_new(&ix.terms, err);
    if (st == NS_OK) {
        st = ns_xdb_open(opt->db_path, NS_XDB_WRITE, FLUSH_THRESHOLD, &ix.db, err);
        if (st == NS_OK)
            ns_lockinfo_record(opt->db_path);
        else
            ns_lockinfo_explain(opt->db_path, err);
    }
    if (st == NS_OK)
        st = ns_schema_check(ix.db, true, err);

    ns_walk_callbacks walk = { on_file, on_problem, &ix };
    for (size_t i = 0; st == NS_OK && i < n_paths; i++)
        counts->hidden_skipped += ns_walk(paths[i], &walk);
    counts->files_total = ix.n_files;

    for (size_t i = 0; st == NS_OK && i < ix.n_files; i++) {
        const char *partly = NULL;    /* a file stopped in the middle of */
        if (!stop_asked(&ix)) {
            st = index_file(&ix, &ix.files[i], err);
            if (st == NS_ERR_INTERRUPTED)
                partly = ix.files[i].path;
            else
                counts->files_done++;
            if (st == NS_OK && opt->progress)
                opt->progress(opt->ctx, counts);
        }
        if (stop_asked(&ix) && (st == NS_OK || st == NS_ERR_INTERRUPTED)) {
            st = commit(&ix, err);
            if (st == NS_OK && partly)
                st = ns_error_set(err, NS_ERR_INTERRUPTED,
                                  "interrupted: %zu of %zu files done and committed, and part "
                                  "of %s (it is read again next time)",
                                  counts->files_done, counts->files_total, partly);
            else if (st == NS_OK)
                st = ns_error_set(err, NS_ERR_INTERRUPTED,
                                  "interrupted: %zu of %zu files done and committed",
                                  counts->files_done, counts->files_total);
            break;
        }
    }
    if (st == NS_OK)
        st = commit(&ix, err);

    for (size_t i = 0; i < ix.n_files; i++)
        free(ix.files[i].path);
    free(ix.files);
    if (ix.db)
        ns_lockinfo_clear(opt->db_path);
    ns_xdb_close(ix.db);
    ns_terms_free(ix.terms);
    ns_people_model_free(ix.people);
    ns_buf_free(&ix.term);
    return st;
}
