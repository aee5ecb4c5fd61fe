/* An article as an index document, following the schema (schema.h):
 * positional and stemmed terms for title and body, boolean terms for the
 * fields, values for sorting and facets, and the record as data. */
#ifndef NS_INDEX_DOCUMENT_H
#define NS_INDEX_DOCUMENT_H

#include "index/terms.h"
#include "newssearch/article.h"
#include "xapian/xdb.h"

/* What the indexer knows of an article beyond the article itself. */
typedef struct ns_document_meta {
    const char *file_key;       /* the file it came from, or NULL */
    const char *packed_record;  /* its packed record (record.h) */
    size_t packed_len;
    const char *content_hash;   /* to recognise it unchanged next time */
    const char *story;          /* its story id (stories.h) */
    const char *fingerprint;    /* the stored fingerprint value, or NULL */
    size_t fingerprint_len;
    uint64_t generation;        /* the index generation it is written in (schema.h) */
} ns_document_meta;

/* The document for an article.  Caller frees with ns_xdoc_free(). */
ns_xdoc *ns_document_build(ns_terms *terms, const ns_article *article,
                           const ns_document_meta *meta);

#endif
