/* The indexer: paths in, an up-to-date index out.
 *
 * Walks the given paths, reads each file with the reader for its format,
 * extracts people over the whole file, and writes one document per
 * article, keyed by the article's id, so that indexing the same files
 * again never duplicates anything.  A file whose size, modification time
 * and reference time are as recorded is not read again; a changed file's
 * articles are replaced, and those that vanished from it removed; with
 * `prune`, the articles of files that no longer exist under the given
 * paths are removed too.  Work is
 * committed at the end, when a stop is asked for (a signal), and by Xapian
 * as its batches fill; each commit is atomic.
 */
#ifndef NS_INDEX_INDEXER_H
#define NS_INDEX_INDEXER_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ingest/reader.h"
#include "newssearch/status.h"

typedef struct ns_index_counts {
    size_t files_total;        /* regular files found under the paths */
    size_t files_done;         /* of those, handled so far */
    size_t files_read;         /* read and indexed */
    size_t files_unchanged;    /* not read again: unchanged since the last run */
    size_t files_skipped;      /* could not be indexed (each reported) */
    size_t files_ignored;      /* in no format newssearch reads (each reported) */
    size_t paths_failed;       /* paths that could not be walked (each reported) */
    size_t hidden_skipped;     /* hidden entries passed over */
    size_t articles_added;
    size_t articles_updated;
    size_t articles_unchanged;
    size_t articles_removed;
    size_t files_pruned;       /* gone from disk, their articles removed (--prune) */
    size_t parts_merged;       /* shards' parts merged at the end (layout.h) */
    size_t shards_merged;      /* ... in so many shards */
    double merge_seconds;      /* ... taking so long */
    uint64_t bytes_read;
} ns_index_counts;

typedef struct ns_index_options {
    const char *db_path;
    const char *entities_path;      /* the user's people corrections, or NULL */
    bool has_crawled_at;
    int64_t crawled_at;             /* reference time for every file when set */
    bool prune;                     /* remove the articles of files gone from under the paths */
    /* Reports, all optional: */
    ns_warn_fn warn;                /* a problem inside a file that was still read */
    /* A file or path not indexed, and why; `problem` is false for files
     * that are simply not articles (a README, a photo). */
    void (*skipped)(void *ctx, const char *path, const char *reason, bool problem);
    void (*progress)(void *ctx, const ns_index_counts *counts);
    void *ctx;
    /* Set (by a signal handler) to stop: work so far is committed and
     * ns_index_paths() returns NS_ERR_INTERRUPTED. */
    volatile sig_atomic_t *stop;
} ns_index_options;

ns_status ns_index_paths(const ns_index_options *options, char *const *paths, size_t n_paths,
                         ns_index_counts *counts, ns_error *err);

/* Find the people of every indexed article again, from the stored
 * articles (no source file is read), with the current entity file; the
 * articles whose people change are rewritten (counted as updated), the
 * others counted unchanged.  Names the source itself gave are kept. */
ns_status ns_index_reextract(const ns_index_options *options, ns_index_counts *counts,
                             ns_error *err);

#endif
