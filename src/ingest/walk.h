/* Walking the paths given to `index`: files and directories, recursively,
 * in name order so that runs are reproducible.  Symbolic links are
 * followed; a link that leads back into a directory being walked is
 * reported as a loop rather than followed.  Hidden entries (names that
 * start with '.') inside directories are passed over and counted. */
#ifndef NS_INGEST_WALK_H
#define NS_INGEST_WALK_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

typedef struct ns_walk_callbacks {
    /* A regular file, with the path as reached from the given one. */
    void (*file)(void *ctx, const char *path, const struct stat *st);
    /* A path that cannot be walked, and why. */
    void (*problem)(void *ctx, const char *path, const char *why);
    void *ctx;
} ns_walk_callbacks;

/* Walk one given path.  Returns the number of hidden entries passed over. */
size_t ns_walk(const char *path, const ns_walk_callbacks *cb);

#endif
