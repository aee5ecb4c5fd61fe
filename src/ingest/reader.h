/* Format readers: one per format, behind one small interface, so that a
 * new format is a new file and a line in the table in reader.c.
 *
 * A reader turns the bytes of one file (already valid UTF-8) into
 * articles.  It fills what the format says (title, body, outlet, date,
 * credits, url, id); ns_read_file() then gives every article what the
 * reader left out: a stable id, a source ("path#N"), and the reference
 * time as its date when it has none.  People are extracted later, over the
 * whole file (src/extract/people.h).
 */
#ifndef NS_INGEST_READER_H
#define NS_INGEST_READER_H

#include <stddef.h>
#include <stdint.h>

#include "newssearch/article.h"
#include "newssearch/status.h"

/* A problem in part of a file that the reader skipped and went on from:
 * line is 0 when it has none. */
typedef void (*ns_warn_fn)(void *ctx, const char *path, size_t line, const char *message);

typedef struct ns_read_context {
    const char *path;           /* as given to `index`, for messages and sources */
    const char *identity;       /* the file's real path, what derived ids hash */
    int64_t reference_time;     /* crawl time, else the file's modification time */
    ns_date_source reference_source;   /* NS_DATE_CRAWL or NS_DATE_FILE_TIME */
    ns_warn_fn warn;
    void *warn_ctx;
} ns_read_context;

/* How sure a reader is that a file is its format. */
typedef enum ns_sniff {
    NS_SNIFF_NO = 0,
    NS_SNIFF_BY_NAME = 1,       /* the file name fits */
    NS_SNIFF_BY_CONTENT = 2     /* the content shows it */
} ns_sniff;

typedef struct ns_reader {
    const char *name;
    /* head is the start of the file (up to NS_SNIFF_BYTES). */
    ns_sniff (*sniff)(const char *path, const char *head, size_t len);
    /* Append the file's articles to out.  Recoverable problems go to
     * ctx->warn; a file with nothing readable fails with NS_ERR_INPUT and
     * a message that says why. */
    ns_status (*read)(const ns_read_context *ctx, const char *text, size_t len,
                      ns_article_list *out, ns_error *err);
} ns_reader;

#define NS_SNIFF_BYTES 8192

extern const ns_reader ns_reader_page;
extern const ns_reader ns_reader_plain;
extern const ns_reader ns_reader_json;

/* The reader for a file, chosen by content first and name second; NULL
 * when none fits. */
const ns_reader *ns_reader_choose(const char *path, const char *head, size_t len);

/* The reader called name, or NULL (also for a NULL name). */
const ns_reader *ns_reader_by_name(const char *name);

/* Titles longer than this keep their first words; the rest is put at the
 * start of the body (with a warning). */
#define NS_TITLE_MAX_BYTES 500

/* Read one file into out (appended): choose a reader (NS_ERR_UNSUPPORTED
 * when none fits), refuse binary and empty files (NS_ERR_INPUT, saying
 * why), make the text valid UTF-8 (counting replaced bytes in a warning),
 * read it, and complete each article as described above, cutting an
 * overlong title (NS_TITLE_MAX_BYTES).  *format receives the reader's name (or
 * NULL).  On failure out is left as it was. */
ns_status ns_read_file(const ns_read_context *ctx, const char *data, size_t len,
                       ns_article_list *out, const char **format, ns_error *err);

/* Shared helpers for readers. */

/* A copy of text[0..len) with leading and trailing white space removed. */
char *ns_trimmed_copy(const char *text, size_t len);

#endif
