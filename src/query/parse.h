/* The query language: text in, a query tree out.
 *
 *   words                 all of them (the default operator is AND)
 *   a OR b, a AND b, a NOT b, a AND NOT b, a XOR b, +a, -a, ( ... )
 *   "a phrase", “curly”   words in this order
 *   a NEAR b, a NEAR/5 b  within 10 (or 5) words of each other, any order
 *   a ADJ b, a ADJ/5 b    the same, in this order
 *   cease*                words that start with "cease"
 *   title:word  title:"a phrase"  title:(a OR b)
 *   outlet:"ABC News"  outlet:abc-news  person:"Claudia Sheinbaum"
 *   person:Sheinbaum (anyone of that name)  credit:reuters
 *   date:2025  date:2025-08  date:2025-08-09  date:2025-08-01..2025-08-10
 *   date:..2025-08-10  date:2025-08-01..
 *   date:today  date:yesterday  date:"last week"  date:"this month"  date:7d
 *   date:2025-08-15..+3d  since:48h  since:yesterday   (see extract/dates.h)
 *   =word  ="exact phrase"  the surface form only: no stemming, no case or
 *                         accent folding (=U.S. ="Trump's")
 *   word~  word~1  word~2  the word and its close spellings in the index
 *                         (edit distance 1 or 2; plain ~ picks by length)
 *
 * Precedence, loosest first: juxtaposition (AND), OR, XOR, AND / NOT,
 * NEAR / ADJ; so `ceasefire Alaska OR Anchorage` is ceasefire AND (Alaska
 * OR Anchorage).  Operators are written in capitals; in lower case they
 * are words.  Field filters side by side combine as a filter: values of
 * one field OR together, different fields AND.
 *
 * Words go through the same tokeniser as the index (tokenize.h): a word
 * the tokeniser splits ("re-affirming", "10:30") becomes a phrase of its
 * parts, and punctuation alone is no word.  Parsing is lenient: an
 * unclosed quote or parenthesis closes at the end, a stray parenthesis
 * or an operator without an operand is dropped; each such repair is
 * reported as a note.  What cannot be read (a date such as 2025-13-45, a
 * query with no words, nesting deeper than NS_QUERY_MAX_DEPTH, more than
 * NS_QUERY_MAX_WORDS words or NS_QUERY_MAX_XORS XORs, text that is not
 * UTF-8) is an NS_ERR_QUERY with a message naming the part at fault.
 */
#ifndef NS_QUERY_PARSE_H
#define NS_QUERY_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "extract/dates.h"
#include "index/schema.h"
#include "newssearch/status.h"
#include "newssearch/strlist.h"

#define NS_QUERY_MAX_DEPTH 64
#define NS_QUERY_MAX_WORDS 1000
/* Each XOR is built from its operands twice (query/build.c), so a query's
 * size doubles with each one. */
#define NS_QUERY_MAX_XORS 3
#define NS_NEAR_DEFAULT_WINDOW 10

typedef enum ns_qkind {
    NS_Q_WORD,        /* words[0] in field (text or title), stemmed; exactly as
                         surfaces[0] when exact; its close spellings when fuzzy */
    NS_Q_PHRASE,      /* words in order in field (text or title); exact: surfaces */
    NS_Q_WILDCARD,    /* words starting with words[0], in field */
    NS_Q_FILTER,      /* a boolean field (outlet, person, credit) equal to value */
    NS_Q_DATE,        /* date within [first, last]; either end may be open */
    NS_Q_AND,
    NS_Q_OR,
    NS_Q_AND_NOT,     /* children[0] without any of the others */
    NS_Q_XOR,
    NS_Q_NEAR,        /* children within window words, any order */
    NS_Q_ADJ,         /* children within window words, in order */
    NS_Q_FILTERED,    /* children[0] restricted to children[1] (a filter group) */
    NS_Q_ALL          /* every article (what "-word" alone is taken from) */
} ns_qkind;

typedef struct ns_qnode {
    ns_qkind kind;
    ns_field field;
    ns_strlist words;          /* normalised words (WORD, PHRASE, WILDCARD) */
    ns_strlist surfaces;       /* the same words as written (NFC), one for one */
    bool exact;                /* WORD, PHRASE: =word, ="phrase" */
    unsigned fuzzy;            /* WORD: word~ edit distance (0: not fuzzy) */
    ns_strlist expansions;     /* WORD, fuzzy: the index's close spellings, filled
                                  in by ns_query_expand() before building */
    size_t at, len;            /* WORD, PHRASE, WILDCARD: where its words are
                                  in the query text (bytes) */
    char *value;               /* FILTER: the slug ("abc-news", "claudia-sheinbaum") */
    bool name_word;            /* FILTER on person: value is one word of a name */
    bool has_first, has_last;  /* DATE */
    int64_t first, last;
    bool date_unit;            /* DATE: a whole UTC day, month or year */
    bool relative;             /* DATE: resolved against the reference time */
    bool since;                /* DATE: written since:X (ANDs with date:) */
    unsigned window;           /* NEAR, ADJ */
    char *surface;             /* the query text it came from, for messages */
    struct ns_qnode **children;
    size_t n_children;
} ns_qnode;

typedef struct ns_query {
    ns_qnode *root;
    ns_strlist notes;          /* repairs made while parsing, for the user */
} ns_query;

/* What parsing depends on beyond the text.  dates.has_now false makes
 * relative dates an error; fuzzy reads every plain word as word~. */
typedef struct ns_query_options {
    ns_date_context dates;
    bool fuzzy;
} ns_query_options;

/* The fuzzy distance of a word~ without a number: 1 up to 5 letters, 2
 * beyond (short words have too many neighbours). */
unsigned ns_fuzzy_auto_distance(const char *word);

ns_status ns_query_parse_with(const char *text, const ns_query_options *options, ns_query *out,
                              ns_error *err);
/* The same with no options: no reference time, nothing fuzzy. */
ns_status ns_query_parse(const char *text, ns_query *out, ns_error *err);

/* The tree as a compact expression, for tests and explanations:
 * (AND word:ceasefire (OR phrase:"no invasion" title:word:alaska)
 *  outlet=abc-news date:2025-08-01..2025-08-31).  Caller frees. */
char *ns_query_describe(const ns_qnode *node);
void ns_query_clear(ns_query *query);

#endif
