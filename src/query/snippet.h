/* Snippets and highlighting: which words of a text a query matched, and
 * the best short passage to show for it.  Matching follows the index: a
 * query word matches words with the same stem, a phrase or NEAR word the
 * same word, a wildcard the words it starts. */
#ifndef NS_QUERY_SNIPPET_H
#define NS_QUERY_SNIPPET_H

#include <stddef.h>

#include "index/terms.h"
#include "query/parse.h"

typedef struct ns_highlighter ns_highlighter;

/* What to highlight for a query (the words of its text and title parts).
 * terms must outlive the highlighter. */
ns_highlighter *ns_highlighter_new(const ns_qnode *root, ns_terms *terms);
void ns_highlighter_free(ns_highlighter *h);

typedef struct ns_span {
    size_t start;     /* byte offset */
    size_t len;       /* bytes */
} ns_span;

typedef struct ns_snippet {
    char *text;       /* white space collapsed; "…" where the text was cut */
    ns_span *spans;   /* matched words in text, in order */
    size_t n_spans;
} ns_snippet;

/* The passage of about max_words words with the most matches (the start
 * of the text when nothing matches), within the first
 * NS_SNIPPET_SCAN_BYTES of the text. */
#define NS_SNIPPET_SCAN_BYTES (512 * 1024)
void ns_snippet_make(ns_highlighter *h, const char *text, size_t max_words, ns_snippet *out);
void ns_snippet_clear(ns_snippet *snippet);

#endif
