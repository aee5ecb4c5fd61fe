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

static ns_xquery *term_query(building *b, const char *prefix, const char *word, size_t len)
{
    ns_schema_term(&b->term, prefix, word, len);
    return ns_xquery_term(b->term.data, b->term.len, ++b->query_pos);
}

static ns_xquery *combine2(ns_xquery_op op, ns_xquery *a, ns_xquery *b)
{
    ns_xquery *parts[2] = { a, b };
    ns_xquery *q = ns_xquery_combine(op, parts, 2, 0);
    ns_xquery_free(a);
    ns_xquery_free(b);
    return q;
}

/* The word as it is exactly written: its plain term or its one variant. */
static ns_xquery *exact_term(building *b, const ns_qnode *n, size_t i)
{
    ns_schema_word_term(&b->term, n->words.items[i], strlen(n->words.items[i]),
                        n->surfaces.items[i], strlen(n->surfaces.items[i]));
    return ns_xquery_term(b->term.data, b->term.len, ++b->query_pos);
}

/* Word i of a node where positions count (phrases, NEAR): in the title its
 * S term; in the text its plain term or any variant, or its one exact
 * spelling. */
static ns_xquery *positional_word(building *b, const ns_qnode *n, size_t i)
{
    const char *word = n->words.items[i];
    if (n->field == NS_FIELD_TITLE && !n->exact)
        return term_query(b, NS_PREFIX_TITLE, word, strlen(word));
    if (n->exact)
        return exact_term(b, n, i);
    ns_xquery *plain = term_query(b, "", word, strlen(word));
    ns_schema_variant_prefix(&b->term, word, strlen(word));
    return combine2(NS_XQ_OR, plain, ns_xquery_wildcard_any(b->term.data, NS_WILDCARD_MAX_EXPANSION));
}

/* The words of a phrase, in order and adjacent.  An exact phrase in the
 * title is exact in the text and in the title's (folded) words. */
static ns_xquery *phrase_query(building *b, const ns_qnode *n)
{
    ns_xquery *q;
    if (n->words.len == 1) {
        q = positional_word(b, n, 0);
    } else {
        ns_xquery **parts = ns_xcalloc(n->words.len, sizeof *parts);
        for (size_t i = 0; i < n->words.len; i++)
            parts[i] = positional_word(b, n, i);
        q = ns_xquery_combine(NS_XQ_PHRASE, parts, n->words.len, (unsigned)n->words.len);
        for (size_t i = 0; i < n->words.len; i++)
            ns_xquery_free(parts[i]);
        free(parts);
    }
    if (n->exact && n->field == NS_FIELD_TITLE) {
        ns_qnode folded = *n;
        folded.exact = false;
        q = combine2(NS_XQ_AND, q, phrase_query(b, &folded));
    }
    return q;
}

static int count_term(void *ctx, const char *term, size_t len, uint32_t freq)
{
    size_t *count = ctx;
    return ++*count > NS_WILDCARD_MAX_EXPANSION;
}

/* Whether the words a wildcard names (the terms that start with b->term)
 * are no more than NS_WILDCARD_MAX_EXPANSION; when not, the build fails
 * saying so in the query's own words (Xapian's own message would name the
 * term with its prefix). */
static bool wildcard_fits(building *b, const ns_qnode *n)
{
    size_t count = 0;
    if (b->status == NS_OK && b->db)   /* no index, nothing to count (tests) */
        b->status = ns_xdb_each_term(b->db, b->term.data, count_term, &count, b->err);
    if (b->status == NS_OK && count > NS_WILDCARD_MAX_EXPANSION)
        b->status = ns_error_set(b->err, NS_ERR_QUERY,
                                 "%s* matches more than %d words: make it longer",
                                 n->words.items[0], NS_WILDCARD_MAX_EXPANSION);
    return b->status == NS_OK;
}

/* Words that start with the node's word.  For ranking, one synonym; where
 * positions count, separate terms. */
