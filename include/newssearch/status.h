/* newssearch: status codes, error reports and the ownership convention.
 *
 * This header is the one place where the project's conventions are written
 * down; every module follows them.
 *
 * Errors
 *   Every fallible function returns an ns_status.  NS_OK is zero; everything
 *   else is a failure.  Functions that can say more take an `ns_error *err`
 *   (which may be NULL) and fill it with the status and a one-line message
 *   meant for a person: it names the file, line or query part at fault.
 *   A function that fails leaves its out-parameters untouched unless it says
 *   otherwise.
 *
 * Ownership
 *   - A `char *` or object returned through an out-parameter or as a return
 *     value belongs to the caller.  Strings are freed with free(); objects
 *     with their own ns_<type>_free(), which always accepts NULL.
 *   - `const char *` results are borrowed: valid until the object they came
 *     from is changed or freed.
 *   - Arguments are borrowed for the duration of the call; a function that
 *     keeps one copies it.
 *   - Constructors clean up their own partial work when they fail.
 *
 * Memory
 *   Ordinary allocations go through ns_xmalloc() and friends (src/util/mem.h),
 *   which end the program with "newssearch: out of memory" rather than
 *   returning NULL, as git and jq do: no caller checks for NULL after them.
 *   NS_ERR_NOMEM is kept for failures reported from below (std::bad_alloc in
 *   the Xapian layer).
 */
#ifndef NEWSSEARCH_STATUS_H
#define NEWSSEARCH_STATUS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ns_status {
    NS_OK = 0,
    NS_ERR_NOMEM,        /* out of memory */
    NS_ERR_USAGE,        /* bad command-line use */
    NS_ERR_QUERY,        /* a query that cannot be understood */
    NS_ERR_IO,           /* a file could not be read or written */
    NS_ERR_INPUT,        /* input that is not what its format promises */
    NS_ERR_UNSUPPORTED,  /* a file in no format newssearch reads */
    NS_ERR_DB_MISSING,   /* no index at the given place */
    NS_ERR_DB_LOCKED,    /* another writer holds the index */
    NS_ERR_DB_CORRUPT,   /* the index is damaged or not an index */
    NS_ERR_DB_VERSION,   /* the index was made by an incompatible version */
    NS_ERR_DB_MODIFIED,  /* the index changed under a reader; reopen */
    NS_ERR_DISK_FULL,    /* no space left to write the index */
    NS_ERR_NOT_FOUND,    /* no such article */
    NS_ERR_INTERRUPTED,  /* stopped by a signal, work so far committed */
    NS_ERR_TIME_LIMIT,   /* a search ran past the time it was given */
    NS_ERR_INTERNAL      /* a bug: an unexpected failure below us */
} ns_status;

#define NS_ERROR_MESSAGE_MAX 512

typedef struct ns_error {
    ns_status status;
    char message[NS_ERROR_MESSAGE_MAX];
} ns_error;

/* A short, stable name for a status ("query error", "index locked"). */
const char *ns_status_to_string(ns_status status);

/* Record a failure in err (when err is not NULL) and return status, so that
 * `return ns_error_set(err, NS_ERR_IO, "%s: %s", path, strerror(errno));`
 * reads as one step.  The message is truncated to fit. */
ns_status ns_error_set(ns_error *err, ns_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Reset err to NS_OK with an empty message.  Accepts NULL. */
void ns_error_clear(ns_error *err);

/* Exit status of the command line for a status, grep-style:
 * 2 usage and query errors, 3 database problems, 1 other failures. */
int ns_status_exit_code(ns_status status);

#ifdef __cplusplus
}
#endif

#endif
