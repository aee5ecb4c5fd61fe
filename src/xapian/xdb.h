/* The Xapian layer: the only C++ in newssearch, behind this C header.
 *
 * It translates calls, arguments and errors and holds no policy: which
 * terms, prefixes, value slots and positions an article gets is decided in
 * C (src/index/schema.c) and passed in.  No C++ type or exception crosses
 * this header: every entry point catches everything Xapian (or the C++
 * runtime) throws and turns it into an ns_status and a message (see
 * status.h), classified as missing, locked, corrupt, modified, version,
 * disk full, query or internal.
 *
 * Handles are opaque and freed with their own free function, which accepts
 * NULL.  Query constructors propagate NULL: combining a NULL sub-query
 * yields NULL, so a caller builds a whole tree and checks once at the end
 * (NULL means out of memory or a bug, reported as NS_ERR_INTERNAL).
 */
#ifndef NS_XAPIAN_XDB_H
#define NS_XAPIAN_XDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "newssearch/status.h"
#include "util/buf.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ns_xdb ns_xdb;
typedef struct ns_xdoc ns_xdoc;
typedef struct ns_xquery ns_xquery;
typedef struct ns_xstemmer ns_xstemmer;

typedef uint32_t ns_docid;

/* ---- databases ---- */

typedef enum ns_xdb_mode {
    NS_XDB_READ,          /* read-only; fails with NS_ERR_DB_MISSING when absent */
    NS_XDB_WRITE          /* read-write; creates the database when absent */
} ns_xdb_mode;

/* Flush to disk automatically after this many changed documents (0 keeps
 * Xapian's default); a smaller batch bounds the writer's memory. */
ns_status ns_xdb_open(const char *path, ns_xdb_mode mode, unsigned flush_threshold,
                      ns_xdb **db, ns_error *err);
/* What the program does when Xapian ends it: Xapian 1.4 can throw from a
 * destructor while it unwinds from a failed write (seen with a full disk),
 * which C++ answers with std::terminate, out of reach of any catch.  Once
 * a function is set, the layer's terminate handler classifies the exception
 * as usual (naming the database the thread was working in) and calls it;
 * the function should report and end the program (it must not return to
 * Xapian).  The index on disk is at its last commit. */
typedef void (*ns_xdb_fatal_fn)(const ns_error *err);
void ns_xdb_on_fatal(ns_xdb_fatal_fn fn);

/* Close the database; Xapian commits a writer's pending changes as it
 * closes.  Accepts NULL. */
void ns_xdb_close(ns_xdb *db);
ns_status ns_xdb_commit(ns_xdb *db, ns_error *err);
/* Open a reader that is the union of local parts (paths: every one a stub
 * would list, in order; name: what messages call it), each kept as a
 * database of its own too, so that an exact count with no hits
 * (ns_xdb_search) runs a thread a part and sums; Xapian runs the parts of
 * a database one after the other. */
ns_status ns_xdb_open_union(const char *name, const char *const *paths, size_t n, ns_xdb **out,
                            ns_error *err);
/* Open a writer over several parts (paths, in order, each made when
 * absent; name: what messages call it), the way a stub lists them: new
 * documents go to the last part, the others stay writable so that their
 * documents can be replaced and deleted, and lookups, iteration and
 * document ids are those of the parts' union.  Document ids are valid
 * until the next ns_xdb_add_part().  A commit commits every part. */
ns_status ns_xdb_open_parts(const char *name, const char *const *paths, size_t n,
                            unsigned flush_threshold, ns_xdb **out, ns_error *err);
/* Commit the last part and make a new (empty) last part at path, where new
 * documents go from now. */
ns_status ns_xdb_add_part(ns_xdb *db, const char *path, ns_error *err);
/* The number of documents in a writer's last part, pending ones included. */
ns_status ns_xdb_last_part_doc_count(ns_xdb *db, uint32_t *count, ns_error *err);
/* Merge committed databases into one new database at out_path (Xapian's
 * compaction: documents renumbered in order, tables written afresh). */
ns_status ns_xdb_compact(const char *const *paths, size_t n, const char *out_path,
                         ns_error *err);
/* Bring a reader up to the latest committed revision.  NS_ERR_DB_MODIFIED
 * when one of a union's parts is a stub that now lists other parts: Xapian
 * reads a stub only when it opens it, so the reader must be opened again. */
ns_status ns_xdb_reopen(ns_xdb *db, ns_error *err);

ns_status ns_xdb_doc_count(ns_xdb *db, uint32_t *count, ns_error *err);
/* Number of documents that contain the term (0 when none). */
ns_status ns_xdb_term_freq(ns_xdb *db, const char *term, uint32_t *freq, ns_error *err);
/* The revision of the last commit, for reproducible exports. */
ns_status ns_xdb_revision(ns_xdb *db, uint64_t *revision, ns_error *err);

/* The lowest and highest value of slot over every document, from Xapian's
 * value statistics (no document is read); both empty when no document has
 * one.  Caller frees both. */
