#include "query/build.h"

#include <stdlib.h>
#include <string.h>

#include "extract/dates.h"
#include "index/schema.h"
#include "util/buf.h"
#include "util/mem.h"

typedef struct building {
    ns_terms *terms;
    ns_xdb *db;
    ns_buf term;
    uint32_t query_pos;
    ns_error *err;
    ns_status status;
} building;

static const char *text_prefix(ns_field field)
{
    return field == NS_FIELD_TITLE ? NS_PREFIX_TITLE : "";
}

static ns_xquery *term_query(building *b, const char *prefix, const char *word, size_t len)
{
    ns_schema_term(&b->term, prefix, word, len);
    return ns_xquery_term(b->term.data, b->term.len, ++b->query_pos);
}

/* The words of a phrase, in order and adjacent. */
static ns_xquery *phrase_query(building *b, const ns_qnode *n)
{
    const char *prefix = text_prefix(n->field);
    if (n->words.len == 1)
        return term_query(b, prefix, n->words.items[0], strlen(n->words.items[0]));
    ns_xquery **parts = ns_xcalloc(n->words.len, sizeof *parts);
    for (size_t i = 0; i < n->words.len; i++)
        parts[i] = term_query(b, prefix, n->words.items[i], strlen(n->words.items[i]));
    ns_xquery *q = ns_xquery_combine(NS_XQ_PHRASE, parts, n->words.len, (unsigned)n->words.len);
    for (size_t i = 0; i < n->words.len; i++)
        ns_xquery_free(parts[i]);
    free(parts);
    return q;
}

static int count_term(void *ctx, const char *term, size_t len, uint32_t freq)
{
    size_t *count = ctx;
    return ++*count > NS_WILDCARD_MAX_EXPANSION;
}

/* Whether the wildcard n, as the term prefix in b->term, expands to no more
 * than NS_WILDCARD_MAX_EXPANSION words; when not, the build fails saying
 * so in the query's own words. */
static bool wildcard_fits(building *b, const ns_qnode *n)
{
    size_t count = 0;
    if (b->status == NS_OK)
        b->status = ns_xdb_each_term(b->db, b->term.data, count_term, &count, b->err);
    if (b->status == NS_OK && count > NS_WILDCARD_MAX_EXPANSION)
        b->status = ns_error_set(b->err, NS_ERR_QUERY,
                                 "%s* matches more than %d words: make it longer",
                                 n->words.items[0], NS_WILDCARD_MAX_EXPANSION);
    return b->status == NS_OK;
}

static ns_xquery *wildcard_query(building *b, const ns_qnode *n, const char *prefix)
{
    ns_schema_term(&b->term, prefix, n->words.items[0], strlen(n->words.items[0]));
    if (!wildcard_fits(b, n))
        return NULL;
    return ns_xquery_wildcard(b->term.data, NS_WILDCARD_MAX_EXPANSION);
}

static ns_xquery *date_query(building *b, const ns_qnode *n)
{
    char first[15], last[15];
    ns_format_sortable(n->first, first);
    ns_format_sortable(n->last, last);
    if (n->date_unit) {
        /* A whole day, month or year is one term. */
        size_t len = memcmp(first, last, 8) == 0 ? 8 : memcmp(first, last, 6) == 0 ? 6 : 4;
        const char *prefix = len == 8 ? NS_PREFIX_DAY : len == 6 ? NS_PREFIX_MONTH : NS_PREFIX_YEAR;
        return term_query(b, prefix, first, len);
    }
    return ns_xquery_value_range(NS_SLOT_DATE, n->has_first ? first : NULL,
                                 n->has_last ? last : NULL);
}

static ns_xquery *filter_query(building *b, const ns_qnode *n)
{
    switch (n->field) {
    case NS_FIELD_OUTLET:
        return term_query(b, NS_PREFIX_OUTLET, n->value, strlen(n->value));
    case NS_FIELD_CREDIT:
        return term_query(b, NS_PREFIX_CREDIT, n->value, strlen(n->value));
    case NS_FIELD_PERSON:
        if (n->name_word)
            return term_query(b, NS_PREFIX_PERSON_WORD, n->value, strlen(n->value));
        return term_query(b, NS_PREFIX_PERSON, n->value, strlen(n->value));
    default:
        return NULL;
    }
}

static ns_xquery *build(building *b, const ns_qnode *n);

typedef struct expansion {
    ns_xquery **terms;
    size_t len, cap;
} expansion;

static int add_expansion(void *ctx, const char *term, size_t len, uint32_t freq)
{
    expansion *e = ctx;
    e->terms = ns_xgrow(e->terms, &e->cap, e->len + 1, sizeof *e->terms);
    e->terms[e->len++] = ns_xquery_term(term, len, 0);
    return 0;
}

/* A wildcard inside NEAR or ADJ, expanded here: Xapian's positional
 * operators take only terms, or ORs of terms. */
static ns_xquery *expanded_wildcard(building *b, const ns_qnode *n)
{
    ns_schema_term(&b->term, text_prefix(n->field), n->words.items[0],
                   strlen(n->words.items[0]));
    expansion e = { 0 };
    if (wildcard_fits(b, n))
        b->status = ns_xdb_each_term(b->db, b->term.data, add_expansion, &e, b->err);
    ns_xquery *q = NULL;
    if (b->status == NS_OK)
        q = e.len ? ns_xquery_combine(NS_XQ_OR, e.terms, e.len, 0) : ns_xquery_match_nothing();
    for (size_t i = 0; i < e.len; i++)
        ns_xquery_free(e.terms[i]);
    free(e.terms);
    return q;
}