static ns_xquery *wildcard_query(building *b, const ns_qnode *n, bool positional)
{
    const char *word = n->words.items[0];
    ns_schema_term(&b->term, n->field == NS_FIELD_TITLE ? NS_PREFIX_TITLE : "", word,
                   strlen(word));
    if (!wildcard_fits(b, n))
        return NULL;
    ns_xquery *(*wildcard)(const char *, unsigned) =
        positional ? ns_xquery_wildcard_any : ns_xquery_wildcard;
    if (n->field == NS_FIELD_TITLE) {
        ns_schema_term(&b->term, NS_PREFIX_TITLE, word, strlen(word));
        ns_xquery *q = wildcard(b->term.data, NS_WILDCARD_MAX_EXPANSION);
        /* An OR of two, so that a phrase or NEAR takes it. */
        return positional ? combine2(NS_XQ_OR, q, ns_xquery_term(b->term.data, b->term.len, 0))
                          : q;
    }
    ns_xquery *plain = wildcard(word, NS_WILDCARD_MAX_EXPANSION);
    ns_schema_term(&b->term, NS_PREFIX_EXACT, word, strlen(word));
    ns_xquery *variants = wildcard(b->term.data, NS_WILDCARD_MAX_EXPANSION);
    return combine2(positional ? NS_XQ_OR : NS_XQ_SYNONYM, plain, variants);
}

typedef struct stem_parts {
    building *b;
    ns_xquery **parts;
    size_t len, cap;
    ns_strlist stems;   /* asked for so far: each word has one stem, so two
                           stems never share a term */
} stem_parts;

static int add_stem_term(void *ctx, const char *term, size_t len, const char *word,
                         size_t word_len)
{
    (void)word;
    (void)word_len;
    stem_parts *p = ctx;
    p->parts = ns_xgrow(p->parts, &p->cap, p->len + 1, sizeof *p->parts);
    p->parts[p->len++] = ns_xquery_term(term, len, ++p->b->query_pos);
    return 0;
}

/* Every word with a word's stem, in the title or anywhere, as the index
 * holds them (its plain terms and variants: terms.h); none without an
 * index, nothing more for a stem already asked for. */
static void add_stem_parts(building *b, const char *word, bool title, stem_parts *p)
{
    if (b->status != NS_OK || !b->db)
        return;
    size_t stem_len;
    const char *borrowed = ns_terms_stem(b->terms, word, strlen(word), &stem_len);
    char *stem = ns_xstrndup(borrowed, stem_len);
    if (ns_strlist_add_unique(&p->stems, stem))
        b->status = ns_terms_each_with_stem(b->terms, b->db, stem, stem_len, title,
                                            add_stem_term, p, b->err);
    free(stem);
}

/* A plain word: every word with its stem, in the title or anywhere, as
 * one term for ranking.  A fuzzy word: the same for each of its close
 * spellings.  An exact word: its one spelling. */
static ns_xquery *word_query(building *b, const ns_qnode *n)
{
    bool title = n->field == NS_FIELD_TITLE;
    if (n->exact) {
        ns_xquery *q = exact_term(b, n, 0);
        if (title)
            q = combine2(NS_XQ_AND, q, term_query(b, NS_PREFIX_TITLE, n->words.items[0],
                                                  strlen(n->words.items[0])));
        return q;
    }
    const ns_strlist *words = n->fuzzy ? &n->expansions : &n->words;
    stem_parts p = { .b = b };
    for (size_t i = 0; i < words->len; i++)
        add_stem_parts(b, words->items[i], title, &p);
    ns_xquery *q = p.len == 0   ? ns_xquery_match_nothing()
                   : p.len == 1 ? ns_xquery_copy(p.parts[0])
                                : ns_xquery_combine(NS_XQ_SYNONYM, p.parts, p.len, 0);
    for (size_t i = 0; i < p.len; i++)
        ns_xquery_free(p.parts[i]);
    free(p.parts);
    ns_strlist_clear(&p.stems);
    return q;
}

#define SECONDS_A_DAY 86400
/* Past this many terms a range stays a range of the date value (the same
 * documents, a scan of the slot instead of short posting lists). */
