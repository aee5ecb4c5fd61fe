#include "index/writer.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index/document.h"
#include "index/layout.h"
#include "index/record.h"
#include "index/schema.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/strmap.h"

/* Articles waiting for a writer, at most, and their bytes of text.  The
 * indexer hands articles to the writers in the order it reads them, so
 * while one writer flushes a batch to disk (seconds) it stops at that
 * writer's full queue, and the other writers run dry unless the queue
 * holds about a flush's worth.  Measured on 30,000 benchmark articles (2
 * cores, 3 runs each): 64: 1.55 cores busy; 2,000: 1.84, +50 MB peak;
 * 5,000: no better, +110 MB. */
#define QUEUE_MAX 2000
#define QUEUE_MAX_BYTES (64u << 20)

typedef enum message_kind {
    MSG_ARTICLE,
    MSG_END_FILE,
    MSG_DROP_FILE,
    MSG_COMMIT,
    MSG_GROUP,       /* mark the story's members in this shard grouped */
    MSG_QUIT
} message_kind;

typedef struct message {
    message_kind kind;
    struct message *next;
    ns_article article;
    char *record;
    size_t record_len;
    size_t bytes;                /* of text held (articles): what the queue bound counts */
    char file_key[17];
    char content_hash[17];
    char story[NS_STORY_ID_LEN + 1];
    char fingerprint[NS_STORIES_VALUE_LEN];
    size_t fingerprint_len;
    bool grouped;
    uint64_t generation;
} message;

/* The documents of a file written (or found unchanged) in this run. */
typedef struct kept_docs {
    ns_docid *ids;
    size_t len, cap;
} kept_docs;

struct ns_shard_writer {
    ns_index_writers *index;
    unsigned shard_number;
    ns_xdb *shard;
    ns_stories *stories;
    ns_shard_writer *const *peers;   /* every writer of the index, this one included */
    size_t n_peers;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t changed;      /* the queue or the commit count changed */
    message *head, *tail;
    size_t queued, queued_bytes;   /* articles waiting, and their bytes */
    unsigned commits_asked, commits_done;
    ns_status status;            /* the first failure, NS_OK until then */
    ns_error error;
    ns_shard_counts counts;
    ns_strmap kept;              /* file key -> kept_docs */
    size_t files_kept;           /* entries of kept that hold document ids */
    ns_buf term;
    ns_record_packer *packer;
    ns_buf packed;
};

static message *new_message(message_kind kind, const char *file_key);

static void push(ns_shard_writer *w, message *m)
{
    pthread_mutex_lock(&w->lock);
    while (m->kind == MSG_ARTICLE && w->queued &&
           (w->queued >= QUEUE_MAX || w->queued_bytes + m->bytes > QUEUE_MAX_BYTES))
        pthread_cond_wait(&w->changed, &w->lock);
    m->next = NULL;
    if (w->tail)
        w->tail->next = m;
    else
        w->head = m;
    w->tail = m;
    w->queued++;
    w->queued_bytes += m->bytes;
    pthread_cond_broadcast(&w->changed);
    pthread_mutex_unlock(&w->lock);
}

static message *pop(ns_shard_writer *w)
{
    pthread_mutex_lock(&w->lock);
    while (!w->head)
        pthread_cond_wait(&w->changed, &w->lock);
    message *m = w->head;
    w->head = m->next;
    if (!w->head)
        w->tail = NULL;
    w->queued--;
    w->queued_bytes -= m->bytes;
    pthread_cond_broadcast(&w->changed);
    pthread_mutex_unlock(&w->lock);
    return m;
}

static void fail(ns_shard_writer *w, ns_status status, const ns_error *err)
{
    pthread_mutex_lock(&w->lock);
    if (w->status == NS_OK) {
        w->status = status;
        w->error = *err;
    }
    pthread_mutex_unlock(&w->lock);
}

static bool failed(ns_shard_writer *w)
{
    pthread_mutex_lock(&w->lock);
    bool f = w->status != NS_OK;
    pthread_mutex_unlock(&w->lock);
    return f;
}

static void count(ns_shard_writer *w, size_t *counter)
{
    pthread_mutex_lock(&w->lock);
    (*counter)++;
    pthread_mutex_unlock(&w->lock);
}

static void keep(ns_shard_writer *w, const char *file_key, ns_docid docid)
{
    void **slot = ns_strmap_slot(&w->kept, file_key, strlen(file_key));
    if (!*slot)
        *slot = ns_xcalloc(1, sizeof(kept_docs));
    kept_docs *k = *slot;
    k->ids = ns_xgrow(k->ids, &k->cap, k->len + 1, sizeof *k->ids);
    if (k->len == 0)
        w->files_kept++;
    k->ids[k->len++] = docid;
}

