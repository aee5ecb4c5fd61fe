#include "query/explain.h"

#include <stdlib.h>
#include <string.h>

#include "extract/dates.h"
#include "index/schema.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/strmap.h"

/* ---- the tree in words ---- */

static const char *operator_word(ns_qkind kind)
{
    switch (kind) {
    case NS_Q_AND: return "AND";
    case NS_Q_OR: return "OR";
    case NS_Q_XOR: return "XOR";
    case NS_Q_NEAR: return "NEAR";
    case NS_Q_ADJ: return "ADJ";
    default: return "?";
    }
}

static void read_words(ns_buf *out, const ns_qnode *n)
{
    const ns_strlist *words = n->exact ? &n->surfaces : &n->words;
    bool quoted = n->kind == NS_Q_PHRASE || n->exact;
    if (n->field == NS_FIELD_TITLE)
        ns_buf_puts(out, "title:");
    if (n->exact)
        ns_buf_puts(out, "exactly ");
    if (quoted)
        ns_buf_putc(out, '"');
    for (size_t i = 0; i < words->len; i++)
        ns_buf_printf(out, "%s%s", i ? " " : "", words->items[i]);
    if (quoted)
        ns_buf_putc(out, '"');
    if (n->kind == NS_Q_WILDCARD)
        ns_buf_putc(out, '*');
    if (n->fuzzy)
        ns_buf_printf(out, "~%u", n->fuzzy);
}

static void read_node(ns_buf *out, const ns_qnode *n);

static void read_filters(ns_buf *out, const ns_qnode *n, const char *join)
{
    if (n->kind == NS_Q_AND || n->kind == NS_Q_OR) {
        for (size_t i = 0; i < n->n_children; i++) {
            if (i)
                ns_buf_puts(out, n->kind == NS_Q_AND ? join : " or ");
            read_filters(out, n->children[i], join);
        }
        return;
    }
    read_node(out, n);
}

static void read_node(ns_buf *out, const ns_qnode *n)
{
    switch (n->kind) {
    case NS_Q_WORD:
    case NS_Q_PHRASE:
    case NS_Q_WILDCARD:
        read_words(out, n);
        return;
    case NS_Q_FILTER:
        ns_buf_printf(out, "%s %s %s", ns_schema_field(n->field)->name,
                      n->name_word ? "named" : "=", n->value);
        return;
    case NS_Q_DATE: {
        char first[21], last[21];
        ns_format_date_bound(n->has_first, n->first, false, first);
        ns_format_date_bound(n->has_last, n->last, true, last);
        if (n->relative || n->since) {
            const char *written = n->surface ? n->surface : "date";
            ns_buf_printf(out, "%s = ", written);
        } else {
            ns_buf_puts(out, "date ");
        }
        if (n->has_first && n->has_last && strcmp(first, last) == 0)
            ns_buf_puts(out, first);
        else if (!n->has_last)
            ns_buf_printf(out, "from %s", first);
        else if (!n->has_first)
            ns_buf_printf(out, "up to %s", last);
        else
            ns_buf_printf(out, "%s..%s", first, last);
        return;
    }
    case NS_Q_ALL:
        ns_buf_puts(out, "every article");
        return;
    case NS_Q_FILTERED:
        read_node(out, n->children[0]);
        ns_buf_puts(out, " filtered by ");
        read_filters(out, n->children[1], ", ");
        return;
    case NS_Q_AND_NOT:
        ns_buf_putc(out, '(');
        read_node(out, n->children[0]);
        for (size_t i = 1; i < n->n_children; i++) {
            ns_buf_puts(out, " AND NOT ");
            read_node(out, n->children[i]);
        }
        ns_buf_putc(out, ')');
        return;
    default:
        break;
    }
    ns_buf_putc(out, '(');
    for (size_t i = 0; i < n->n_children; i++) {
        if (i) {
            ns_buf_printf(out, " %s", operator_word(n->kind));
            if (n->kind == NS_Q_NEAR || n->kind == NS_Q_ADJ)
                ns_buf_printf(out, "/%u", n->window);
            ns_buf_putc(out, ' ');
        }
        read_node(out, n->children[i]);
    }
    ns_buf_putc(out, ')');
}

