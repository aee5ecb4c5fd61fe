#include "query/parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/credit.h"
#include "extract/dates.h"
#include "extract/outlet.h"
#include "text/normalize.h"
#include "text/tokenize.h"
#include "util/buf.h"
#include "util/mem.h"

/* ---- lexing ---- */

typedef enum tkind {
    T_END,
    T_WORD,       /* text: the chunk as written */
    T_PHRASE,     /* text: between the quotes */
    T_LPAREN,
    T_RPAREN,
    T_AND,
    T_OR,
    T_NOT,
    T_XOR,
    T_NEAR,
    T_ADJ,
    T_FIELD       /* field: then a value: WORD or PHRASE text, or a group that follows */
} tkind;

typedef enum value_kind { V_WORD, V_PHRASE, V_GROUP, V_NONE } value_kind;

typedef struct tok {
    tkind kind;
    const char *text;
    size_t len;
    const char *surface;      /* the whole token as written */
    size_t surface_len;
    int sign;                 /* +1 for '+', -1 for '-', 0 */
    unsigned window;          /* NEAR/n, ADJ/n */
    const ns_field_info *field;
    value_kind value;
    bool exact;               /* =word, ="phrase" */
    bool since;               /* since:X, a date from X on */
} tok;

typedef struct lexer {
    const char *s;
    size_t len;
    size_t at;
    tok *toks;
    size_t n, cap;
    ns_strlist *notes;
} lexer;