static ns_status write_article(ns_shard_writer *w, message *m, ns_error *err)
{
    const ns_article *a = &m->article;
    ns_schema_term(&w->term, NS_PREFIX_ID, a->id, strlen(a->id));
    ns_docid existing = 0;
    char *old_hash = NULL;
    ns_status st = ns_xdb_find(w->shard, w->term.data, &existing, err);
    if (st == NS_OK && existing)
        st = ns_xdb_get_value(w->shard, existing, NS_SLOT_CONTENT_HASH, &old_hash, NULL, err);
    if (st == NS_OK && existing && strcmp(old_hash, m->content_hash) == 0) {
        keep(w, m->file_key, existing);
        count(w, &w->counts.unchanged);
    } else if (st == NS_OK) {
        ns_record_pack(w->packer, m->record, m->record_len, &w->packed);
        ns_document_meta meta = {
            .file_key = m->file_key,
            .packed_record = w->packed.data,
            .packed_len = w->packed.len,
            .content_hash = m->content_hash,
            .story = m->story[0] ? m->story : NULL,
            .fingerprint = m->fingerprint_len ? m->fingerprint : NULL,
            .fingerprint_len = m->fingerprint_len,
            .grouped = m->grouped,
            .stories = w->stories,
            .generation = m->generation,
        };
        /* The document carries its Q term (document.c), and we know
         * whether it exists: no second lookup in Xapian. */
        ns_xdoc *doc = ns_document_build(a, &meta);
        ns_docid docid = existing;
        st = existing ? ns_xdb_replace_docid(w->shard, existing, doc, err)
                      : ns_xdb_add(w->shard, doc, &docid, err);
        ns_xdoc_free(doc);
        if (st == NS_OK) {
            keep(w, m->file_key, docid);
            count(w, existing ? &w->counts.updated : &w->counts.added);
        }
        /* The story's first member may be in any shard.  Its writer has
         * written it already: the story could not be found before. */
        for (size_t k = 0; st == NS_OK && meta.now_grouped && k < w->n_peers; k++) {
            message *g = new_message(MSG_GROUP, NULL);
            memcpy(g->story, meta.story_found, sizeof g->story);
            push(w->peers[k], g);
        }
    }
    free(old_hash);
    return st;
}

static int collect_docid(void *ctx, ns_docid docid)
{
    kept_docs *d = ctx;
    d->ids = ns_xgrow(d->ids, &d->cap, d->len + 1, sizeof *d->ids);
    d->ids[d->len++] = docid;
    return 0;
}

static int compare_docids(const void *a, const void *b)
{
    ns_docid x = *(const ns_docid *)a, y = *(const ns_docid *)b;
    return x < y ? -1 : x > y;
}

/* Remove the file's documents that were not written again this run. */
static ns_status end_file(ns_shard_writer *w, const char *file_key, ns_error *err)
{
    kept_docs *kept = ns_strmap_get(&w->kept, file_key, strlen(file_key));
    kept_docs before = { 0 };
    ns_schema_term(&w->term, NS_PREFIX_FILE, file_key, strlen(file_key));
    ns_status st = ns_xdb_each_posting(w->shard, w->term.data, collect_docid, &before, err);
    if (kept && kept->len > 1)
        qsort(kept->ids, kept->len, sizeof *kept->ids, compare_docids);
    for (size_t i = 0; st == NS_OK && i < before.len; i++) {
        if (kept && bsearch(&before.ids[i], kept->ids, kept->len, sizeof *kept->ids,
                            compare_docids))
            continue;
        st = ns_xdb_delete_docid(w->shard, before.ids[i], err);
        if (st == NS_OK)
            count(w, &w->counts.removed);
    }
    free(before.ids);
    if (kept) {
        free(kept->ids);
        kept->ids = NULL;
        if (kept->len)
            w->files_kept--;
        kept->len = kept->cap = 0;
    }
    return st;
}

static ns_status drop_file(ns_shard_writer *w, const char *file_key, ns_error *err)
{
    ns_schema_term(&w->term, NS_PREFIX_FILE, file_key, strlen(file_key));
    uint32_t articles = 0;
    ns_status st = ns_xdb_term_freq(w->shard, w->term.data, &articles, err);
    if (st == NS_OK && articles)
        st = ns_xdb_delete_term(w->shard, w->term.data, err);
    for (uint32_t i = 0; st == NS_OK && i < articles; i++)
        count(w, &w->counts.removed);
    return st;
}

static void free_kept(void *value)
{
    kept_docs *k = value;
    if (k)
        free(k->ids);
    free(k);
}

