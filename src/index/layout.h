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
 *                    stub, as xapian-tcpsrv remote shards); a shard is
 *                    itself a stub listing its parts:
 *   DIR/shard-N/part-G/  a Xapian database of the shard's articles
 *
 * The number of shards is fixed when the index is made (the number of
 * processors, at least 2 and at most NS_MAX_SHARDS).
 *
 * Parts keep indexing time linear in the size of the index: Xapian merges
 * each batch of new documents into B-trees that grow with the database
 * (every flush rewrites the blocks of every term it touches), so a
 * million articles written to one database cost 1.7 times as much per
 * article as a hundred thousand did.  New articles go to a shard's last
 * part; once it holds NS_PART_DOCUMENTS articles, a new part is started
 * (between two files) (G counts up, never reused); at the end of a run that leaves
 * a shard more than NS_MAX_PARTS parts, they are merged into one with
 * Xapian's compaction, which writes each table once, in order.  A part's
 * articles stay writable for as long as it exists (a changed article is
 * replaced where it is).
 *
 * The stubs are the commit points: each is written whole and renamed into
 * place, and only then is a merged part's predecessor removed, so that a
 * crash leaves either the old parts or the new one listed, and a part
 * directory no stub lists (a crash's leftover) is removed when the index
 * is next opened for writing.  A reader that opened the old list reads
 * on until it reopens (ns_xdb_reopen() sees the stub change).
 */
#ifndef NS_INDEX_LAYOUT_H
#define NS_INDEX_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "newssearch/status.h"
#include "xapian/xdb.h"

#define NS_MAX_SHARDS 16
/* Articles a shard's part takes before a new part is started (the
 * environment's NEWSSEARCH_PART_DOCUMENTS, when set, instead: tests use
 * small parts), and the parts a shard may end a run with unmerged. */
#define NS_PART_DOCUMENTS 50000
#define NS_MAX_PARTS 4

/* Open an index for reading, as one database, its schema checked. */
ns_status ns_index_open_read(const char *dir, ns_xdb **db, ns_error *err);

/* A shard's parts, by number, in the order its stub lists them. */
typedef struct ns_index_parts {
    unsigned *numbers;
    size_t len, cap;
} ns_index_parts;

typedef struct ns_index_writers {
    char *dir;
    ns_xdb *meta;
    ns_xdb *shards[NS_MAX_SHARDS];
    ns_index_parts parts[NS_MAX_SHARDS];
    unsigned n_shards;
    uint32_t part_documents;
} ns_index_writers;

/* Open every part of an index for writing, making the index when DIR has
 * none.  Each part takes Xapian's writer lock: a second writer fails with
 * NS_ERR_DB_LOCKED. */
ns_status ns_index_open_write(const char *dir, unsigned flush_threshold, ns_index_writers *out,
                              ns_error *err);
/* When shard k's last part is full, start a new one, where new documents
 * go from now (its articles so far are committed with the next commit).
 * It makes the shard's document ids handed out before invalid: the caller
 * holds none.  Called by the shard's writer alone. */
ns_status ns_index_next_part(ns_index_writers *writers, unsigned k, ns_error *err);
/* At the end of a successful run, with every shard committed and no
 * writer left: merge the parts of each shard that has more than
 * NS_MAX_PARTS, and drop an empty last part.  The shards it touches are
 * closed.  *parts_merged and *shards_merged (either may be NULL) receive
 * how many parts were merged in how many shards. */
ns_status ns_index_tidy_parts(ns_index_writers *writers, size_t *parts_merged,
                              size_t *shards_merged, ns_error *err);
/* Close every part (Xapian commits what is pending).  Accepts a zeroed or
 * half-opened set. */
void ns_index_close_write(ns_index_writers *writers);

/* The shard an article id belongs to. */
unsigned ns_index_shard_of(const char *id, unsigned n_shards);

#endif
