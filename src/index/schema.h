/* The index schema: every term prefix, value slot and position rule that
 * the indexer writes and the query side reads, in one table.  Prefixes
 * follow Xapian Omega's conventions (S title, Q unique id, D/M/Y dates,
 * X... for our own fields).
 *
 *   term                     what it is                          positions
 *   <word>                   a word of the title or body, where   yes
 *                            it is written just so (lower case,
 *                            no accents, no punctuation)
 *   XE<word> <as written>    a word written otherwise ("XEus      yes
 *                            U.S.", "XEtrump Trump's"): each
 *                            occurrence has one of the two forms
 *   S<word>                  a word of the title (lower case,     yes
 *                            no accents)
 *   Q<id>                    the article's unique id (boolean)
 *   XO<slug>                 outlet ("abc-news")
 *   XC<slug>                 wire credit, one per agency ("reuters")
 *   XP<slug>                 a person's canonical name ("claudia-sheinbaum")
 *   XW<word>                 a word of a person's name ("sheinbaum")
 *   XF<hash>                 the file the article came from (for replacing)
 *   XS<story>                the story it is a copy of (stories.h)
 *   XG                       in a story with other members (grouped)
 *   D<yyyymmdd> M<yyyymm> Y<yyyy>   the article's date
 *
 * A word's occurrences are thus split over its plain term and its XE
 * variants, which share the prefix "XE<word> ": a phrase matches a word as
 * the plain term OR the variants (a wildcard over that prefix), an exact
 * search (=U.S.) the one spelling.  Exactness costs no extra postings,
 * only the variants' entries in the term list; see docs/features.md
 * for the measurements.
 *
 * Values: NS_SLOT_DATE holds "YYYYMMDDHHMMSS" UTC (sorting, ranges);
 * NS_SLOT_DAY "YYYY-MM-DD" (day, month and year facets); NS_SLOT_OUTLET
 * the outlet's display name; NS_SLOT_STORY the story id (what search
 * collapses copies by); NS_SLOT_FINGERPRINT the MinHash and story
 * (stories.h); NS_SLOT_FORMAT the reader's name; NS_SLOT_ORDER the date
 * value followed by the article id, which orders hits that rank or are
 * dated alike the same way in every index of the same articles (document
 * ids depend on the order the writer threads happened to add them in);
 * credits and people are spread over slots
 * NS_SLOT_CREDIT_BASE + i and NS_SLOT_PERSON_BASE + i, one value each, so
 * that a ValueCountMatchSpy per slot counts them exactly and the counts can
 * be summed (an article holds a given name in one slot at most).  The
 * number of person slots in use is kept in the metadata key
 * NS_META_PERSON_SLOTS.
 *
 * Generations: NS_META_GENERATION counts the index's commits (each commit
 * of `newssearch index`, after the shards have committed), and
 * NS_SLOT_INDEXED holds, as 12 digits, the generation in which a document
 * was (last) written, so that "what was indexed since generation G" is a
 * value range (watches), and G names what an export saw.  A document
 * stamped G + 1 can be visible before generation G + 1 is recorded (a
 * shard flushed early); a reader that asks for "after G" then sees it
 * twice, never not at all.
 *
 * No stemmed terms: a query for stem s asks for the words that have it
 * (ns_terms_each_with_stem lists them from the index's own terms, plain
 * and variants, at query time), the way Xapian expands a wildcard.  A Z
 * term a word (Omega's way) was a third of all postings and cost a
 * quarter of the indexing time; see README.md, Performance.
 *
 * The title takes positions from 1; the body starts NS_BODY_POSITION_GAP
 * positions after the title ends, so that no phrase spans the two.
 */
#ifndef NS_INDEX_SCHEMA_H
#define NS_INDEX_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "newssearch/status.h"
#include "util/buf.h"
#include "xapian/xdb.h"

/* Bump when the meaning of any term or value, or the layout on disk
 * (layout.h), changes; an index made with another version must be rebuilt.
 * 11: shards are stubs over parts. */
#define NS_SCHEMA_VERSION "11"

#define NS_PREFIX_EXACT "XE"
#define NS_PREFIX_TITLE "S"
#define NS_PREFIX_ID "Q"
#define NS_PREFIX_OUTLET "XO"
#define NS_PREFIX_CREDIT "XC"
#define NS_PREFIX_PERSON "XP"
#define NS_PREFIX_PERSON_WORD "XW"
#define NS_PREFIX_FILE "XF"
#define NS_PREFIX_STORY "XS"
#define NS_PREFIX_GROUPED "XG"
#define NS_PREFIX_DAY "D"
#define NS_PREFIX_MONTH "M"
#define NS_PREFIX_YEAR "Y"

