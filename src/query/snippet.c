#include "query/snippet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/dates.h"
#include "text/normalize.h"
#include "text/tokenize.h"
#include "util/buf.h"
#include "util/mem.h"

/* How one word of a query part matches a word of the text. */
typedef enum match_kind {
    M_STEM,      /* same stem as stems[0] */
    M_STEMS,     /* a stem among stems (fuzzy) */
    M_WORD,      /* the same normalised word (phrases, NEAR) */
    M_SURFACE,   /* the same surface form (exact) */
    M_PREFIX     /* starts with the word (wildcard) */
} match_kind;

/* A text part of the query: one word, or a phrase matched whole. */
typedef struct query_part {
    char *part;
    ns_field field;
    match_kind kind;
    char **words;          /* borrowed from the tree: normalised, or surfaces (M_SURFACE) */
    size_t len;
    ns_strlist stems;      /* M_STEM, M_STEMS */
    size_t group;          /* its NEAR or ADJ group + 1, or 0 */
} query_part;

typedef struct near_group {
    unsigned window;
    bool ordered;
} near_group;

struct ns_highlighter {
    ns_terms *terms;
    const ns_qnode *root;
    query_part *elements;
    size_t n_elements, cap_elements;
    near_group *groups;
    size_t n_groups, cap_groups;
    bool need_stems, need_surfaces;
    /* The first bytes of the query's stems: the English stemmer changes
     * only a word's ending, so a word that starts otherwise cannot share a
     * stem with the query, and is not stemmed (stemming every word of
     * every hit was most of a search's time). */
    bool stem_starts[256];
};

static void describe_part(ns_buf *out, const ns_qnode *n)
{
    if (n->field == NS_FIELD_TITLE)
        ns_buf_puts(out, "title:");
    const ns_strlist *words = n->exact ? &n->surfaces : &n->words;
    if (n->exact)
        ns_buf_putc(out, '=');
    if (n->kind == NS_Q_PHRASE)
        ns_buf_putc(out, '"');
    for (size_t i = 0; i < words->len; i++)
        ns_buf_printf(out, "%s%s", i ? " " : "", words->items[i]);
    if (n->kind == NS_Q_PHRASE)
        ns_buf_putc(out, '"');
    if (n->kind == NS_Q_WILDCARD)
        ns_buf_putc(out, '*');
    if (n->fuzzy)
        ns_buf_printf(out, "~%u", n->fuzzy);
}

static void add_stem(ns_highlighter *h, query_part *e, const char *word)
{
    size_t stem_len;
    const char *stem = ns_terms_stem(h->terms, word, strlen(word), &stem_len);
    char *copy = ns_xstrndup(stem, stem_len);
    ns_strlist_add_unique(&e->stems, copy);
    free(copy);
    if (stem_len)
        h->stem_starts[(unsigned char)stem[0]] = true;
}

static void add_element(ns_highlighter *h, const ns_qnode *n, bool exact_words, size_t group)
{
    h->elements = ns_xgrow(h->elements, &h->cap_elements, h->n_elements + 1, sizeof *h->elements);
    query_part *e = &h->elements[h->n_elements++];
    memset(e, 0, sizeof *e);
    ns_buf part = NS_BUF_INIT;
    describe_part(&part, n);
    e->part = ns_buf_detach(&part);
    e->field = n->field;
    e->group = group;
    e->words = n->exact ? n->surfaces.items : n->words.items;
    e->len = n->words.len;
    if (n->exact) {
        e->kind = M_SURFACE;
        h->need_surfaces = true;
    } else if (n->kind == NS_Q_WILDCARD) {
        e->kind = M_PREFIX;
    } else if (n->kind == NS_Q_WORD && n->fuzzy) {
        e->kind = M_STEMS;
        for (size_t i = 0; i < n->expansions.len; i++)
            add_stem(h, e, n->expansions.items[i]);
        h->need_stems = true;
    } else if (n->kind == NS_Q_WORD && !exact_words) {
        e->kind = M_STEM;
        add_stem(h, e, n->words.items[0]);
        h->need_stems = true;
    } else {
        e->kind = M_WORD;
    }
}