#define DATE_TERMS_MAX 400

static int64_t day_of(int64_t t)
{
    return (t >= 0 ? t : t - (SECONDS_A_DAY - 1)) / SECONDS_A_DAY;
}

static int digits(const char *s, size_t len)
{
    int value = 0;
    for (size_t i = 0; i < len; i++)
        value = value * 10 + (s[i] - '0');
    return value;
}

typedef struct query_list {
    ns_xquery **items;
    size_t len, cap;
} query_list;

static void push_query(query_list *list, ns_xquery *q)
{
    list->items = ns_xgrow(list->items, &list->cap, list->len + 1, sizeof *list->items);
    list->items[list->len++] = q;
}

/* Whole UTC days [from, to] as the fewest terms: a year's term for each
 * whole year, a month's for each whole month, a day's for the rest. */
static void add_whole_days(building *b, int64_t from, int64_t to, query_list *out)
{
    for (int64_t d = from; d <= to && out->len <= DATE_TERMS_MAX;) {
        char ymd[15];
        ns_format_sortable(d * SECONDS_A_DAY, ymd);
        int year = digits(ymd, 4), month = digits(ymd + 4, 2), day = digits(ymd + 6, 2);
        int64_t next_year = ns_days_from_civil(year + 1, 1, 1);
        int64_t next_month = month == 12 ? next_year : ns_days_from_civil(year, (unsigned)month + 1, 1);
        if (month == 1 && day == 1 && next_year - 1 <= to) {
            push_query(out, term_query(b, NS_PREFIX_YEAR, ymd, 4));
            d = next_year;
        } else if (day == 1 && next_month - 1 <= to) {
            push_query(out, term_query(b, NS_PREFIX_MONTH, ymd, 6));
            d = next_month;
        } else {
            push_query(out, term_query(b, NS_PREFIX_DAY, ymd, 8));
            d++;
        }
    }
}

/* [lo, hi] within one UTC day: the day's term, narrowed by the date value
 * (Xapian then reads the values of that day's articles only). */
static ns_xquery *part_of_day(building *b, int64_t lo, int64_t hi)
{
    char first[15], last[15];
    ns_format_sortable(lo, first);
    ns_format_sortable(hi, last);
    ns_xquery *parts[2] = { term_query(b, NS_PREFIX_DAY, first, 8),
                            ns_xquery_value_range(NS_SLOT_DATE, first, last) };
    ns_xquery *q = ns_xquery_combine(NS_XQ_FILTER, parts, 2, 0);
    ns_xquery_free(parts[0]);
    ns_xquery_free(parts[1]);
    return q;
}

/* An open end closes at the first or last year any article is dated in,
 * from the value statistics.  False when no article has a date. */
static bool close_open_ends(building *b, const ns_qnode *n, int64_t *lo, int64_t *hi)
{
    char *low = NULL, *high = NULL;
    ns_status st = ns_xdb_value_bounds(b->db, NS_SLOT_DATE, &low, &high, b->err);
    bool dated = st == NS_OK && strlen(low) >= 14 && strlen(high) >= 14;
    if (st != NS_OK && b->status == NS_OK)
        b->status = st;
    if (dated && !n->has_first)
        *lo = ns_days_from_civil(digits(low, 4), 1, 1) * SECONDS_A_DAY;
    if (dated && !n->has_last)
        *hi = ns_days_from_civil(digits(high, 4) + 1, 1, 1) * SECONDS_A_DAY - 1;
    free(low);
    free(high);
    return dated;
}

