/* An article as an index document, following the schema (schema.h):
 * positional and stemmed terms for title and body, boolean terms for the
 * fields, values for sorting and facets, and the record as data. */
#ifndef NS_INDEX_DOCUMENT_H
#define NS_INDEX_DOCUMENT_H

#include "index/terms.h"
#include "newssearch/article.h"
#include "xapian/xdb.h"

/* The document for an article read from the file whose key is file_key
 * (NULL when it has none); record is the article's encoded record
 * (record.h) and content_hash its hash, kept to recognise an unchanged
 * article.  Caller frees with ns_xdoc_free(). */
ns_xdoc *ns_document_build(ns_terms *terms, const ns_article *article, const char *file_key,
                           const char *record, const char *content_hash);

#endif