ns_status ns_xdb_value_bounds(ns_xdb *db, unsigned slot, char **low, char **high, ns_error *err);

/* User metadata: *value receives a string the caller frees, empty when the
 * key is not set. */
ns_status ns_xdb_get_metadata(ns_xdb *db, const char *key, char **value, ns_error *err);
ns_status ns_xdb_set_metadata(ns_xdb *db, const char *key, const char *value, ns_error *err);

/* Add or replace the document indexed by unique_term (a boolean term such
 * as "Q<id>"), which the document is given.  *replaced tells whether one
 * existed, *docid the document's number (either may be NULL). */
ns_status ns_xdb_replace(ns_xdb *db, const char *unique_term, ns_xdoc *doc, bool *replaced,
                         ns_docid *docid, ns_error *err);
/* Add a document (*docid receives its number; may be NULL), or replace the
 * document with a known number: cheaper than ns_xdb_replace() when the
 * caller has already looked the document up. */
ns_status ns_xdb_add(ns_xdb *db, ns_xdoc *doc, ns_docid *docid, ns_error *err);
ns_status ns_xdb_replace_docid(ns_xdb *db, ns_docid docid, ns_xdoc *doc, ns_error *err);
ns_status ns_xdb_delete_docid(ns_xdb *db, ns_docid docid, ns_error *err);
/* Give a document a boolean term and a value (the rest stays as it is). */
ns_status ns_xdb_mark(ns_xdb *db, ns_docid docid, const char *term, unsigned slot,
                      const char *value, ns_error *err);
/* Delete every document that has the term. */
ns_status ns_xdb_delete_term(ns_xdb *db, const char *term, ns_error *err);

/* The first document that has the term, or 0. */
ns_status ns_xdb_find(ns_xdb *db, const char *term, ns_docid *docid, ns_error *err);
/* A document's data (caller frees *data) and one of its values (caller
 * frees; empty when unset).  Values may hold any bytes: *len (when not
 * NULL) receives the length. */
ns_status ns_xdb_get_data(ns_xdb *db, ns_docid docid, char **data, size_t *len, ns_error *err);
ns_status ns_xdb_get_value(ns_xdb *db, ns_docid docid, unsigned slot, char **value,
                           size_t *len, ns_error *err);

/* Iteration: a callback per item; a non-zero return stops the walk (and is
 * not an error). */
typedef int (*ns_xterm_fn)(void *ctx, const char *term, size_t len, uint32_t freq);
typedef int (*ns_xdocid_fn)(void *ctx, ns_docid docid);
/* Every term in the database that starts with prefix, in byte order. */
ns_status ns_xdb_each_term(ns_xdb *db, const char *prefix, ns_xterm_fn fn, void *ctx,
                           ns_error *err);
/* Every term in [from, to) in byte order; to NULL: to the end. */
ns_status ns_xdb_each_term_between(ns_xdb *db, const char *from, const char *to, ns_xterm_fn fn,
                                   void *ctx, ns_error *err);
/* Every document that has the term, in docid order. */
ns_status ns_xdb_each_posting(ns_xdb *db, const char *term, ns_xdocid_fn fn, void *ctx,
                              ns_error *err);
/* Every document's value in a slot (documents without one are passed
 * over), in docid order. */
typedef int (*ns_xvalue_fn)(void *ctx, ns_docid docid, const char *value, size_t len);
ns_status ns_xdb_each_value(ns_xdb *db, unsigned slot, ns_xvalue_fn fn, void *ctx,
                            ns_error *err);
/* Every metadata key that starts with prefix, with its value. */
typedef int (*ns_xmeta_fn)(void *ctx, const char *key, const char *value);
ns_status ns_xdb_each_metadata(ns_xdb *db, const char *prefix, ns_xmeta_fn fn, void *ctx,
                               ns_error *err);
/* A document's terms that start with prefix (freq is the wdf). */
ns_status ns_xdb_each_doc_term(ns_xdb *db, ns_docid docid, const char *prefix, ns_xterm_fn fn,
                               void *ctx, ns_error *err);

/* ---- documents being built ---- */

ns_xdoc *ns_xdoc_new(void);
void ns_xdoc_free(ns_xdoc *doc);
/* A term at a position (positions start at 1), adding wdf_inc to its wdf. */
void ns_xdoc_add_posting(ns_xdoc *doc, const char *term, size_t len, uint32_t pos,
                         uint32_t wdf_inc);
/* A term without position. */
void ns_xdoc_add_term(ns_xdoc *doc, const char *term, size_t len, uint32_t wdf_inc);
/* A term that takes no part in ranking (a filter: outlet, date, id). */
void ns_xdoc_add_boolean_term(ns_xdoc *doc, const char *term, size_t len);
void ns_xdoc_set_value(ns_xdoc *doc, unsigned slot, const char *value, size_t len);
void ns_xdoc_set_data(ns_xdoc *doc, const char *data, size_t len);

/* ---- stemming ---- */

