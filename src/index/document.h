/* An article as an index document, following the schema (schema.h):
 * positional terms for title and body (no stemmed ones: schema.h), boolean terms for the
 * fields, values for sorting and facets, and the record as data. */
#ifndef NS_INDEX_DOCUMENT_H
#define NS_INDEX_DOCUMENT_H

#include "index/stories.h"
#include "newssearch/article.h"
#include "xapian/xdb.h"

/* What the indexer knows of an article beyond the article itself. */
typedef struct ns_document_meta {
    const char *file_key;       /* the file it came from, or NULL */
    const char *packed_record;  /* its packed record (record.h) */
    size_t packed_len;
    const char *content_hash;   /* to recognise it unchanged next time */
    /* Its story (stories.h): given with its stored fingerprint value (or
     * NULL) and whether it is grouped, to keep the one it has, or NULL to
     * find it here from the body's fingerprint in `stories`. */
    const char *story;
    const char *fingerprint;
    size_t fingerprint_len;
    bool grouped;
    ns_stories *stories;
    /* Out: the story's earlier member is to be marked grouped now
     * (ns_document_mark_grouped). */
    bool now_grouped;
    char story_found[NS_STORY_ID_LEN + 1];
    uint64_t generation;        /* the index generation it is written in (schema.h) */
} ns_document_meta;

/* The document for an article.  Caller frees with ns_xdoc_free(). */
ns_xdoc *ns_document_build(const ns_article *article, ns_document_meta *meta);

/* Mark the documents of a story in a shard grouped, when they are not yet:
 * its first member, once a copy has come. */
ns_status ns_document_mark_grouped(ns_xdb *shard, const char *story, ns_error *err);

#endif
