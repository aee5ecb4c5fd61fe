/* Snippets, highlighting, match reports and contexts: which words of a
 * text a query matched.  Matching follows the index: a query word matches
 * words with the same stem, a phrase or NEAR word the same word, a
 * wildcard the words it starts, an exact word (=U.S.) the same surface
 * form, a fuzzy word (word~) the stems of its expansions.  A phrase
 * matches only whole; a NEAR or ADJ group makes one passage of the words
 * that satisfy it together. */
#ifndef NS_QUERY_SNIPPET_H
#define NS_QUERY_SNIPPET_H

#include <stddef.h>
#include <stdint.h>

#include "index/terms.h"
#include "newssearch/article.h"
#include "newssearch/strlist.h"
#include "query/parse.h"

typedef struct ns_highlighter ns_highlighter;

/* What to highlight for a query (the words of its text and title parts;
 * fuzzy words need their expansions).  terms and root must outlive the
 * highlighter. */
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

/* Snippets, --why counts and --context passages look at the first
 * NS_SNIPPET_SCAN_BYTES of a text only, so that a search stays quick when
 * it finds a 50 MB article (the search itself finds words anywhere). */
#define NS_SNIPPET_SCAN_BYTES (512 * 1024)

/* The passage of about max_words words with the most matches (the start
 * of the text when nothing matches). */
void ns_snippet_make(ns_highlighter *h, const char *text, size_t max_words, ns_snippet *out);
void ns_snippet_clear(ns_snippet *snippet);

/* Every matched word of text (as ns_snippet_make marks them), as spans
 * of text itself: nothing is cut or collapsed, for showing a whole
 * article.  in_title: whether parts limited to the title (title:word)
 * count.  *spans is the caller's to free (NULL when nothing matches). */
void ns_highlight_text(ns_highlighter *h, const char *text, bool in_title, ns_span **spans,
                       size_t *n_spans);
/* What one part of a query matched in an article (--why). */
typedef struct ns_match {
    char *part;            /* the query part: ceasefire, "no invasion", cease*, =U.S.,
                              outlet = abc-news */
    char *field;           /* title, body, or the filter's field */
    uint32_t count;        /* times it matched there (1 for a filter) */
    ns_strlist quotes;     /* the first few matches, with words around them;
                              for a filter, the article's value */
} ns_match;

typedef struct ns_match_list {
    ns_match *items;
    size_t len, cap;
} ns_match_list;

/* What each text part of the query matched in the title and body, and
 * which filters the article passed. */
void ns_why(ns_highlighter *h, const ns_article *article, ns_match_list *out);
void ns_match_list_clear(ns_match_list *list);

/* Every match with `words` words on each side, grep-style: matches closer
 * than that share a passage; a phrase and a NEAR group's window are one
 * highlighted unit. */
typedef struct ns_passage {
    const char *field;     /* "title" or "body" (static) */
    uint32_t position;     /* word number of the passage's first match, from 1 */
    ns_snippet text;
} ns_passage;

void ns_contexts(ns_highlighter *h, const ns_article *article, size_t words, ns_passage **out,
                 size_t *n_out);
void ns_passages_free(ns_passage *passages, size_t n);

#endif