enum ns_slot {
    NS_SLOT_DATE = 0,
    NS_SLOT_DAY = 1,
    NS_SLOT_OUTLET = 2,
    NS_SLOT_CONTENT_HASH = 3,
    NS_SLOT_STORY = 4,
    NS_SLOT_FINGERPRINT = 5,
    NS_SLOT_FORMAT = 6,
    NS_SLOT_RECORD = 7,         /* the packed record (record.h) */
    NS_SLOT_INDEXED = 8,
    NS_SLOT_GROUP = 9,          /* the story, on grouped articles only (stories.h) */
    NS_SLOT_CREDIT_BASE = 10,
    NS_SLOT_CREDIT_MAX = 8,      /* credits beyond this many are not faceted */
    NS_SLOT_ORDER = 18,
    NS_SLOT_PERSON_BASE = 100
};

#define NS_BODY_POSITION_GAP 100
/* Title words count this much more than body words in ranking. */
#define NS_TITLE_WDF 3

#define NS_META_SCHEMA "newssearch.schema"
#define NS_META_PERSON_SLOTS "newssearch.person_slots"
#define NS_META_GENERATION "newssearch.generation"
/* Followed by a file hash: the file's recorded state (indexer.c). */
#define NS_META_FILE_PREFIX "newssearch.file."

#define NS_STEM_LANGUAGE "english"

/* The fields a query can name and a facet can count. */
typedef enum ns_field {
    NS_FIELD_TEXT,       /* title and body */
    NS_FIELD_TITLE,
    NS_FIELD_OUTLET,
    NS_FIELD_PERSON,
    NS_FIELD_CREDIT,
    NS_FIELD_DATE,
    NS_FIELD_COUNT
} ns_field;

typedef struct ns_field_info {
    ns_field field;
    const char *name;          /* as written in queries: "outlet" */
    const char *prefix;        /* term prefix ("" for free text) */
    bool boolean;              /* a filter rather than ranked text */
} ns_field_info;

/* The field called name (case-insensitive), or NULL. */
const ns_field_info *ns_schema_field_by_name(const char *name, size_t len);
const ns_field_info *ns_schema_field(ns_field field);

/* Facets: what `--facet NAME` counts and how. */
typedef enum ns_facet_kind {
    NS_FACET_OUTLET,
    NS_FACET_PERSON,
    NS_FACET_CREDIT,
    NS_FACET_FORMAT,
    NS_FACET_YEAR,
    NS_FACET_MONTH,
    NS_FACET_DAY,
    NS_FACET_COUNT
} ns_facet_kind;

const char *ns_facet_name(ns_facet_kind kind);
/* NS_ERR_USAGE naming the valid facets when name is not one. */
ns_status ns_facet_by_name(const char *name, ns_facet_kind *kind, ns_error *err);

/* Build a term: prefix followed by value, into out (reset first). */
void ns_schema_term(ns_buf *out, const char *prefix, const char *value, size_t len);

/* Xapian refuses longer terms; a variant that would be longer is indexed
 * as its plain word (its exact spelling is then not searchable). */
#define NS_TERM_MAX_BYTES 240

/* The term of a word written as surface (NFC, see ns_surface_form) whose
 * normalised form is word: the plain word itself when they are the same,
 * else its XE variant.  Into out (reset first). */
void ns_schema_word_term(ns_buf *out, const char *word, size_t len, const char *surface,
                         size_t surface_len);
/* The prefix every variant of word shares: "XE<word> ". */
void ns_schema_variant_prefix(ns_buf *out, const char *word, size_t len);
/* The word of a variant term ("XE<word> <as written>"), as a pointer into
 * the term and its length; false when term is no variant. */
bool ns_schema_variant_word(const char *term, size_t len, const char **word, size_t *word_len);

/* The NS_SLOT_INDEXED value of a generation. */
void ns_schema_format_generation(uint64_t generation, char out[13]);
/* The index's last committed generation (0 for a new index). */
ns_status ns_schema_generation(ns_xdb *db, uint64_t *generation, ns_error *err);

/* Check that an index uses this schema, or record it in a new one. */
ns_status ns_schema_check(ns_xdb *db, bool writable, ns_error *err);

#endif
