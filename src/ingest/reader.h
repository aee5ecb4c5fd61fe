/* Format readers: one per format, behind one small interface, so that a
 * new format is a new file and a line in the table in reader.c.
 *
 * A reader turns the bytes of one file (already valid UTF-8, unless its
 * flags say otherwise) into articles.  It fills what the format says
 * (title, body, outlet, date, credits, url, id); ns_read_file() then
 * completes every article the same way, whatever its format:
 *   - the outlet in its canonical form (src/extract/outlet.h);
 *   - the credits found in the body (ns_credit_find_in_body()), and an
 *     agency given as a byline moved to the credits;
 *   - a date from the URL or a dateline when the reader found none
 *     (ns_article_guess_date()), else the reference time;
 *   - a stable id, a source ("path#N"), and valid UTF-8 everywhere.
 * People are extracted later, over the whole file (src/extract/people.h).
 *
 * Every reader's `read` takes any bytes without crashing: it is the entry
 * point of the fuzzing harnesses.
 */
#ifndef NS_INGEST_READER_H
#define NS_INGEST_READER_H

#include <stdbool.h>
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

/* What a reader takes, in ns_reader.flags. */
enum {
    /* The file's bytes as they are, not made UTF-8 first: formats that
     * declare their own encoding (HTML, XML).  Such a reader still gives
     * articles in UTF-8; ns_read_file() replaces what is not. */
    NS_READER_OWN_ENCODING = 1 << 0,
    /* A binary format (compressed archives): no binary-file check, and
     * the bytes as they are. */
    NS_READER_BINARY = 1 << 1
};

typedef struct ns_reader {
    const char *name;
    /* head is the start of the file (up to NS_SNIFF_BYTES). */
    ns_sniff (*sniff)(const char *path, const char *head, size_t len);
    /* Append the file's articles to out.  Recoverable problems go to
     * ctx->warn; a file with nothing readable fails with NS_ERR_INPUT and
     * a message that says why. */
    ns_status (*read)(const ns_read_context *ctx, const char *text, size_t len,
                      ns_article_list *out, ns_error *err);
    unsigned flags;
} ns_reader;

#define NS_SNIFF_BYTES 8192

extern const ns_reader ns_reader_page;
extern const ns_reader ns_reader_plain;
extern const ns_reader ns_reader_json;
extern const ns_reader ns_reader_html;
extern const ns_reader ns_reader_feed;
extern const ns_reader ns_reader_warc;

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

/* True when path ends with suffix, ignoring case. */
bool ns_path_has_suffix(const char *path, const char *suffix);

/* The date of an article that has no structured date: from its URL
 * ("/2025/08/09/"), else from a dateline at the start of its body
 * ("WASHINGTON, Aug 9 (Reuters) -", the year from reference).  Sets date
 * and date_source (NS_DATE_URL, NS_DATE_TEXT); false when neither gives a
 * date, and the article is left as it was. */
bool ns_article_guess_date(ns_article *article, int64_t reference);

/* Add the people of an author field ("By Jane Doe and John Roe", "Jane
 * Doe, John Roe") to the article's bylines; an agency named there
 * ("Reuters", "AP") is a credit instead.  Web addresses and e-mail
 * addresses are not names: "jane@example.com (Jane Doe)" is Jane Doe. */
void ns_article_add_authors(ns_article *article, const char *value);

/* Warn through ctx, formatted; line is 0 when there is none. */
void ns_read_warn(const ns_read_context *ctx, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