/* A date range the way Omega filters dates: the whole years, months and
 * days in it as their terms (short posting lists, where a range of the
 * date value reads the value of every article), the part days at either
 * end as their day narrowed by the value. */
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
    ns_xquery *as_range = ns_xquery_value_range(NS_SLOT_DATE, n->has_first ? first : NULL,
                                                n->has_last ? last : NULL);
    int64_t lo = n->first, hi = n->last;
    if (!n->has_first || !n->has_last) {
        if (!b->db)      /* no index to ask (tests) */
            return as_range;
        if (!close_open_ends(b, n, &lo, &hi)) {
            ns_xquery_free(as_range);
            return ns_xquery_match_nothing();
        }
    }
    if (lo > hi) {
        ns_xquery_free(as_range);
        return ns_xquery_match_nothing();
    }
    int64_t first_day = day_of(lo), last_day = day_of(hi);
    int64_t whole_from = lo == first_day * SECONDS_A_DAY ? first_day : first_day + 1;
    int64_t whole_to = hi == last_day * SECONDS_A_DAY + SECONDS_A_DAY - 1 ? last_day : last_day - 1;
    query_list parts = { 0 };
    if (first_day == last_day && whole_from > whole_to) {
        push_query(&parts, part_of_day(b, lo, hi));
    } else {
        if (whole_from > first_day)
            push_query(&parts, part_of_day(b, lo, first_day * SECONDS_A_DAY + SECONDS_A_DAY - 1));
        add_whole_days(b, whole_from, whole_to, &parts);
        if (whole_to < last_day)
            push_query(&parts, part_of_day(b, last_day * SECONDS_A_DAY, hi));
    }
    ns_xquery *q;
    if (parts.len == 0) {
        ns_xquery_free(as_range);
        q = ns_xquery_match_nothing();
    } else if (parts.len > DATE_TERMS_MAX) {
        q = as_range;
    } else {
        ns_xquery_free(as_range);
        ns_xquery *any = parts.len == 1 ? ns_xquery_copy(parts.items[0])
                                        : ns_xquery_combine(NS_XQ_OR, parts.items, parts.len, 0);
        q = ns_xquery_unweighted(any);
        ns_xquery_free(any);
    }
    for (size_t i = 0; i < parts.len; i++)
        ns_xquery_free(parts.items[i]);
    free(parts.items);
    return q;
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
            leaves[len++] = wildcard_query(b, c, true);
            continue;
        }
        for (size_t w = 0; w < c->words.len; w++) {
            leaves = ns_xgrow(leaves, &cap, len + 1, sizeof *leaves);
            leaves[len++] = positional_word(b, c, w);
        }
        if (n->kind == NS_Q_NEAR && c->kind == NS_Q_PHRASE && c->words.len > 1)
            phrases = phrases ? combine2(NS_XQ_AND, phrases, phrase_query(b, c))
                              : phrase_query(b, c);
    }
    /* Xapian's window counts the positions the whole match spans. */
    unsigned window = n->window + (unsigned)len - 1;
    ns_xquery *q = ns_xquery_combine(n->kind == NS_Q_NEAR ? NS_XQ_NEAR : NS_XQ_PHRASE, leaves,
                                     len, window);
    for (size_t i = 0; i < len; i++)
        ns_xquery_free(leaves[i]);
    free(leaves);
    return phrases ? combine2(NS_XQ_AND, q, phrases) : q;
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
    case NS_Q_WORD:
        return word_query(b, n);
    case NS_Q_PHRASE:
        return phrase_query(b, n);
    case NS_Q_WILDCARD:
        return wildcard_query(b, n, false);
    case NS_Q_FILTER:
        return filter_query(b, n);
    case NS_Q_DATE:
        return date_query(b, n);
    case NS_Q_AND:
        return combine_children(b, n, NS_XQ_AND);
    case NS_Q_OR:
        return combine_children(b, n, NS_XQ_OR);
    case NS_Q_XOR: {
        /* x XOR y as (x OR y) AND_NOT (x AND y): Xapian 1.4.22 crashes on
         * its own XOR over several databases (our shards) when few hits are
         * asked for and every match is counted. */
        ns_xquery *x = build(b, n->children[0]);
        ns_xquery *y = build(b, n->children[1]);
        ns_xquery *both = combine2(NS_XQ_AND, ns_xquery_copy(x), ns_xquery_copy(y));
        ns_xquery *either = combine2(NS_XQ_OR, x, y);
        return combine2(NS_XQ_AND_NOT, either, both);
    }
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