static void collect(ns_highlighter *h, const ns_qnode *n, bool exact_words, size_t group)
{
    if (n->field != NS_FIELD_TEXT && n->field != NS_FIELD_TITLE)
        return;
    switch (n->kind) {
    case NS_Q_WORD:
    case NS_Q_PHRASE:
    case NS_Q_WILDCARD:
        add_element(h, n, exact_words, group);
        return;
    case NS_Q_NEAR:
    case NS_Q_ADJ:
        h->groups = ns_xgrow(h->groups, &h->cap_groups, h->n_groups + 1, sizeof *h->groups);
        h->groups[h->n_groups++] = (near_group){ n->window, n->kind == NS_Q_ADJ };
        for (size_t i = 0; i < n->n_children; i++)
            collect(h, n->children[i], true, h->n_groups);
        return;
    case NS_Q_AND_NOT:
        /* What a query excludes is not highlighted. */
        collect(h, n->children[0], exact_words, group);
        return;
    default:
        for (size_t i = 0; i < n->n_children; i++)
            collect(h, n->children[i], exact_words, group);
    }
}

ns_highlighter *ns_highlighter_new(const ns_qnode *root, ns_terms *terms)
{
    ns_highlighter *h = ns_xcalloc(1, sizeof *h);
    h->terms = terms;
    h->root = root;
    if (root)
        collect(h, root, false, 0);
    return h;
}

void ns_highlighter_free(ns_highlighter *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->n_elements; i++) {
        free(h->elements[i].part);
        ns_strlist_clear(&h->elements[i].stems);
    }
    free(h->elements);
    free(h->groups);
    free(h);
}

/* ---- scanning a text ---- */

typedef struct word {
    size_t start, end;      /* bytes in the text */
    size_t norm, norm_len;  /* in the scan's buffer */
    size_t surf, surf_len;
    size_t stem, stem_len;
    bool match;             /* for snippets: some part matched it */
} word;

typedef struct unit {
    size_t first, last;     /* words */
    size_t element;
} unit;

typedef struct scan {
    ns_highlighter *h;
    const char *text;
    word *words;
    size_t len, cap;
    ns_buf store;
    unit *units;
    size_t n_units, cap_units;
} scan;

static int note_word(void *ctx, const ns_token *t)
{
    scan *s = ctx;
    s->words = ns_xgrow(s->words, &s->cap, s->len + 1, sizeof *s->words);
    word *w = &s->words[s->len++];
    memset(w, 0, sizeof *w);
    w->start = t->start;
    w->end = t->end;
    w->norm = s->store.len;
    w->norm_len = t->len;
    ns_buf_append(&s->store, t->text, t->len);
    if (s->h->need_surfaces) {
        w->surf = s->store.len;
        ns_surface_form(&s->store, s->text + t->start, t->end - t->start);
        w->surf_len = s->store.len - w->surf;
    }
    if (s->h->need_stems && s->h->stem_starts[(unsigned char)t->text[0]]) {
        size_t stem_len;
        const char *stem = ns_terms_stem(s->h->terms, t->text, t->len, &stem_len);
        w->stem = s->store.len;
        w->stem_len = stem_len;
        ns_buf_append(&s->store, stem, stem_len);
    }
    return 0;
}

static bool same(const char *a, size_t a_len, const char *b)
{
    return strlen(b) == a_len && memcmp(a, b, a_len) == 0;
}

static bool word_matches(const scan *s, const query_part *e, size_t k, const word *w)
{
    const char *base = s->store.data;
    switch (e->kind) {
    case M_STEM:
    case M_STEMS:
        for (size_t i = 0; i < e->stems.len; i++)
            if (same(base + w->stem, w->stem_len, e->stems.items[i]))
                return true;
        return false;
    case M_WORD:
        return same(base + w->norm, w->norm_len, e->words[k]);
    case M_SURFACE:
        return same(base + w->surf, w->surf_len, e->words[k]);
    case M_PREFIX: {
        size_t n = strlen(e->words[0]);
        return w->norm_len >= n && memcmp(base + w->norm, e->words[0], n) == 0;
    }
    }
    return false;
}