char *ns_query_reading(const ns_qnode *root)
{
    ns_buf out = NS_BUF_INIT;
    ns_buf_append(&out, "", 0);
    if (root)
        read_node(&out, root);
    return ns_buf_detach(&out);
}

/* ---- the words ---- */

typedef struct explaining {
    ns_xdb *db;
    ns_terms *terms;
    ns_explanation *e;
    size_t cap;
    ns_strmap seen;           /* written form + field, once each */
    ns_buf term;
    ns_error *err;
    ns_status status;
} explaining;

typedef struct expansion {
    ns_explain_word *word;
    ns_strmap seen;
    size_t prefix_len;        /* bytes of the term before the word */
    bool variants;            /* terms are "XE<word> <as written>" */
} expansion;

/* A word the query word stands for, counted once. */
static void note_expansion(expansion *x, const char *w, size_t w_len)
{
    void **slot = ns_strmap_slot(&x->seen, w, w_len);
    if (*slot)
        return;
    *slot = x;
    x->word->n_expansions++;
}

static int add_expansion(void *ctx, const char *term, size_t len, uint32_t freq)
{
    expansion *x = ctx;
    const char *w = term + x->prefix_len;
    size_t w_len = len - x->prefix_len;
    if (x->variants && !ns_schema_variant_word(term, len, &w, &w_len))
        return 0;
    note_expansion(x, w, w_len);
    return 0;
}

static void gather_key(void *ctx, const char *key, void *value)
{
    ns_strlist_add(ctx, key);
}

/* The first NS_EXPLAIN_EXPANSIONS of the words found, in order, into the
 * word; frees what was gathered. */
static void keep_expansions(expansion *ex)
{
    ns_strlist all = { 0 };
    ns_strmap_each(&ex->seen, gather_key, &all);
    ns_strlist_sort(&all);
    for (size_t i = 0; i < all.len && i < NS_EXPLAIN_EXPANSIONS; i++)
        ns_strlist_add(&ex->word->expansions, all.items[i]);
    ns_strlist_clear(&all);
    ns_strmap_free(&ex->seen, NULL);
}

static ns_explain_word *new_word(explaining *x, const ns_qnode *n, size_t i, const char *match)
{
    ns_buf written = NS_BUF_INIT;
    if (n->exact)
        ns_buf_putc(&written, '=');
    ns_buf_puts(&written, n->surfaces.items[i]);
    if (n->kind == NS_Q_WILDCARD)
        ns_buf_putc(&written, '*');
    if (n->fuzzy)
        ns_buf_printf(&written, "~%u", n->fuzzy);
    ns_buf_puts(&written, n->field == NS_FIELD_TITLE ? " title" : " text");
    void **slot = ns_strmap_slot(&x->seen, written.data, written.len);
    if (*slot) {
        ns_buf_free(&written);
        return NULL;
    }
    *slot = x;
    ns_buf_truncate(&written, written.len - (n->field == NS_FIELD_TITLE ? 6 : 5));
    ns_explanation *e = x->e;
    e->words = ns_xgrow(e->words, &x->cap, e->n_words + 1, sizeof *e->words);
    ns_explain_word *w = &e->words[e->n_words++];
    memset(w, 0, sizeof *w);
    w->written = ns_buf_detach(&written);
    w->field = n->field == NS_FIELD_TITLE ? "title" : "text";
    w->match = match;
    w->folded = ns_xstrdup(n->words.items[i]);
    return w;
}