/* language is a Snowball name ("english"); NS_ERR_USAGE when unknown. */
ns_status ns_xstemmer_new(const char *language, ns_xstemmer **stemmer, ns_error *err);
void ns_xstemmer_free(ns_xstemmer *stemmer);
/* Append the stem of a (normalised) word to out. */
void ns_xstem(ns_xstemmer *stemmer, const char *word, size_t len, ns_buf *out);

/* ---- queries ---- */

typedef enum ns_xquery_op {
    NS_XQ_AND,
    NS_XQ_OR,
    NS_XQ_AND_NOT,     /* first minus the rest */
    NS_XQ_AND_MAYBE,   /* first, ranked up by the rest */
    NS_XQ_FILTER,      /* first, restricted to the rest, which do not rank */
    NS_XQ_NEAR,        /* within `window` positions, any order */
    NS_XQ_PHRASE,      /* in order, within `window` positions (0: exactly adjacent) */
    NS_XQ_SYNONYM      /* any of them, ranked as one term */
} ns_xquery_op;

/* query_pos: the word's position in the query (1-based), used for ranking ties. */
ns_xquery *ns_xquery_term(const char *term, size_t len, uint32_t query_pos);
ns_xquery *ns_xquery_combine(ns_xquery_op op, ns_xquery *const *subs, size_t n,
                             unsigned window);
/* Documents whose value in slot lies in [low, high] (byte order); NULL
 * bounds are open. */
ns_xquery *ns_xquery_value_range(unsigned slot, const char *low, const char *high);
/* Every term that starts with prefix, OR'd; expanding to more than
 * max_expansion terms makes the search fail with NS_ERR_QUERY. */
ns_xquery *ns_xquery_wildcard(const char *prefix, unsigned max_expansion);
/* The same, OR'd as separate terms: what a phrase or NEAR can take, inside
 * an OR of two or more subqueries (Xapian refuses a bare wildcard there,
 * and finds nothing through a synonym there). */
ns_xquery *ns_xquery_wildcard_any(const char *prefix, unsigned max_expansion);
ns_xquery *ns_xquery_match_all(void);
ns_xquery *ns_xquery_match_nothing(void);
/* The same query contributing no weight (for filters inside OR / NOT). */
ns_xquery *ns_xquery_unweighted(const ns_xquery *query);
ns_xquery *ns_xquery_copy(const ns_xquery *query);
/* Xapian's own description of the query.  Caller frees. */
char *ns_xquery_describe(const ns_xquery *query);
void ns_xquery_free(ns_xquery *query);

/* ---- searching ---- */

typedef enum ns_xsort {
    NS_XSORT_RELEVANCE,          /* equal weights by sort_slot, descending */
    NS_XSORT_VALUE_ASCENDING,    /* by sort_slot, then relevance */
    NS_XSORT_VALUE_DESCENDING
} ns_xsort;

typedef struct ns_xsearch_spec {
    const ns_xquery *query;
    uint32_t offset;
    uint32_t limit;              /* hits to return; 0 for none (counts only) */
    ns_xsort sort;
    unsigned sort_slot;
    const unsigned *facet_slots; /* one ValueCountMatchSpy per slot */
    size_t n_facet_slots;
    /* One hit per value of collapse_slot (documents without a value are
     * not collapsed). */
    bool collapse;
    unsigned collapse_slot;
    /* Check every match, so that total and the spies' counts are exact;
     * otherwise only enough for the hits asked for. */
    bool exact;
    /* Seconds an exact count may take; 0: no limit.  Past it Xapian stops
     * checking every match, and result->timed_out is set. */
    double time_limit;
    unsigned data_slot;          /* each hit's data is its value in this slot */
} ns_xsearch_spec;

typedef struct ns_xhit {
    ns_docid docid;
    double weight;
    char *data;                  /* the document's value in data_slot */
    size_t data_len;
    char *collapse_key;          /* its value in the collapse slot ("" when not collapsing) */
    uint32_t collapse_count;     /* other matches collapsed into it (at least) */
} ns_xhit;

typedef struct ns_xfacet_value {
    char *value;
    uint32_t count;
} ns_xfacet_value;

typedef struct ns_xfacet {
    unsigned slot;
    ns_xfacet_value *values;     /* in value order */
    size_t n_values;
} ns_xfacet;

typedef struct ns_xresult {
    uint32_t total;              /* number of matching documents: exact with spec.exact and
                                    no collapsing, else Xapian's estimate */
    ns_xhit *hits;
    size_t n_hits;
    ns_xfacet *facets;           /* one per facet slot, in spec order */
    size_t n_facets;
    bool timed_out;              /* spec.time_limit ran out: total and facets are not exact */
} ns_xresult;

/* Run a search.  A reader whose database changes under it reopens and
 * retries; the result is from one consistent committed revision.  With
 * spec.exact, match spies count every match, collapsed or not. */
ns_status ns_xdb_search(ns_xdb *db, const ns_xsearch_spec *spec, ns_xresult **result,
                        ns_error *err);
void ns_xresult_free(ns_xresult *result);

#ifdef __cplusplus
}
#endif

#endif