static void add_unit(scan *s, size_t first, size_t last, size_t element)
{
    s->units = ns_xgrow(s->units, &s->cap_units, s->n_units + 1, sizeof *s->units);
    s->units[s->n_units++] = (unit){ first, last, element };
}

/* Tokenise text and find where every part of the query matches it;
 * title_only_too: whether parts limited to the title count here. */
static void scan_text(scan *s, ns_highlighter *h, const char *text, bool in_title)
{
    memset(s, 0, sizeof *s);
    s->h = h;
    s->text = text;
    ns_buf_append(&s->store, "", 0);
    /* Only the first NS_SNIPPET_SCAN_BYTES: a search must stay quick when
     * it finds a 50 MB article. */
    size_t len = strlen(text);
    if (len > NS_SNIPPET_SCAN_BYTES) {
        len = NS_SNIPPET_SCAN_BYTES;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--;
    }
    ns_tokenize(text, len, note_word, s);
    for (size_t e = 0; e < h->n_elements; e++) {
        const query_part *el = &h->elements[e];
        if (el->field == NS_FIELD_TITLE && !in_title)
            continue;
        for (size_t i = 0; i + el->len <= s->len; i++) {
            size_t k = 0;
            while (k < el->len && word_matches(s, el, k, &s->words[i + k]))
                k++;
            if (k == el->len) {
                add_unit(s, i, i + el->len - 1, e);
                for (k = 0; k < el->len; k++)
                    s->words[i + k].match = true;
            }
        }
    }
}

static void scan_free(scan *s)
{
    free(s->words);
    free(s->units);
    ns_buf_free(&s->store);
}

static int compare_units(const void *a, const void *b)
{
    const unit *x = a, *y = b;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    return x->last < y->last ? -1 : x->last > y->last;
}

/* The units a reader sees as matches: every part's, except that the words
 * of a NEAR or ADJ group count only where the group is satisfied, as one
 * unit spanning its window.  Sorted by first word. */
static void query_units(const scan *s, unit **out, size_t *n_out)
{
    const ns_highlighter *h = s->h;
    unit *units = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < s->n_units; i++) {
        if (h->elements[s->units[i].element].group)
            continue;
        units = ns_xgrow(units, &cap, n + 1, sizeof *units);
        units[n++] = s->units[i];
    }
    for (size_t g = 0; g < h->n_groups; g++) {
        /* The group's elements, in query order. */
        size_t members[16], n_members = 0;
        for (size_t e = 0; e < h->n_elements && n_members < 16; e++)
            if (h->elements[e].group == g + 1)
                members[n_members++] = e;
        if (n_members == 0)
            continue;
        size_t span_words = 0;
        for (size_t m = 0; m < n_members; m++)
            span_words += h->elements[members[m]].len;
        size_t reach = h->groups[g].window + span_words - 1;
        size_t from = 0;
        for (size_t i = 0; i < s->n_units; i++) {
            const unit *start = &s->units[i];
            size_t e0 = start->element;
            if (h->elements[e0].group != g + 1 || start->first < from)
                continue;
            if (h->groups[g].ordered && e0 != members[0])
                continue;
            size_t last = start->last, after = start->first;
            bool all = true;
            for (size_t m = 0; m < n_members && all; m++) {
                if (members[m] == e0 && !h->groups[g].ordered)
                    continue;
                /* The earliest match of this member from the start (in order: after the
                 * previous member). */
                size_t lower = h->groups[g].ordered ? after : start->first;
                const unit *best = NULL;
                for (size_t j = 0; j < s->n_units; j++) {
                    const unit *u = &s->units[j];
                    if (u->element == members[m] && u->first >= lower &&
                        (!best || u->first < best->first))
                        best = u;
                }
                if (!best || best->last >= start->first + reach)
                    all = false;
                else {
                    if (best->last > last)
                        last = best->last;
                    after = best->last + 1;
                }
            }
            if (!all)
                continue;
            units = ns_xgrow(units, &cap, n + 1, sizeof *units);
            units[n++] = (unit){ start->first, last, e0 };
            from = last + 1;
        }
    }
    if (n)
        qsort(units, n, sizeof *units, compare_units);
    *out = units;
    *n_out = n;
}