static void explain_wildcard(explaining *x, const ns_qnode *n)
{
    ns_explain_word *w = new_word(x, n, 0, "wildcard");
    if (!w || x->status != NS_OK)
        return;
    const char *word = n->words.items[0];
    expansion ex = { .word = w };
    if (n->field == NS_FIELD_TITLE) {
        ns_schema_term(&x->term, NS_PREFIX_TITLE, word, strlen(word));
        ex.prefix_len = strlen(NS_PREFIX_TITLE);
        x->status = ns_xdb_each_term(x->db, x->term.data, add_expansion, &ex, x->err);
    } else {
        x->status = ns_xdb_each_term(x->db, word, add_expansion, &ex, x->err);
        ns_schema_term(&x->term, NS_PREFIX_EXACT, word, strlen(word));
        ex.prefix_len = strlen(NS_PREFIX_EXACT);
        ex.variants = true;
        if (x->status == NS_OK)
            x->status = ns_xdb_each_term(x->db, x->term.data, add_expansion, &ex, x->err);
    }
    keep_expansions(&ex);
}

static int add_stem_word(void *ctx, const char *term, size_t len, const char *word,
                         size_t word_len)
{
    (void)term;
    (void)len;
    note_expansion(ctx, word, word_len);
    return 0;
}

/* A stemmed word's stem and the index's words that have it (what the
 * query asks for: build.c). */
static void explain_stem(explaining *x, ns_explain_word *w, bool title)
{
    size_t stem_len;
    const char *stem = ns_terms_stem(x->terms, w->folded, strlen(w->folded), &stem_len);
    w->stem = ns_xstrndup(stem, stem_len);
    expansion ex = { .word = w };
    if (x->db)
        x->status = ns_terms_each_with_stem(x->terms, x->db, w->stem, stem_len, title,
                                            add_stem_word, &ex, x->err);
    keep_expansions(&ex);
}

static void explain_node(explaining *x, const ns_qnode *n, bool positional)
{
    if (x->status != NS_OK)
        return;
    switch (n->kind) {
    case NS_Q_WORD:
    case NS_Q_PHRASE: {
        bool stemmed = n->kind == NS_Q_WORD && !positional && !n->exact;
        for (size_t i = 0; i < n->words.len; i++) {
            const char *match = n->exact ? "exact" : n->fuzzy ? "fuzzy" : stemmed ? "stem" : "word";
            ns_explain_word *w = new_word(x, n, i, match);
            if (!w)
                continue;
            if (n->fuzzy) {
                for (size_t k = 0; k < n->expansions.len && k < NS_EXPLAIN_EXPANSIONS; k++)
                    ns_strlist_add(&w->expansions, n->expansions.items[k]);
                w->n_expansions = n->expansions.len;
            } else if (stemmed) {
                explain_stem(x, w, n->field == NS_FIELD_TITLE);
            }
        }
        return;
    }
    case NS_Q_WILDCARD:
        explain_wildcard(x, n);
        return;
    default:
        break;
    }
    bool child_positional = positional || n->kind == NS_Q_NEAR || n->kind == NS_Q_ADJ;
    for (size_t i = 0; i < n->n_children; i++)
        explain_node(x, n->children[i], child_positional);
}

ns_status ns_explain(ns_xdb *db, ns_terms *terms, const ns_qnode *root, const ns_xquery *xquery,
                     ns_explanation **out, ns_error *err)
{
    ns_explanation *e = ns_xcalloc(1, sizeof *e);
    e->reading = root ? ns_query_reading(root) : ns_xstrdup("every article");
    e->tree = ns_query_describe(root);
    e->xapian = ns_xquery_describe(xquery);
    explaining x = { .db = db, .terms = terms, .e = e, .err = err, .status = NS_OK };
    if (root)
        explain_node(&x, root, false);
    ns_strmap_free(&x.seen, NULL);
    ns_buf_free(&x.term);
    if (x.status != NS_OK) {
        ns_explanation_free(e);
        return x.status;
    }
    *out = e;
    return NS_OK;
}

void ns_explanation_free(ns_explanation *e)
{
    if (!e)
        return;
    free(e->reading);
    free(e->tree);
    free(e->xapian);
    for (size_t i = 0; i < e->n_words; i++) {
        free(e->words[i].written);
        free(e->words[i].folded);
        free(e->words[i].stem);
        ns_strlist_clear(&e->words[i].expansions);
    }
    free(e->words);
    free(e);
}
