/* Who holds an index.  Xapian's lock says that some writer has the index
 * open, not which: the writer records its process id in a small file in
 * the index directory once it holds the lock (and removes it as it
 * closes), and a second writer that finds the index locked reads it to say
 * "locked by another newssearch (pid N)".  Policy of the indexer, kept out
 * of the Xapian layer.
 */
#ifndef NS_INDEX_LOCKINFO_H
#define NS_INDEX_LOCKINFO_H

#include "newssearch/status.h"

/* The file's name inside the index directory. */
#define NS_LOCKINFO_FILE "newssearch-writer.pid"

/* Record this process as the index's writer.  Best effort: a writer that
 * cannot say who it is still writes. */
void ns_lockinfo_record(const char *db_path);

/* Remove the record, if it is this process's. */
void ns_lockinfo_clear(const char *db_path);

/* For an NS_ERR_DB_LOCKED error: name the writer in err's message when a
 * live newssearch process is recorded; otherwise leave err as it is. */
void ns_lockinfo_explain(const char *db_path, ns_error *err);

#endif