/* Append text[from, to) with runs of white space as one space. */
static void append_collapsed(ns_buf *out, const char *text, size_t from, size_t to)
{
    bool space = false;
    for (size_t i = from; i < to;) {
        int32_t cp;
        size_t n = ns_utf8_decode(text + i, to - i, &cp);
        if (ns_char_is_space(cp)) {
            space = true;
        } else {
            if (space && out->len > 0 && out->data[out->len - 1] != ' ')
                ns_buf_putc(out, ' ');
            space = false;
            ns_buf_append(out, text + i, n);
        }
        i += n;
    }
    if (space && out->len > 0 && out->data[out->len - 1] != ' ')
        ns_buf_putc(out, ' ');
}

#define ELLIPSIS "\xE2\x80\xA6"
/* Words shown before the first match, so it is read in context. */
#define LEAD_WORDS 6

/* Words [first, last] of a scanned text as a passage: white space
 * collapsed, "…" where cut, the trailing punctuation of the last word
 * kept, and a highlighted span for each run of marked words or each unit. */
static void passage(const scan *s, size_t first, size_t last, const unit *units, size_t n_units,
                    ns_snippet *out)
{
    const char *text = s->text;
    ns_buf buf = NS_BUF_INIT;
    ns_buf_append(&buf, "", 0);
    if (first > 0)
        ns_buf_puts(&buf, ELLIPSIS " ");
    ns_span *spans = NULL;
    size_t n_spans = 0, cap = 0;
    size_t at = s->words[first].start;
    size_t u = 0, span_start = 0;
    bool open = false;
    size_t open_until = 0;
    for (size_t i = first; i <= last; i++) {
        append_collapsed(&buf, text, at, s->words[i].start);
        if (!open) {
            if (units) {
                while (u < n_units && units[u].first < i)
                    u++;
                if (u < n_units && units[u].first == i) {
                    open = true;
                    open_until = units[u].last;
                    /* Overlapping units join the one open. */
                    while (u + 1 < n_units && units[u + 1].first <= open_until) {
                        u++;
                        if (units[u].last > open_until)
                            open_until = units[u].last;
                    }
                }
            } else if (s->words[i].match) {
                open = true;
                open_until = i;
            }
            if (open)
                span_start = buf.len;
        }
        ns_buf_append(&buf, text + s->words[i].start, s->words[i].end - s->words[i].start);
        at = s->words[i].end;
        if (open && !units && i + 1 <= last && s->words[i + 1].match && false)
            open_until = i + 1;
        if (open && i >= open_until) {
            spans = ns_xgrow(spans, &cap, n_spans + 1, sizeof *spans);
            spans[n_spans++] = (ns_span){ span_start, buf.len - span_start };
            open = false;
        }
    }
    if (open) {
        spans = ns_xgrow(spans, &cap, n_spans + 1, sizeof *spans);
        spans[n_spans++] = (ns_span){ span_start, buf.len - span_start };
    }
    /* Keep the punctuation that ends the last word's sentence. */
    size_t end = at;
    while (text[end] && strchr(".,;:!?\"')", text[end]))
        end++;
    ns_buf_append(&buf, text + at, end - at);
    if (last + 1 < s->len)
        ns_buf_puts(&buf, " " ELLIPSIS);
    out->text = ns_buf_detach(&buf);
    out->spans = spans;
    out->n_spans = n_spans;
}

