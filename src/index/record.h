/* The stored record: an article as kept in the index, so that `show` and
 * snippets need no other file and the source files can move: a compact
 * binary form (record.c), compressed with zstd into the value slot
 * NS_SLOT_RECORD.  (Not the
 * document data: Xapian deflates that at level 6, document by document,
 * which cost a tenth of all indexing time; zstd at level 1 costs a
 * fraction of it for the same size.)
 * Every field of the article is kept, "people_given" (how many of the
 * people the source itself named, which re-extraction keeps) among them.
 */
#ifndef NS_INDEX_RECORD_H
#define NS_INDEX_RECORD_H

#include <stddef.h>

#include "newssearch/article.h"
#include "newssearch/status.h"
#include "util/buf.h"
#include "xapian/xdb.h"

/* The record of an article, written to out (reset first). */
void ns_record_encode(const ns_article *article, ns_buf *out);

/* The hash that tells a changed article from an unchanged one: of the
 * record and the file it came from (16 hex digits and a NUL). */
void ns_record_hash(const char *record, size_t len, const char *file_key, char out[17]);

/* The packed (compressed) form of a record, written to out (reset first).
 * A packer holds the compressor's state: one per thread. */
typedef struct ns_record_packer ns_record_packer;
ns_record_packer *ns_record_packer_new(void);
void ns_record_packer_free(ns_record_packer *packer);
void ns_record_pack(ns_record_packer *packer, const char *record, size_t len, ns_buf *out);

/* An article from its packed record; out is initialised by the call.
 * NS_ERR_DB_CORRUPT when it is not one. */
ns_status ns_record_unpack(const char *packed, size_t len, ns_article *out, ns_error *err);

/* The article of a document. */
ns_status ns_record_load(ns_xdb *db, ns_docid docid, ns_article *out, ns_error *err);

/* An article from a record; out is initialised by the call and the caller
 * clears it.  NS_ERR_DB_CORRUPT when the data is not a record.  The
 * article's format points to a static string. */
ns_status ns_record_decode(const char *data, size_t len, ns_article *out, ns_error *err);

#endif
