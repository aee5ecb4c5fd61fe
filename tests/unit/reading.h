/* What the reader tests (test_readers, test_formats) share: a read context
 * whose warnings are collected in `seen`, and files of the source tree. */
#ifndef NS_TESTS_READING_H
#define NS_TESTS_READING_H

#include <stddef.h>
#include <stdint.h>

#include "ingest/reader.h"
#include "util/buf.h"

/* The crawl time of every test read: 2025-08-09T10:00:00Z. */
#define REFERENCE INT64_C(1754733600)

typedef struct warnings {
    ns_buf text;   /* "path:line: message\n" each */
    int count;
} warnings;

/* The warnings of the latest read_context()'s reads. */
extern warnings seen;

/* A context for reading path as crawled at REFERENCE; empties `seen`. */
ns_read_context read_context(const char *path);

/* The file at relative (to $top_srcdir), whole; fails the test when it
 * cannot be read.  The caller frees it. */
char *load(const char *relative, size_t *len);

#endif