void ns_snippet_make(ns_highlighter *h, const char *text, size_t max_words, ns_snippet *out)
{
    memset(out, 0, sizeof *out);
    scan s;
    scan_text(&s, h, text, false);
    if (s.len == 0 || max_words == 0) {
        out->text = ns_xstrdup("");
        scan_free(&s);
        return;
    }
    /* The window of max_words words with the most matches, earliest first. */
    size_t best = 0, best_count = 0, count = 0;
    for (size_t i = 0; i < s.len; i++) {
        count += s.words[i].match;
        if (i >= max_words)
            count -= s.words[i - max_words].match;
        size_t start = i + 1 >= max_words ? i + 1 - max_words : 0;
        if (count > best_count) {
            best_count = count;
            best = start;
        }
    }
    if (best_count > 0) {
        size_t first_match = best;
        while (!s.words[first_match].match)
            first_match++;
        best = first_match > LEAD_WORDS ? first_match - LEAD_WORDS : 0;
    }
    size_t last = best + max_words < s.len ? best + max_words - 1 : s.len - 1;
    passage(&s, best, last, NULL, 0, out);
    scan_free(&s);
}

void ns_highlight_text(ns_highlighter *h, const char *text, bool in_title, ns_span **spans,
                       size_t *n_spans)
{
    scan s;
    scan_text(&s, h, text, in_title);
    ns_span *out = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < s.len; i++) {
        if (!s.words[i].match)
            continue;
        out = ns_xgrow(out, &cap, n + 1, sizeof *out);
        out[n++] = (ns_span){ s.words[i].start, s.words[i].end - s.words[i].start };
    }
    scan_free(&s);
    *spans = out;
    *n_spans = n;
}

void ns_snippet_clear(ns_snippet *snippet)
{
    if (!snippet)
        return;
    free(snippet->text);
    free(snippet->spans);
    memset(snippet, 0, sizeof *snippet);
}

/* ---- why ---- */

#define WHY_QUOTES 3
#define WHY_QUOTE_WORDS 4

static ns_match *add_match(ns_match_list *list, const char *part, const char *field)
{
    list->items = ns_xgrow(list->items, &list->cap, list->len + 1, sizeof *list->items);
    ns_match *m = &list->items[list->len++];
    memset(m, 0, sizeof *m);
    m->part = ns_xstrdup(part);
    m->field = ns_xstrdup(field);
    return m;
}

static void why_in(ns_highlighter *h, const char *text, bool in_title, ns_match_list *out)
{
    scan s;
    scan_text(&s, h, text, in_title);
    for (size_t e = 0; e < h->n_elements; e++) {
        ns_match *m = NULL;
        for (size_t i = 0; i < s.n_units; i++) {
            const unit *u = &s.units[i];
            if (u->element != e)
                continue;
            if (!m)
                m = add_match(out, h->elements[e].part, in_title ? "title" : "body");
            m->count++;
            if (m->quotes.len < WHY_QUOTES) {
                size_t first = u->first > WHY_QUOTE_WORDS ? u->first - WHY_QUOTE_WORDS : 0;
                size_t last = u->last + WHY_QUOTE_WORDS < s.len ? u->last + WHY_QUOTE_WORDS
                                                                : s.len - 1;
                ns_snippet quote;
                passage(&s, first, last, u, 1, &quote);
                ns_strlist_add(&m->quotes, quote.text);
                ns_snippet_clear(&quote);
            }
        }
    }
    scan_free(&s);
}

static bool slug_in(const char *value, const ns_strlist *names)
{
    for (size_t i = 0; i < names->len; i++) {
        char *slug = ns_slug(names->items[i]);
        bool hit = strcmp(slug, value) == 0;
        free(slug);
        if (hit)
            return true;
    }
    return false;
}

typedef struct name_word_search {
    const char *word;
    bool found;
} name_word_search;

static int find_name_word(void *ctx, const ns_token *t)
{
    name_word_search *search = ctx;
    if (same(t->text, t->len, search->word))
        search->found = true;
    return search->found;
}

