/* The index on disk, and the one place that opens it.
 *
 *   DIR/XAPIANDB     a Xapian stub listing the parts below, so that
 *                    Xapian (and its tools: quest, xapian-delve) opens DIR
 *                    as one database
 *   DIR/meta/        a Xapian database with no documents: the schema
 *                    version, the recorded state of every indexed file,
 *                    and the other metadata (schema.h); listed first, so
 *                    that it answers metadata lookups on the whole index
 *   DIR/shard-N/     the documents, each article in the shard its id
 *                    hashes to, so that shards are written in parallel
 *                    (and can later move to other machines behind the
 *                    stub, as xapian-tcpsrv remote shards)
 *
 * The number of shards is fixed when the index is made (the number of
 * processors, at least 2 and at most NS_MAX_SHARDS).
 */
#ifndef NS_INDEX_LAYOUT_H
#define NS_INDEX_LAYOUT_H

#include "newssearch/status.h"
#include "xapian/xdb.h"

#define NS_MAX_SHARDS 16

/* Open an index for reading, as one database, its schema checked. */
ns_status ns_index_open_read(const char *dir, ns_xdb **db, ns_error *err);

typedef struct ns_index_writers {
    ns_xdb *meta;
    ns_xdb *shards[NS_MAX_SHARDS];
    unsigned n_shards;
} ns_index_writers;

/* Open every part of an index for writing, making the index when DIR has
 * none.  Each part takes Xapian's writer lock: a second writer fails with
 * NS_ERR_DB_LOCKED. */
ns_status ns_index_open_write(const char *dir, unsigned flush_threshold, ns_index_writers *out,
                              ns_error *err);
/* Close every part (Xapian commits what is pending).  Accepts a zeroed or
 * half-opened set. */
void ns_index_close_write(ns_index_writers *writers);

/* The shard an article id belongs to. */
unsigned ns_index_shard_of(const char *id, unsigned n_shards);

#endif
