/* Close spellings from the index's own vocabulary: the words of its text
 * (plain words and the words of their written variants, see schema.h)
 * within an edit distance of a word.  One pass over the term list, no
 * spelling dictionary to keep at index time (see docs/features.md
 * for why).  What word~ expands to and what "did you mean" suggests. */
#ifndef NS_QUERY_SPELLING_H
#define NS_QUERY_SPELLING_H

#include <stddef.h>
#include <stdint.h>

#include "newssearch/status.h"
#include "xapian/xdb.h"

#define NS_SPELLING_MAX_DISTANCE 2

typedef struct ns_spelling {
    char *word;          /* normalised, as the index spells it */
    char *written;       /* its most frequent written form ("Zelenskyy") */
    uint32_t freq;       /* documents with the plain word plus those with each variant */
    unsigned distance;   /* edits from the word asked about */
} ns_spelling;

typedef struct ns_spelling_list {
    ns_spelling *items;  /* closest first, then most frequent, then by word */
    size_t len, cap;
} ns_spelling_list;

/* Edits (insertions, deletions, substitutions and swaps of two neighbours,
 * counted in characters) between a and b, or max + 1 when more than max. */
unsigned ns_edit_distance(const char *a, size_t a_len, const char *b, size_t b_len, unsigned max);

/* The index's words within max_distance edits of word (a normalised
 * word), the word itself included (distance 0) when the index has it. */
ns_status ns_spelling_near(ns_xdb *db, const char *word, unsigned max_distance,
                           ns_spelling_list *out, ns_error *err);
void ns_spelling_list_clear(ns_spelling_list *list);

/* Fill in the expansions of the fuzzy words of a query tree: the index's
 * words within each one's distance. */
struct ns_qnode;
ns_status ns_spelling_expand_query(ns_xdb *db, struct ns_qnode *root, ns_error *err);

#endif