/* The filters of the query the article passes, with its value. */
static void why_filters(const ns_qnode *n, const ns_article *a, ns_match_list *out)
{
    if (n->kind == NS_Q_AND_NOT) {
        why_filters(n->children[0], a, out);
        return;
    }
    for (size_t i = 0; i < n->n_children; i++)
        why_filters(n->children[i], a, out);
    const char *field = ns_schema_field(n->field)->name;
    char part[300];
    const char *value = NULL;
    char date[21];
    if (n->kind == NS_Q_FILTER) {
        snprintf(part, sizeof part, "%s %s %s", field, n->name_word ? "named" : "=", n->value);
        if (n->field == NS_FIELD_OUTLET && a->outlet) {
            char *slug = ns_slug(a->outlet);
            if (strcmp(slug, n->value) == 0)
                value = a->outlet;
            free(slug);
        } else if (n->field == NS_FIELD_CREDIT) {
            for (size_t i = 0; i < a->credits.len && !value; i++) {
                ns_strlist one = { 0 };
                ns_strlist_add(&one, a->credits.items[i]);
                if (slug_in(n->value, &one))
                    value = a->credits.items[i];
                ns_strlist_clear(&one);
            }
        } else if (n->field == NS_FIELD_PERSON) {
            for (size_t i = 0; i < a->people.len && !value; i++) {
                const char *name = a->people.items[i];
                if (n->name_word) {
                    name_word_search search = { n->value, false };
                    ns_tokenize(name, strlen(name), find_name_word, &search);
                    if (search.found)
                        value = name;
                } else {
                    char *slug = ns_slug(name);
                    if (strcmp(slug, n->value) == 0)
                        value = name;
                    free(slug);
                }
            }
        }
    } else if (n->kind == NS_Q_DATE) {
        char first[21], last[21];
        ns_format_date_bound(n->has_first, n->first, false, first);
        ns_format_date_bound(n->has_last, n->last, true, last);
        snprintf(part, sizeof part, "date %s..%s", first, last);
        if ((!n->has_first || a->date >= n->first) && (!n->has_last || a->date <= n->last)) {
            ns_format_iso8601(a->date, date);
            value = date;
        }
    }
    if (value) {
        ns_match *m = add_match(out, part, field);
        m->count = 1;
        ns_strlist_add(&m->quotes, value);
    }
}

void ns_why(ns_highlighter *h, const ns_article *a, ns_match_list *out)
{
    memset(out, 0, sizeof *out);
    why_in(h, a->title, true, out);
    why_in(h, a->body, false, out);
    if (h->root)
        why_filters(h->root, a, out);
}

void ns_match_list_clear(ns_match_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->len; i++) {
        free(list->items[i].part);
        free(list->items[i].field);
        ns_strlist_clear(&list->items[i].quotes);
    }
    free(list->items);
    memset(list, 0, sizeof *list);
}

/* ---- contexts ---- */

typedef struct passage_list {
    ns_passage *items;
    size_t len, cap;
} passage_list;

static void contexts_in(ns_highlighter *h, const char *text, bool in_title, size_t words,
                        passage_list *out)
{
    scan s;
    scan_text(&s, h, text, in_title);
    unit *units;
    size_t n_units;
    query_units(&s, &units, &n_units);
    for (size_t i = 0; i < n_units;) {
        size_t first = units[i].first > words ? units[i].first - words : 0;
        size_t last = units[i].last;
        size_t j = i + 1;
        /* Matches whose contexts touch share a passage. */
        for (; j < n_units && units[j].first <= last + 2 * words + 1; j++)
            if (units[j].last > last)
                last = units[j].last;
        last = last + words < s.len ? last + words : s.len - 1;
        out->items = ns_xgrow(out->items, &out->cap, out->len + 1, sizeof *out->items);
        ns_passage *p = &out->items[out->len++];
        p->field = in_title ? "title" : "body";
        p->position = (uint32_t)units[i].first + 1;
        passage(&s, first, last, units + i, j - i, &p->text);
        i = j;
    }
    free(units);
    scan_free(&s);
}

void ns_contexts(ns_highlighter *h, const ns_article *a, size_t words, ns_passage **out,
                 size_t *n_out)
{
    passage_list list = { 0 };
    contexts_in(h, a->title, true, words, &list);
    contexts_in(h, a->body, false, words, &list);
    *out = list.items;
    *n_out = list.len;
}

void ns_passages_free(ns_passage *passages, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ns_snippet_clear(&passages[i].text);
    free(passages);
}
