/* A shard writer: a thread that owns one shard of the index and writes
 * the articles the indexer hands it, so that shards are written in
 * parallel.  The indexer (one thread) reads, extracts and decides; each
 * writer builds documents, tells unchanged articles from changed ones,
 * and talks to Xapian for its shard alone.  Messages are taken in the
 * order they are put; put blocks while the writer's queue is full, which
 * bounds memory.
 *
 * After a failure a writer does no more work (it still takes messages)
 * and reports the failure at the next commit.
 */
#ifndef NS_INDEX_WRITER_H
#define NS_INDEX_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "index/layout.h"
#include "index/stories.h"
#include "newssearch/article.h"
#include "newssearch/status.h"
#include "xapian/xdb.h"

typedef struct ns_shard_writer ns_shard_writer;

/* What a writer has done so far (read at any time). */
typedef struct ns_shard_counts {
    size_t added;
    size_t updated;
    size_t unchanged;
    size_t removed;
} ns_shard_counts;

/* Start a writer for shard k of an index open for writing; the writers of
 * an index share it and its stories (both borrowed until the writer is
 * stopped).  The writer commits its shard through the layout, which may
 * start a new part of it then (layout.h). */
ns_status ns_shard_writer_start(ns_index_writers *index, unsigned k, ns_stories *stories,
                                ns_shard_writer **writer, ns_error *err);

/* An article to write: the writer takes the article's contents (the
 * caller's article is left cleared) and the record (freed by the writer). */
typedef struct ns_shard_article {
    const char *file_key;
    char *record;                /* its bytes (record.h) */
    size_t record_len;
    const char *content_hash;
    /* The story to keep (with its fingerprint value, or NULL), or NULL
     * for the writer to find from the article's body. */
    const char *story;
    const char *fingerprint;
    size_t fingerprint_len;
    bool grouped;                /* with a story to keep: its grouped mark */
    uint64_t generation;         /* the index generation it is written in (schema.h) */
} ns_shard_article;
void ns_shard_writer_put(ns_shard_writer *w, ns_article *article, const ns_shard_article *meta);

/* The writers of the index (this one among them), to which a writer
 * tells that a story has become a group; set before the first put. */
void ns_shard_writer_set_peers(ns_shard_writer *w, ns_shard_writer *const *peers, size_t n);

/* Every article of the file has been put: remove the file's earlier
 * articles that were not put again. */
void ns_shard_writer_end_file(ns_shard_writer *w, const char *file_key);
/* Remove every article of a file (it is gone from disk). */
void ns_shard_writer_drop_file(ns_shard_writer *w, const char *file_key);

/* Commit: ask (returns at once, so that shards commit in parallel), then
 * wait for it; wait returns the first failure since the last commit. */
void ns_shard_writer_ask_commit(ns_shard_writer *w);
ns_status ns_shard_writer_wait_commit(ns_shard_writer *w, ns_error *err);

bool ns_shard_writer_failed(ns_shard_writer *w);
void ns_shard_writer_counts(ns_shard_writer *w, ns_shard_counts *counts);

/* Finish what is queued (without committing it), end the thread and free
 * the writer; *final (when not NULL) receives what it did in all.
 * Accepts NULL. */
void ns_shard_writer_stop(ns_shard_writer *w, ns_shard_counts *final);

#endif
