#include "query/parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/credit.h"
#include "extract/dates.h"
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
        if (cp == '(') {
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
        if (sign == 0) {
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
        const char *colon = memchr(s, ':', len);
        if (colon && colon > s) {
            const ns_field_info *field = ns_schema_field_by_name(s, (size_t)(colon - s));
            if (field && field->field != NS_FIELD_TEXT) {
                tok *t = push(lx, T_FIELD, start);
                t->sign = sign;
                t->field = field;
                size_t value_at = (size_t)(colon + 1 - lx->s);
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
    tok *toks;
    size_t at;
    int depth;
    size_t words;              /* words and field values so far */
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

/* Words of text in a text field (text or title): a word, a phrase of the
 * parts the tokeniser split it into, or a wildcard. */
static ns_qnode *text_node(parser *p, const tok *t, ns_field field, const char *text, size_t len,
                           bool quoted)
{
    bool wildcard = false;
    while (!quoted && len > 0 && text[len - 1] == '*') {
        wildcard = true;
        len--;
    }
    ns_strlist words = { 0 };
    ns_tokenize(text, len, collect_word, &words);
    if (words.len == 0) {
        if (wildcard)
            note(p->notes, "\"%.*s\" would match every word: ignored", (int)t->surface_len,
                 t->surface);
        ns_strlist_clear(&words);
        return NULL;
    }
    if (!count_words(p, words.len)) {
        ns_strlist_clear(&words);
        return NULL;
    }
    ns_qkind kind = NS_Q_PHRASE;
    if (wildcard && words.len == 1)
        kind = NS_Q_WILDCARD;
    else if (wildcard)
        note(p->notes, "a wildcard applies to one word: \"%.*s\" is searched as a phrase",
             (int)t->surface_len, t->surface);
    else if (!quoted && words.len == 1)
        kind = NS_Q_WORD;
    ns_qnode *n = node_new(kind, field, t);
    n->words = words;
    return n;
}

static ns_status date_bound(parser *p, const tok *t, const char *s, size_t len, int64_t *first,
                            int64_t *last)
{
    ns_error inner;
    ns_status st = ns_parse_calendar_span(s, len, first, last, &inner);
    if (st != NS_OK) {
        p->status = ns_error_set(p->err, st, "%.*s: %s", (int)t->surface_len, t->surface,
                                 inner.message);
    }
    return st;
}

static ns_qnode *date_node(parser *p, const tok *t, const char *s, size_t len)
{
    ns_qnode *n = node_new(NS_Q_DATE, NS_FIELD_DATE, t);
    const char *dots = NULL;
    for (size_t i = 0; i + 1 < len; i++) {
        if (s[i] == '.' && s[i + 1] == '.') {
            dots = s + i;
            break;
        }
    }
    int64_t ignore;
    if (!dots) {
        n->date_unit = true;
        n->has_first = n->has_last = true;
        if (date_bound(p, t, s, len, &n->first, &n->last) != NS_OK)
            goto fail;
        return n;
    }
    size_t left = (size_t)(dots - s), right = len - left - 2;
    if (left == 0 && right == 0) {
        p->status = ns_error_set(p->err, NS_ERR_QUERY, "%.*s: a date range needs a date on at "
                                 "least one side of \"..\"", (int)t->surface_len, t->surface);
        goto fail;
    }
    if (left) {
        n->has_first = true;
        if (date_bound(p, t, s, left, &n->first, &ignore) != NS_OK)
            goto fail;
    }
    if (right) {
        n->has_last = true;
        if (date_bound(p, t, dots + 2, right, &ignore, &n->last) != NS_OK)
            goto fail;
    }
    if (n->has_first && n->has_last && n->first > n->last) {
        p->status = ns_error_set(p->err, NS_ERR_QUERY, "%.*s: the range ends before it starts",
                                 (int)t->surface_len, t->surface);
        goto fail;
    }
    return n;
fail:
    node_free(n);
    return NULL;
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
    n->value = ns_slug(value);
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
        return text_node(p, t, field, text, len, quoted);
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
    ns_qnode *by_field[NS_FIELD_COUNT] = { NULL };
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
        else if (is_filter(it.node))
            by_field[it.node->field] = combine(NS_Q_OR, by_field[it.node->field], it.node, 0);
        else
            positive = combine(NS_Q_AND, positive, it.node, 0);
    }
    ns_qnode *filters = NULL;
    for (int f = 0; f < NS_FIELD_COUNT; f++)
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
    parser p = { .toks = lx.toks, .notes = &out->notes, .err = err, .status = NS_OK };
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
        ns_buf_printf(out, "%sword:%s", field, n->words.items[0]);
        return;
    case NS_Q_WILDCARD:
        ns_buf_printf(out, "%swild:%s*", field, n->words.items[0]);
        return;
    case NS_Q_PHRASE:
        ns_buf_printf(out, "%sphrase:\"", field);
        for (size_t i = 0; i < n->words.len; i++)
            ns_buf_printf(out, "%s%s", i ? " " : "", n->words.items[i]);
        ns_buf_putc(out, '"');
        return;
    case NS_Q_FILTER:
        ns_buf_printf(out, "%s%s%s", ns_schema_field(n->field)->name, n->name_word ? "~" : "=",
                      n->value);
        return;
    case NS_Q_DATE: {
        char first[11] = "", last[11] = "";
        if (n->has_first)
            ns_format_day(n->first, first);
        if (n->has_last)
            ns_format_day(n->last, last);
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