static void *run(void *arg)
{
    ns_shard_writer *w = arg;
    for (;;) {
        message *m = pop(w);
        ns_error err;
        ns_status st = NS_OK;
        bool skip = failed(w);
        switch (m->kind) {
        case MSG_ARTICLE:
            if (!skip)
                st = write_article(w, m, &err);
            break;
        case MSG_END_FILE:
            if (!skip)
                st = end_file(w, m->file_key, &err);
            /* A new part makes the document ids kept so far invalid, so
             * it waits for a moment between files. */
            if (!skip && st == NS_OK && w->files_kept == 0)
                st = ns_index_next_part(w->index, w->shard_number, &err);
            break;
        case MSG_DROP_FILE:
            if (!skip)
                st = drop_file(w, m->file_key, &err);
            break;
        case MSG_COMMIT:
            if (!skip)
                st = ns_xdb_commit(w->shard, &err);
            break;
        case MSG_GROUP:
            if (!skip)
                st = ns_document_mark_grouped(w->shard, m->story, &err);
            break;
        case MSG_QUIT:
            break;
        }
        if (st != NS_OK)
            fail(w, st, &err);
        message_kind kind = m->kind;
        ns_article_clear(&m->article);
        free(m->record);
        free(m);
        if (kind == MSG_COMMIT) {
            pthread_mutex_lock(&w->lock);
            w->commits_done++;
            pthread_cond_broadcast(&w->changed);
            pthread_mutex_unlock(&w->lock);
        }
        if (kind == MSG_QUIT)
            return NULL;
    }
}

ns_status ns_shard_writer_start(ns_index_writers *index, unsigned k, ns_stories *stories,
                                ns_shard_writer **out, ns_error *err)
{
    ns_shard_writer *w = ns_xcalloc(1, sizeof *w);
    w->index = index;
    w->shard_number = k;
    w->shard = index->shards[k];
    w->stories = stories;
    w->packer = ns_record_packer_new();
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->changed, NULL);
    if (pthread_create(&w->thread, NULL, run, w) != 0) {
        pthread_mutex_destroy(&w->lock);
        pthread_cond_destroy(&w->changed);
        ns_record_packer_free(w->packer);
        free(w);
        return ns_error_set(err, NS_ERR_INTERNAL, "cannot start a writer thread");
    }
    *out = w;
    return NS_OK;
}

static message *new_message(message_kind kind, const char *file_key)
{
    message *m = ns_xcalloc(1, sizeof *m);
    m->kind = kind;
    if (file_key)
        snprintf(m->file_key, sizeof m->file_key, "%s", file_key);
    return m;
}

void ns_shard_writer_put(ns_shard_writer *w, ns_article *article, const ns_shard_article *meta)
{
    message *m = new_message(MSG_ARTICLE, meta->file_key);
    m->article = *article;
    ns_article_init(article);
    m->record = meta->record;
    m->record_len = meta->record_len;
    m->bytes = (m->article.title ? strlen(m->article.title) : 0) +
               (m->article.body ? strlen(m->article.body) : 0) + m->record_len;
    snprintf(m->content_hash, sizeof m->content_hash, "%s", meta->content_hash);
    if (meta->story)
        snprintf(m->story, sizeof m->story, "%s", meta->story);
    m->grouped = meta->grouped;
    m->generation = meta->generation;
    if (meta->fingerprint && meta->fingerprint_len <= sizeof m->fingerprint) {
        memcpy(m->fingerprint, meta->fingerprint, meta->fingerprint_len);
        m->fingerprint_len = meta->fingerprint_len;
    }
    push(w, m);
}

void ns_shard_writer_end_file(ns_shard_writer *w, const char *file_key)
{
    push(w, new_message(MSG_END_FILE, file_key));
}

void ns_shard_writer_drop_file(ns_shard_writer *w, const char *file_key)
{
    push(w, new_message(MSG_DROP_FILE, file_key));
}

void ns_shard_writer_ask_commit(ns_shard_writer *w)
{
    pthread_mutex_lock(&w->lock);
    w->commits_asked++;
    pthread_mutex_unlock(&w->lock);
    push(w, new_message(MSG_COMMIT, NULL));
}

ns_status ns_shard_writer_wait_commit(ns_shard_writer *w, ns_error *err)
{
    pthread_mutex_lock(&w->lock);
    while (w->commits_done < w->commits_asked)
        pthread_cond_wait(&w->changed, &w->lock);
    ns_status st = w->status;
    if (st != NS_OK && err)
        *err = w->error;
    pthread_mutex_unlock(&w->lock);
    return st;
}

void ns_shard_writer_set_peers(ns_shard_writer *w, ns_shard_writer *const *peers, size_t n)
{
    w->peers = peers;
    w->n_peers = n;
}

bool ns_shard_writer_failed(ns_shard_writer *w)
{
    return failed(w);
}

void ns_shard_writer_counts(ns_shard_writer *w, ns_shard_counts *counts)
{
    pthread_mutex_lock(&w->lock);
    *counts = w->counts;
    pthread_mutex_unlock(&w->lock);
}

void ns_shard_writer_stop(ns_shard_writer *w, ns_shard_counts *final)
{
    if (!w)
        return;
    push(w, new_message(MSG_QUIT, NULL));
    pthread_join(w->thread, NULL);
    if (final)
        ns_shard_writer_counts(w, final);
    while (w->head) {
        message *m = w->head;
        w->head = m->next;
        ns_article_clear(&m->article);
        free(m->record);
        free(m);
    }
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->changed);
    ns_strmap_free(&w->kept, free_kept);
    ns_buf_free(&w->term);
    ns_buf_free(&w->packed);
    ns_record_packer_free(w->packer);
    free(w);
}
