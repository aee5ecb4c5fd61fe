/* How a query was read, for --explain: the tree in plain words, what
 * became of each word (folded, stemmed, expanded), and the Xapian query it
 * was built into. */
#ifndef NS_QUERY_EXPLAIN_H
#define NS_QUERY_EXPLAIN_H

#include <stddef.h>

#include "index/terms.h"
#include "newssearch/status.h"
#include "newssearch/strlist.h"
#include "query/parse.h"
#include "xapian/xdb.h"

/* Expansions listed by name; the count says how many there are in all. */
#define NS_EXPLAIN_EXPANSIONS 10

typedef struct ns_explain_word {
    char *written;          /* as typed (NFC): "Ceasefire", "cease*", "=U.S.", "Zelensky~" */
    const char *field;      /* "text" or "title" (static) */
    const char *match;      /* "stem", "word" (in a phrase or NEAR: folded, not
                               stemmed), "exact", "wildcard", "fuzzy" (static) */
    char *folded;           /* the normalised word: "ceasefire" */
    char *stem;             /* "stem" only: "ceasefir" */
    ns_strlist expansions;  /* wildcard, fuzzy, stem: the first NS_EXPLAIN_EXPANSIONS words
                               of the index it stands for */
    size_t n_expansions;    /* how many in all */
} ns_explain_word;

typedef struct ns_explanation {
    char *reading;          /* (ceasefire AND alaska) filtered by outlet = abc-news, ... */
    char *tree;             /* ns_query_describe() */
    char *xapian;           /* Xapian's own description of the query */
    ns_explain_word *words;
    size_t n_words;
} ns_explanation;

/* The tree as a reader reads it.  Caller frees. */
char *ns_query_reading(const ns_qnode *root);

/* db expands wildcards; fuzzy words must have their expansions. */
ns_status ns_explain(ns_xdb *db, ns_terms *terms, const ns_qnode *root, const ns_xquery *xquery,
                     ns_explanation **out, ns_error *err);
void ns_explanation_free(ns_explanation *e);

#endif