static void note(ns_strlist *notes, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void note(ns_strlist *notes, const char *fmt, ...)
{
    char message[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    ns_strlist_add_unique(notes, message);
}

static int32_t cp_at(const lexer *lx, size_t at, size_t *width)
{
    if (at >= lx->len) {
        *width = 0;
        return -1;
    }
    int32_t cp;
    *width = ns_utf8_decode(lx->s + at, lx->len - at, &cp);
    return cp;
}

static bool is_quote(int32_t cp)
{
    return cp == '"' || cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0x00AB ||
           cp == 0x00BB;
}

static bool ends_chunk(int32_t cp)
{
    return cp < 0 || ns_char_is_space(cp) || cp == '(' || cp == ')' || is_quote(cp) ||
           (cp < 0x20 && cp >= 0);
}

static tok *push(lexer *lx, tkind kind, size_t start)
{
    lx->toks = ns_xgrow(lx->toks, &lx->cap, lx->n + 1, sizeof *lx->toks);
    tok *t = &lx->toks[lx->n++];
    memset(t, 0, sizeof *t);
    t->kind = kind;
    t->surface = lx->s + start;
    return t;
}

/* A quoted phrase starting at the opening quote. */
static void lex_phrase(lexer *lx, tok *t)
{
    size_t w;
    cp_at(lx, lx->at, &w);
    lx->at += w;
    size_t start = lx->at;
    for (;;) {
        int32_t cp = cp_at(lx, lx->at, &w);
        if (cp < 0) {
            note(lx->notes, "a quote was not closed: the phrase runs to the end of the query");
            break;
        }
        if (is_quote(cp)) {
            t->text = lx->s + start;
            t->len = lx->at - start;
            lx->at += w;
            return;
        }
        lx->at += w;
    }
    t->text = lx->s + start;
    t->len = lx->at - start;
}

static bool chunk_is(const char *s, size_t len, const char *word)
{
    return strlen(word) == len && memcmp(s, word, len) == 0;
}

/* NEAR, NEAR/5, ADJ, ADJ/5. */
static bool operator_with_window(const char *s, size_t len, const char *name, unsigned *window)
{
    size_t n = strlen(name);
    if (len < n || memcmp(s, name, n) != 0)
        return false;
    if (len == n) {
        *window = NS_NEAR_DEFAULT_WINDOW;
        return true;
    }
    if (s[n] != '/' || len == n + 1 || len > n + 5)
        return false;
    unsigned v = 0;
    for (size_t i = n + 1; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    *window = v;
    return true;
}

static void lex(lexer *lx)
{
    bool at_term_start = true;   /* after space, '(' or the start: '+'/'-' are signs here */
    for (;;) {
        size_t w;
        int32_t cp = cp_at(lx, lx->at, &w);
        if (cp < 0)
            break;
        if (ns_char_is_space(cp) || (cp < 0x20)) {
            lx->at += w;
            at_term_start = true;
            continue;
        }
        size_t start = lx->at;
        int sign = 0;
        if ((cp == '+' || cp == '-') && at_term_start) {
            size_t w2;
            int32_t next = cp_at(lx, lx->at + w, &w2);
            if (next >= 0 && !ns_char_is_space(next) && next != ')' && next != '+' && next != '-') {
                sign = cp == '+' ? 1 : -1;
                lx->at += w;
                cp = next;
                w = w2;
            }
        }
        bool exact = false;
        if (cp == '=') {
            size_t w2;
            int32_t next = cp_at(lx, lx->at + w, &w2);
            if (next >= 0 && !ns_char_is_space(next) && next != ')' && next != '(') {
                exact = true;
                lx->at += w;
                cp = next;
                w = w2;
            }
        }
        if (cp == '(' && !exact) {
            push(lx, T_LPAREN, start)->sign = sign;
            lx->at += w;
            at_term_start = true;
            continue;
        }
        if (cp == ')') {
            push(lx, T_RPAREN, start);
            lx->at += w;
            at_term_start = true;
            continue;
        }
        at_term_start = false;
        if (is_quote(cp)) {
            tok *t = push(lx, T_PHRASE, start);
            t->sign = sign;
            t->exact = exact;
            lex_phrase(lx, t);
            t->surface_len = (size_t)(lx->s + lx->at - t->surface);
            continue;
        }
        size_t chunk = lx->at;
        while (!ends_chunk(cp_at(lx, lx->at, &w)))
            lx->at += w;
        const char *s = lx->s + chunk;
        size_t len = lx->at - chunk;
        unsigned window = 0;
        if (sign == 0 && !exact) {
            tkind op = chunk_is(s, len, "AND") ? T_AND
                       : chunk_is(s, len, "OR") ? T_OR
                       : chunk_is(s, len, "NOT") ? T_NOT
                       : chunk_is(s, len, "XOR") ? T_XOR
                       : operator_with_window(s, len, "NEAR", &window) ? T_NEAR
                       : operator_with_window(s, len, "ADJ", &window) ? T_ADJ
                       : T_END;
            if (op != T_END) {
                tok *t = push(lx, op, start);
                t->window = window;
                t->surface_len = len;
                at_term_start = true;
                continue;
            }
        }
        const char *colon = exact ? NULL : memchr(s, ':', len);
        if (colon && colon > s) {
            const ns_field_info *field = ns_schema_field_by_name(s, (size_t)(colon - s));
            /* since:X is date:X.. (not a field of the index, a way of saying one). */
            bool since = !field && (size_t)(colon - s) == 5 && strncasecmp(s, "since", 5) == 0;
            if (since)
                field = ns_schema_field(NS_FIELD_DATE);
            if (field && field->field != NS_FIELD_TEXT) {
                tok *t = push(lx, T_FIELD, start);
                t->sign = sign;
                t->field = field;
                t->since = since;
                size_t value_at = (size_t)(colon + 1 - lx->s);
                /* title:="exact phrase" */
                if (value_at + 1 == lx->at && colon[1] == '=' && is_quote(cp_at(lx, lx->at, &w))) {
                    t->exact = true;
                    value_at = lx->at;
                }
                if (value_at < lx->at) {
                    t->value = V_WORD;
                    t->text = colon + 1;
                    t->len = lx->at - value_at;
                } else {
                    int32_t next = cp_at(lx, lx->at, &w);
                    if (is_quote(next)) {
                        t->value = V_PHRASE;
                        lex_phrase(lx, t);
                    } else if (next == '(') {
                        t->value = V_GROUP;
                    } else {
                        t->value = V_NONE;
                    }
                }
                t->surface_len = (size_t)(lx->s + lx->at - t->surface);
                continue;
            }
            if (!field) {
                /* Only a name of letters before the colon looks like a field. */
                bool name = true;
                for (const char *p = s; p < colon && name; p++)
                    name = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_';
                if (name)
                    note(lx->notes,
                         "\"%.*s:\" is not a field (fields are title, outlet, person, credit "
                         "and date): searched as words",
                         (int)(colon - s), s);
            }
        }
        tok *t = push(lx, T_WORD, start);
        t->sign = sign;
        t->exact = exact;
        t->text = s;
        t->len = len;
        t->surface_len = (size_t)(lx->s + lx->at - t->surface);
    }
    push(lx, T_END, lx->at);
}

/* ---- tree ---- */

static ns_qnode *node_new(ns_qkind kind, ns_field field, const tok *t)
{
    ns_qnode *n = ns_xcalloc(1, sizeof *n);
    n->kind = kind;
    n->field = field;
    if (t)
        n->surface = ns_xstrndup(t->surface, t->surface_len);
    return n;
}

static void node_free(ns_qnode *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->n_children; i++)
        node_free(n->children[i]);
    free(n->children);
    ns_strlist_clear(&n->words);
    ns_strlist_clear(&n->surfaces);
    ns_strlist_clear(&n->expansions);
    free(n->value);
    free(n->surface);
    free(n);
}

static void add_child(ns_qnode *parent, ns_qnode *child)
{
    parent->children = ns_xrealloc(parent->children,
                                   (parent->n_children + 1) * sizeof *parent->children);
    parent->children[parent->n_children++] = child;
}

/* A node of kind over a and b; NULL sides drop out.  Children of the
 * same associative kind are flattened. */
static ns_qnode *combine(ns_qkind kind, ns_qnode *a, ns_qnode *b, unsigned window)
{
    if (!a)
        return b;
    if (!b)
        return a;
    bool flat = kind == NS_Q_AND || kind == NS_Q_OR;
    ns_qnode *n;
    if (flat && a->kind == kind) {
        n = a;
    } else {
        n = node_new(kind, NS_FIELD_TEXT, NULL);
        n->window = window;
        add_child(n, a);
    }
    if (flat && b->kind == kind) {
        for (size_t i = 0; i < b->n_children; i++)
            add_child(n, b->children[i]);
        b->n_children = 0;
        node_free(b);
    } else {
        add_child(n, b);
    }
    return n;
}

/* ---- parsing ---- */

typedef struct parser {
    const ns_query_options *options;
    const char *text;           /* the query, for where a node's words are */
    tok *toks;
    size_t at;
    int depth;
    size_t words;              /* words and field values so far */
    unsigned xors;
    ns_strlist *notes;
    ns_error *err;
    ns_status status;
} parser;

static const tok *peek(const parser *p)
{
    return &p->toks[p->at];
}

static bool failed(const parser *p)
{
    return p->status != NS_OK;
}

static ns_qnode *parse_implicit(parser *p, ns_field field);

/* Count n more words; past NS_QUERY_MAX_WORDS the query fails (Xapian
 * takes time that grows with the square of the words OR'd together). */
static bool count_words(parser *p, size_t n)
{
    p->words += n;
    if (p->words <= NS_QUERY_MAX_WORDS)
        return true;
    p->status = ns_error_set(p->err, NS_ERR_QUERY,
                             "the query has more than %d words: search for fewer",
                             NS_QUERY_MAX_WORDS);
    return false;
}

static int collect_word(void *ctx, const ns_token *token)
{
    ns_strlist_addn(ctx, token->text, token->len);
    return 0;
}

typedef struct collected {
    const char *text;
    ns_strlist words;
    ns_strlist surfaces;
    ns_buf surface;
} collected;

static int collect_word_and_surface(void *ctx, const ns_token *token)
{
    collected *c = ctx;
    ns_strlist_addn(&c->words, token->text, token->len);
    ns_buf_reset(&c->surface);
    ns_surface_form(&c->surface, c->text + token->start, token->end - token->start);
    ns_strlist_addn(&c->surfaces, c->surface.data, c->surface.len);
    return 0;
}

unsigned ns_fuzzy_auto_distance(const char *word)
{
    size_t chars = 0;
    for (const char *p = word; *p; p++)
        chars += ((unsigned char)*p & 0xC0) != 0x80;
    return chars <= 5 ? 1 : 2;
}

/* "~", "~1" or "~2" at the end of a word: its length, and the distance
 * (0 for the automatic one). */
static size_t fuzzy_suffix(const char *text, size_t len, unsigned *distance)
{
    if (len >= 2 && text[len - 1] == '~') {
        *distance = 0;
        return 1;
    }
    if (len >= 3 && text[len - 2] == '~' && (text[len - 1] == '1' || text[len - 1] == '2')) {
        *distance = (unsigned)(text[len - 1] - '0');
        return 2;
    }
    return 0;
}

/* Words of text in a text field (text or title): a word, a phrase of the
 * parts the tokeniser split it into, a wildcard, a fuzzy word; exact ones
 * keep their surface form. */
static ns_qnode *text_node(parser *p, const tok *t, ns_field field, const char *text, size_t len,
                           bool quoted, bool exact)
{
    bool wildcard = false;
    while (!quoted && len > 0 && text[len - 1] == '*') {
        wildcard = true;
        len--;
    }
    unsigned fuzzy = 0;
    bool fuzzy_asked = false;
    if (!quoted && !wildcard) {
        size_t cut = fuzzy_suffix(text, len, &fuzzy);
        fuzzy_asked = cut > 0;
        len -= cut;
    }
    if (!quoted && !exact && len > 1 && text[0] == '=') {
        /* title:=word */
        exact = true;
        text++;
        len--;
    }
    collected c = { .text = text };
    ns_tokenize(text, len, collect_word_and_surface, &c);
    ns_buf_free(&c.surface);
    if (c.words.len == 0) {
        if (wildcard)
            note(p->notes, "\"%.*s\" would match every word: ignored", (int)t->surface_len,
                 t->surface);
        ns_strlist_clear(&c.words);
        ns_strlist_clear(&c.surfaces);
        return NULL;
    }
    if (!count_words(p, c.words.len)) {
        ns_strlist_clear(&c.words);
        ns_strlist_clear(&c.surfaces);
        return NULL;
    }
    ns_qkind kind = NS_Q_PHRASE;
    if (wildcard && exact) {
        note(p->notes, "an exact word cannot be a wildcard: \"%.*s\" is searched exactly",
             (int)t->surface_len, t->surface);
        kind = c.words.len == 1 ? NS_Q_WORD : NS_Q_PHRASE;
    } else if (wildcard && c.words.len == 1) {
        kind = NS_Q_WILDCARD;
    } else if (wildcard) {
        note(p->notes, "a wildcard applies to one word: \"%.*s\" is searched as a phrase",
             (int)t->surface_len, t->surface);
    } else if (!quoted && c.words.len == 1) {
        kind = NS_Q_WORD;
    }
    if (fuzzy_asked && (kind != NS_Q_WORD || exact)) {
        note(p->notes, "~ applies to one plain word: \"%.*s\" is not searched fuzzily",
             (int)t->surface_len, t->surface);
        fuzzy_asked = false;
    }
    ns_qnode *n = node_new(kind, field, t);
    n->words = c.words;
    n->surfaces = c.surfaces;
    n->at = (size_t)(text - p->text);
    n->len = len;
    n->exact = exact && (kind == NS_Q_WORD || kind == NS_Q_PHRASE);
    if (kind == NS_Q_WORD && !n->exact && (fuzzy_asked || p->options->fuzzy))
        n->fuzzy = fuzzy ? fuzzy : ns_fuzzy_auto_distance(n->words.items[0]);
    return n;
}

static ns_qnode *date_node(parser *p, const tok *t, const char *s, size_t len)
{
    ns_date_span span;
    ns_error inner;
    if (ns_resolve_date(s, len, &p->options->dates, &span, &inner) != NS_OK) {
        p->status = ns_error_set(p->err, NS_ERR_QUERY, "%.*s: %s", (int)t->surface_len,
                                 t->surface, inner.message);
        return NULL;
    }
    ns_qnode *n = node_new(NS_Q_DATE, NS_FIELD_DATE, t);
    n->has_first = span.has_first;
    n->first = span.first;
    n->has_last = span.has_last && !t->since;
    n->last = span.last;
    n->relative = span.relative;
    n->since = t->since;
    if (t->since && !n->has_first) {
        p->status = ns_error_set(p->err, NS_ERR_QUERY, "%.*s: since needs a start",
                                 (int)t->surface_len, t->surface);
        node_free(n);
        return NULL;
    }
    n->date_unit = n->has_first && n->has_last && ns_calendar_unit(n->first, n->last) != 0;
    return n;
}

/* A value of a boolean field: outlet, person, credit. */
static ns_qnode *filter_node(parser *p, const tok *t, ns_field field, const char *text,
                             size_t len)
{
    if (!count_words(p, 1))
        return NULL;
    ns_qnode *n = node_new(NS_Q_FILTER, field, t);
    char *value = ns_xstrndup(text, len);
    if (field == NS_FIELD_CREDIT) {
        const char *agency = ns_credit_agency(value, len);
        if (agency) {
            free(value);
            value = ns_xstrdup(agency);
        }
    }
    if (field == NS_FIELD_PERSON) {
        ns_tokenize(value, strlen(value), collect_word, &n->words);
        n->name_word = n->words.len == 1;
    }
    if (field == NS_FIELD_OUTLET) {
        /* abc.net.au, "ABC News" and abc-news are one outlet. */
        ns_outlet outlet;
        ns_outlet_canonical(value, &outlet);
        n->value = outlet.key;
        free(outlet.display);
    } else {
        n->value = ns_slug(value);
    }
    free(value);
    if (!*n->value) {
        note(p->notes, "\"%.*s\" has no words to look for: ignored", (int)t->surface_len,
             t->surface);
        node_free(n);
        return NULL;
    }
    return n;
}

/* A word or phrase in a field's context. */
static ns_qnode *value_node(parser *p, const tok *t, ns_field field, const char *text, size_t len,
                            bool quoted)
{
    switch (field) {
    case NS_FIELD_TEXT:
    case NS_FIELD_TITLE:
        return text_node(p, t, field, text, len, quoted, t->exact);
    case NS_FIELD_DATE:
        return date_node(p, t, text, len);
    default:
        return filter_node(p, t, field, text, len);
    }
}

typedef struct item {
    ns_qnode *node;
    int sign;
} item;

static bool starts_operand(tkind kind)
{
    return kind == T_WORD || kind == T_PHRASE || kind == T_LPAREN || kind == T_FIELD ||
           kind == T_NOT;
}

static const char *op_name(tkind kind)
{
    switch (kind) {
    case T_AND: return "AND";
    case T_OR: return "OR";
    case T_NOT: return "NOT";
    case T_XOR: return "XOR";
    case T_NEAR: return "NEAR";
    case T_ADJ: return "ADJ";
    default: return "?";
    }
}

/* A group in parentheses, in a field's context; the '(' is consumed. */
static ns_qnode *parse_group(parser *p, ns_field field)
{
    if (++p->depth > NS_QUERY_MAX_DEPTH) {
        p->status = ns_error_set(p->err, NS_ERR_QUERY,
                                 "the query nests parentheses more than %d deep",
                                 NS_QUERY_MAX_DEPTH);
        return NULL;
    }
    ns_qnode *n = parse_implicit(p, field);
    if (peek(p)->kind == T_RPAREN)
        p->at++;
    else if (!failed(p))
        note(p->notes, "a parenthesis was not closed: closed at the end of the query");
    p->depth--;
    return n;
}

/* An operand: a word, phrase, field value or group, with its sign. */
static item parse_unary(parser *p, ns_field field)
{
    for (;;) {
        const tok *t = peek(p);
        switch (t->kind) {
        case T_WORD:
            p->at++;
            return (item){ value_node(p, t, field, t->text, t->len, false), t->sign };
        case T_PHRASE:
            p->at++;
            return (item){ value_node(p, t, field, t->text, t->len, true), t->sign };
        case T_LPAREN:
            p->at++;
            return (item){ parse_group(p, field), t->sign };
        case T_FIELD:
            p->at++;
            if (t->value == V_GROUP) {
                p->at++;   /* the '(' that follows */
                return (item){ parse_group(p, t->field->field), t->sign };
            }
            if (t->value == V_NONE) {
                note(p->notes, "\"%.*s\" has no value: ignored", (int)t->surface_len, t->surface);
                return (item){ NULL, 0 };
            }
            return (item){ value_node(p, t, t->field->field, t->text, t->len,
                                     t->value == V_PHRASE),
                           t->sign };
        case T_NOT: {
            /* NOT with nothing before it excludes what follows; so does any
             * run of them (taken in a loop: a query can hold thousands). */
            while (peek(p)->kind == T_NOT)
                p->at++;
            if (!starts_operand(peek(p)->kind)) {
                note(p->notes, "NOT without a word after it: ignored");
                return (item){ NULL, 0 };
            }
            item it = parse_unary(p, field);
            it.sign = -1;
            return it;
        }
        case T_AND:
        case T_OR:
        case T_XOR:
        case T_NEAR:
        case T_ADJ:
            note(p->notes, "%s without a word before it: ignored", op_name(t->kind));
            p->at++;
            continue;
        default:
            return (item){ NULL, 0 };
        }
    }
}

/* An item used inside an operator: a '-' becomes "everything but". */
static ns_qnode *as_operand(item it)
{
    if (it.sign >= 0 || !it.node)
        return it.node;
    ns_qnode *n = node_new(NS_Q_AND_NOT, NS_FIELD_TEXT, NULL);
    add_child(n, node_new(NS_Q_ALL, NS_FIELD_TEXT, NULL));
    add_child(n, it.node);
    return n;
}

static bool positional(const ns_qnode *n)
{
    return n && (n->kind == NS_Q_WORD || n->kind == NS_Q_PHRASE || n->kind == NS_Q_WILDCARD);
}

/* Binary operators, tightest first.  Each returns an item, whose sign
 * survives only when no operator applied. */
typedef struct level {
    tkind ops[2];
    ns_qkind kinds[2];
} level;

static item parse_level(parser *p, ns_field field, int lvl);

static const level levels[] = {
    { { T_OR, T_END }, { NS_Q_OR, NS_Q_OR } },
    { { T_XOR, T_END }, { NS_Q_XOR, NS_Q_XOR } },
    { { T_AND, T_NOT }, { NS_Q_AND, NS_Q_AND_NOT } },
    { { T_NEAR, T_ADJ }, { NS_Q_NEAR, NS_Q_ADJ } },
};
#define N_LEVELS ((int)(sizeof levels / sizeof levels[0]))

static item parse_level(parser *p, ns_field field, int lvl)
{
    if (lvl == N_LEVELS)
        return parse_unary(p, field);
    item left = parse_level(p, field, lvl + 1);
    for (;;) {
        if (failed(p))
            return left;
        const tok *t = peek(p);
        int which = t->kind == levels[lvl].ops[0] ? 0 : t->kind == levels[lvl].ops[1] ? 1 : -1;
        if (which < 0 || levels[lvl].ops[which] == T_END)
            return left;
        p->at++;
        ns_qkind kind = levels[lvl].kinds[which];
        if (kind == NS_Q_AND && peek(p)->kind == T_NOT) {
            p->at++;
            kind = NS_Q_AND_NOT;
        }
        if (!starts_operand(peek(p)->kind)) {
            note(p->notes, "%s without a word after it: ignored", op_name(t->kind));
            return left;
        }
        if (!left.node) {
            note(p->notes, "%s without a word before it: ignored", op_name(t->kind));
            left = parse_level(p, field, lvl + 1);
            continue;
        }
        item right = parse_level(p, field, lvl + 1);
        if (!right.node)
            continue;
        ns_qnode *a = as_operand(left), *b = as_operand(right);
        if (kind == NS_Q_XOR && ++p->xors > NS_QUERY_MAX_XORS) {
            p->status = ns_error_set(p->err, NS_ERR_QUERY, "%.*s: at most %d XORs in a query",
                                     (int)t->surface_len, t->surface, NS_QUERY_MAX_XORS);
            node_free(a);
            node_free(b);
            return (item){ NULL, 0 };
        }
        if (kind == NS_Q_NEAR || kind == NS_Q_ADJ) {
            if (t->window == 0 || t->window > 1000) {
                p->status = ns_error_set(p->err, NS_ERR_QUERY,
                                         "%.*s: the distance must be between 1 and 1000 words",
                                         (int)t->surface_len, t->surface);
                node_free(a);
                node_free(b);
                return (item){ NULL, 0 };
            }
            bool same_group = a->kind == kind && a->window == t->window;
            if (!positional(b) || !(same_group || positional(a)) || a->field != b->field) {
                note(p->notes, "%s works between words and phrases of one field: read as AND",
                     op_name(t->kind));
                kind = NS_Q_AND;
            }
        }
        if (kind == NS_Q_NEAR || kind == NS_Q_ADJ || kind == NS_Q_AND_NOT) {
            /* a NEAR b NEAR c is one group, a NOT b NOT c one exclusion. */
            ns_qnode *n = a;
            if (a->kind != kind || a->window != t->window) {
                n = node_new(kind, a->field, NULL);
                n->window = kind == NS_Q_AND_NOT ? 0 : t->window;
                add_child(n, a);
            }
            add_child(n, b);
            left = (item){ n, 0 };
        } else {
            left = (item){ combine(kind, a, b, 0), 0 };
        }
    }
}

static bool is_filter(const ns_qnode *n)
{
    return n->kind == NS_Q_FILTER || n->kind == NS_Q_DATE;
}

/* Items side by side: AND of the plain ones, restricted by the filters
 * (one field's values OR'd, fields AND'd), minus the excluded ones. */
static ns_qnode *parse_implicit(parser *p, ns_field field)
{
    ns_qnode *positive = NULL, *negative = NULL;
    /* One group per field, and one more for since:, which narrows date:. */
    ns_qnode *by_field[NS_FIELD_COUNT + 1] = { NULL };
    for (;;) {
        if (failed(p))
            break;
        tkind kind = peek(p)->kind;
        if (kind == T_END)
            break;
        if (kind == T_RPAREN) {
            if (p->depth > 0)
                break;
            note(p->notes, "a closing parenthesis without an opening one: ignored");
            p->at++;
            continue;
        }
        item it = parse_level(p, field, 0);
        if (!it.node)
            continue;
        if (it.sign < 0)
            negative = combine(NS_Q_OR, negative, it.node, 0);
        else if (is_filter(it.node)) {
            size_t group = it.node->since ? NS_FIELD_COUNT : it.node->field;
            by_field[group] = combine(NS_Q_OR, by_field[group], it.node, 0);
        }
        else
            positive = combine(NS_Q_AND, positive, it.node, 0);
    }
    ns_qnode *filters = NULL;
    for (int f = 0; f <= NS_FIELD_COUNT; f++)
        filters = combine(NS_Q_AND, filters, by_field[f], 0);
    if (failed(p)) {
        node_free(positive);
        node_free(negative);
        node_free(filters);
        return NULL;
    }
    ns_qnode *result = positive;
    if (filters && positive) {
        result = node_new(NS_Q_FILTERED, NS_FIELD_TEXT, NULL);
        add_child(result, positive);
        add_child(result, filters);
    } else if (filters) {
        result = filters;
    }
    if (negative) {
        ns_qnode *n = node_new(NS_Q_AND_NOT, NS_FIELD_TEXT, NULL);
        add_child(n, result ? result : node_new(NS_Q_ALL, NS_FIELD_TEXT, NULL));
        if (negative->kind == NS_Q_OR) {
            for (size_t i = 0; i < negative->n_children; i++)
                add_child(n, negative->children[i]);
            negative->n_children = 0;
            node_free(negative);
        } else {
            add_child(n, negative);
        }
        result = n;
    }
    return result;
}

ns_status ns_query_parse(const char *text, ns_query *out, ns_error *err)
{
    return ns_query_parse_with(text, NULL, out, err);
}

ns_status ns_query_parse_with(const char *text, const ns_query_options *options, ns_query *out,
                              ns_error *err)
{
    static const ns_query_options defaults = { .fuzzy = false };
    memset(out, 0, sizeof *out);
    /* Words are compared as UTF-8: a query in another encoding (a Latin-1
     * terminal) would find the wrong things, so it is refused. */
    for (size_t i = 0, len = strlen(text); i < len;) {
        int32_t cp;
        size_t n = ns_utf8_decode(text + i, len - i, &cp);
        if (cp == NS_REPLACEMENT_CHAR && n == 1)
            return ns_error_set(err, NS_ERR_QUERY,
                                "the query is not UTF-8 text (byte %zu is 0x%02X): set a UTF-8 "
                                "locale, or convert it with iconv", i + 1,
                                (unsigned)(unsigned char)text[i]);
        i += n;
    }
    lexer lx = { .s = text, .len = strlen(text), .notes = &out->notes };
    lex(&lx);
    parser p = { .options = options ? options : &defaults, .toks = lx.toks,
                 .notes = &out->notes, .err = err, .status = NS_OK, .text = text };
    ns_qnode *root = parse_implicit(&p, NS_FIELD_TEXT);
    free(lx.toks);
    if (p.status != NS_OK) {
        node_free(root);
        ns_query_clear(out);
        return p.status;
    }
    if (!root) {
        ns_query_clear(out);
        return ns_error_set(err, NS_ERR_QUERY, "the query \"%.60s\" has no words to search for",
                            text);
    }
    out->root = root;
    return NS_OK;
}

void ns_query_clear(ns_query *query)
{
    if (!query)
        return;
    node_free(query->root);
    ns_strlist_clear(&query->notes);
    query->root = NULL;
}

static const char *kind_name(ns_qkind kind)
{
    switch (kind) {
    case NS_Q_AND: return "AND";
    case NS_Q_OR: return "OR";
    case NS_Q_AND_NOT: return "AND_NOT";
    case NS_Q_XOR: return "XOR";
    case NS_Q_NEAR: return "NEAR";
    case NS_Q_ADJ: return "ADJ";
    case NS_Q_FILTERED: return "FILTER";
    default: return "?";
    }
}

static void describe(ns_buf *out, const ns_qnode *n)
{
    const char *field = n->field == NS_FIELD_TITLE ? "title:" : "";
    switch (n->kind) {
    case NS_Q_WORD:
        if (n->exact)
            ns_buf_printf(out, "%sexact:%s", field, n->surfaces.items[0]);
        else if (n->fuzzy)
            ns_buf_printf(out, "%sfuzzy:%s~%u", field, n->words.items[0], n->fuzzy);
        else
            ns_buf_printf(out, "%sword:%s", field, n->words.items[0]);
        return;
    case NS_Q_WILDCARD:
        ns_buf_printf(out, "%swild:%s*", field, n->words.items[0]);
        return;
    case NS_Q_PHRASE: {
        const ns_strlist *words = n->exact ? &n->surfaces : &n->words;
        ns_buf_printf(out, "%s%s:\"", field, n->exact ? "exact" : "phrase");
        for (size_t i = 0; i < words->len; i++)
            ns_buf_printf(out, "%s%s", i ? " " : "", words->items[i]);
        ns_buf_putc(out, '"');
        return;
    }
    case NS_Q_FILTER:
        ns_buf_printf(out, "%s%s%s", ns_schema_field(n->field)->name, n->name_word ? "~" : "=",
                      n->value);
        return;
    case NS_Q_DATE: {
        char first[21] = "", last[21] = "";
        ns_format_date_bound(n->has_first, n->first, false, first);
        ns_format_date_bound(n->has_last, n->last, true, last);
        ns_buf_printf(out, "date:%s..%s", first, last);
        return;
    }
    case NS_Q_ALL:
        ns_buf_puts(out, "ALL");
        return;
    default:
        break;
    }
    ns_buf_printf(out, "(%s", kind_name(n->kind));
    if (n->kind == NS_Q_NEAR || n->kind == NS_Q_ADJ)
        ns_buf_printf(out, "/%u", n->window);
    for (size_t i = 0; i < n->n_children; i++) {
        ns_buf_putc(out, ' ');
        describe(out, n->children[i]);
    }
    ns_buf_putc(out, ')');
}

char *ns_query_describe(const ns_qnode *node)
{
    ns_buf out = NS_BUF_INIT;
    ns_buf_append(&out, "", 0);
    if (node)
        describe(&out, node);
    return ns_buf_detach(&out);
}