/* NEAR and ADJ: Xapian's positional operators take terms (or ORs of
 * them) only, so a phrase inside one gives its words to the window and is
 * required as a phrase besides; in order (ADJ) its words are in order
 * already. */
static ns_xquery *positional_group(building *b, const ns_qnode *n)
{
    size_t cap = 0, len = 0;
    ns_xquery **leaves = NULL;
    ns_xquery *phrases = NULL;
    for (size_t i = 0; i < n->n_children; i++) {
        const ns_qnode *c = n->children[i];
        if (c->kind == NS_Q_WILDCARD) {
            leaves = ns_xgrow(leaves, &cap, len + 1, sizeof *leaves);
            leaves[len++] = expanded_wildcard(b, c);
            continue;
        }
        for (size_t w = 0; w < c->words.len; w++) {
            leaves = ns_xgrow(leaves, &cap, len + 1, sizeof *leaves);
            leaves[len++] = term_query(b, text_prefix(c->field), c->words.items[w],
                                       strlen(c->words.items[w]));
        }
        if (n->kind == NS_Q_NEAR && c->kind == NS_Q_PHRASE && c->words.len > 1) {
            ns_xquery *parts[2] = { phrases, phrase_query(b, c) };
            ns_xquery *both = phrases ? ns_xquery_combine(NS_XQ_AND, parts, 2, 0)
                                      : ns_xquery_copy(parts[1]);
            ns_xquery_free(parts[0]);
            ns_xquery_free(parts[1]);
            phrases = both;
        }
    }
    /* Xapian's window counts the positions the whole match spans. */
    unsigned window = n->window + (unsigned)len - 1;
    ns_xquery *q = ns_xquery_combine(n->kind == NS_Q_NEAR ? NS_XQ_NEAR : NS_XQ_PHRASE, leaves,
                                     len, window);
    for (size_t i = 0; i < len; i++)
        ns_xquery_free(leaves[i]);
    free(leaves);
    if (phrases) {
        ns_xquery *parts[2] = { q, phrases };
        ns_xquery *both = ns_xquery_combine(NS_XQ_AND, parts, 2, 0);
        ns_xquery_free(q);
        ns_xquery_free(phrases);
        q = both;
    }
    return q;
}

static ns_xquery *combine_children(building *b, const ns_qnode *n, ns_xquery_op op)
{
    ns_xquery **parts = ns_xcalloc(n->n_children, sizeof *parts);
    for (size_t i = 0; i < n->n_children; i++)
        parts[i] = build(b, n->children[i]);
    ns_xquery *q = ns_xquery_combine(op, parts, n->n_children, 0);
    for (size_t i = 0; i < n->n_children; i++)
        ns_xquery_free(parts[i]);
    free(parts);
    return q;
}

static ns_xquery *build(building *b, const ns_qnode *n)
{
    switch (n->kind) {
    case NS_Q_WORD: {
        size_t stem_len;
        const char *stem = ns_terms_stem(b->terms, n->words.items[0], strlen(n->words.items[0]),
                                         &stem_len);
        const char *prefix = n->field == NS_FIELD_TITLE ? NS_PREFIX_STEM NS_PREFIX_TITLE
                                                        : NS_PREFIX_STEM;
        return term_query(b, prefix, stem, stem_len);
    }
    case NS_Q_PHRASE:
        return phrase_query(b, n);
    case NS_Q_WILDCARD:
        return wildcard_query(b, n, text_prefix(n->field));
    case NS_Q_FILTER:
        return filter_query(b, n);
    case NS_Q_DATE:
        return date_query(b, n);
    case NS_Q_AND:
        return combine_children(b, n, NS_XQ_AND);
    case NS_Q_OR:
        return combine_children(b, n, NS_XQ_OR);
    case NS_Q_XOR:
        return combine_children(b, n, NS_XQ_XOR);
    case NS_Q_AND_NOT: {
        ns_xquery *parts[2] = { build(b, n->children[0]), NULL };
        if (n->n_children == 2) {
            parts[1] = build(b, n->children[1]);
        } else {
            ns_qnode rest = { .kind = NS_Q_OR, .children = n->children + 1,
                              .n_children = n->n_children - 1 };
            parts[1] = combine_children(b, &rest, NS_XQ_OR);
        }
        ns_xquery *q = ns_xquery_combine(NS_XQ_AND_NOT, parts, 2, 0);
        ns_xquery_free(parts[0]);
        ns_xquery_free(parts[1]);
        return q;
    }
    case NS_Q_NEAR:
    case NS_Q_ADJ:
        return positional_group(b, n);
    case NS_Q_FILTERED:
        return combine_children(b, n, NS_XQ_FILTER);
    case NS_Q_ALL:
        return ns_xquery_match_all();
    }
    return NULL;
}

ns_status ns_query_build(const ns_qnode *root, ns_terms *terms, ns_xdb *db, ns_xquery **out,
                         ns_error *err)
{
    building b = { .terms = terms, .db = db, .err = err, .status = NS_OK };
    ns_xquery *q = build(&b, root);
    ns_buf_free(&b.term);
    if (b.status != NS_OK) {
        ns_xquery_free(q);
        return b.status;
    }
    if (!q)
        return ns_error_set(err, NS_ERR_INTERNAL, "could not build the query (out of memory?)");
    *out = q;
    return NS_OK;
}
