#include "text/tokenize.h"

#include <string.h>

#include "text/normalize.h"
#include "util/buf.h"
#include "util/mem.h"

/* The tokeniser runs over every byte the indexer reads: ASCII, by far the
 * most common case, is decided inline; everything else goes to the Unicode
 * tables in normalize.c. */

typedef struct scanner {
    const char *text;
    size_t len;
} scanner;

static inline int32_t peek(const scanner *s, size_t at, size_t *width)
{
    if (at >= s->len) {
        *width = 0;
        return -1;
    }
    unsigned char c = (unsigned char)s->text[at];
    if (c < 0x80) {
        *width = 1;
        return c;
    }
    int32_t cp;
    *width = ns_utf8_decode(s->text + at, s->len - at, &cp);
    return cp;
}

static inline bool ascii_letter(int32_t c)
{
    return (uint32_t)((c | 32) - 'a') < 26;
}

static inline bool ascii_digit(int32_t c)
{
    return (uint32_t)(c - '0') < 10;
}

static inline bool is_word(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 0 && (ascii_letter(cp) || ascii_digit(cp));
    return ns_char_is_word(cp);
}

static inline bool is_letter(int32_t cp)
{
    return cp < 0x80 ? cp >= 0 && ascii_letter(cp) : ns_char_is_letter(cp);
}

static inline bool is_digit(int32_t cp)
{
    return cp < 0x80 ? ascii_digit(cp) : ns_char_is_digit(cp);
}

static inline bool is_ideograph(int32_t cp)
{
    return cp >= 0x3040 && ns_char_is_ideograph(cp);
}

static inline bool is_upper(int32_t cp)
{
    return cp < 0x80 ? (uint32_t)(cp - 'A') < 26 : ns_char_is_upper(cp);
}

static bool is_apostrophe(int32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == 0x02BC;
}

static bool is_hyphen(int32_t cp)
{
    return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

/* A word's surface form without the characters the rules drop (an
 * apostrophe, a thousands separator): kept as runs of the text, copied
 * only when something is dropped. */
typedef struct surface {
    const char *text;
    size_t start;         /* of the current run */
    ns_buf copy;          /* the runs so far, when something was dropped */
    bool copied;
} surface;

static void surface_begin(surface *w, const char *text, size_t at)
{
    w->text = text;
    w->start = at;
    w->copied = false;
    ns_buf_reset(&w->copy);
}

/* Drop text[at, at + n) from the word. */
static void surface_drop(surface *w, size_t at, size_t n)
{
    ns_buf_append(&w->copy, w->text + w->start, at - w->start);
    w->start = at + n;
    w->copied = true;
}

/* The word, ending at end. */
static const char *surface_end(surface *w, size_t end, size_t *len)
{
    if (!w->copied) {
        *len = end - w->start;
        return w->text + w->start;
    }
    ns_buf_append(&w->copy, w->text + w->start, end - w->start);
    *len = w->copy.len;
    return w->copy.data;
}

/* A run of word characters, with an apostrophe or in-number separator
 * allowed between two of them.  Returns where the word ends in the text
 * (after a possessive 's, which is not part of the word: *word_end). */
static size_t scan_word(const scanner *s, size_t at, surface *w, size_t *word_end)
{
    size_t i = at;
    bool number = is_digit(peek(s, at, &(size_t){ 0 }));
    for (;;) {
        size_t n;
        int32_t cp = peek(s, i, &n);
        if (cp < 0 || is_ideograph(cp))
            break;
        if (is_word(cp)) {
            i += n;
            continue;
        }
        size_t n2;
        int32_t next = peek(s, i + n, &n2);
        if (next < 0 || !is_word(next) || is_ideograph(next))
            break;
        if (is_apostrophe(cp) && !number && is_letter(next)) {
            /* Possessive 's: the word ends here, and the 's is skipped. */
            size_t n3;
            int32_t after = peek(s, i + n + n2, &n3);
            if ((next == 's' || next == 'S') && !is_word(after)) {
                *word_end = i;
                return i + n + n2;
            }
            surface_drop(w, i, n);
            i += n;
            continue;
        }
        if (number && (cp == ',' || cp == '.') && is_digit(next)) {
            if (cp == ',')
                surface_drop(w, i, n);
            i += n;
            continue;
        }
        break;
    }
    *word_end = i;
    return i;
}

/* "U.S." or "U.S": single letters each followed by a dot.  Returns the end
 * of the acronym (after its last dot) or `at` when there is none; the
 * letters go to letters. */
static size_t scan_acronym(const scanner *s, size_t at, ns_buf *letters)
{
    size_t i = at;
    size_t count = 0;
    ns_buf_reset(letters);
    for (;;) {
        size_t n;
        int32_t cp = peek(s, i, &n);
        if (!is_letter(cp) || is_ideograph(cp))
            break;
        size_t n2;
        int32_t after = peek(s, i + n, &n2);
        if (after == '.') {
            size_t n3;
            int32_t beyond = peek(s, i + n + n2, &n3);
            ns_buf_append(letters, s->text + i, n);
            count++;
            i += n + n2;
            if (!is_word(beyond))
                break;
            continue;
        }
        if (count >= 1 && !is_word(after)) {
            /* "U.S" without the final dot */
            ns_buf_append(letters, s->text + i, n);
            count++;
            i += n;
        }
        break;
    }
    return count >= 2 ? i : at;
}

int ns_tokenize(const char *text, size_t len, ns_token_fn fn, void *ctx)
{
    scanner s = { text, len };
    surface word = { 0 };
    ns_buf letters = NS_BUF_INIT;
    ns_buf folded = NS_BUF_INIT;
    size_t i = 0;
    bool after_hyphen = false;   /* a hyphen joins this word to the one before */
    int rc = 0;
    while (i < len && rc == 0) {
        size_t n;
        int32_t cp = peek(&s, i, &n);
        if (!is_word(cp)) {
            after_hyphen = false;
            i += n;
            continue;
        }
        size_t start = i, end, word_end;
        const char *form;
        size_t form_len;
        if (is_ideograph(cp)) {
            form = text + i;
            form_len = n;
            end = i + n;
        } else if (is_letter(cp) && (end = scan_acronym(&s, i, &letters)) != i) {
            form = letters.data;
            form_len = letters.len;
        } else {
            surface_begin(&word, text, i);
            end = scan_word(&s, i, &word, &word_end);
            form = surface_end(&word, word_end, &form_len);
        }
        ns_buf_reset(&folded);
        ns_normalize_word(&folded, form, form_len);
        if (folded.len > 0 && folded.len <= NS_TOKEN_MAX_BYTES) {
            ns_token token = {
                .text = folded.data,
                .len = folded.len,
                .start = start,
                .end = end,
                .flags = (after_hyphen ? NS_TOKEN_HYPHENATED : 0) |
                         (is_upper(cp) ? NS_TOKEN_CAPITALISED : 0) |
                         (is_digit(cp) ? NS_TOKEN_NUMERIC : 0),
            };
            rc = fn(ctx, &token);
        }
        i = end;
        /* A hyphen directly between two words links them. */
        size_t hn, wn;
        int32_t next = peek(&s, i, &hn);
        after_hyphen = false;
        if (is_hyphen(next)) {
            int32_t following = peek(&s, i + hn, &wn);
            if (is_word(following) && !is_ideograph(following)) {
                after_hyphen = true;
                i += hn;
            }
        }
    }
    ns_buf_free(&word.copy);
    ns_buf_free(&letters);
    ns_buf_free(&folded);
    return rc;
}

static int append_slug_word(void *ctx, const ns_token *token)
{
    ns_buf *slug = ctx;
    if (slug->len + 1 + token->len > NS_SLUG_MAX_BYTES)
        return 1;
    if (slug->len)
        ns_buf_putc(slug, '-');
    ns_buf_append(slug, token->text, token->len);
    return 0;
}

char *ns_slug(const char *text)
{
    ns_buf slug = NS_BUF_INIT;
    ns_buf_append(&slug, "", 0);
    ns_tokenize(text, strlen(text), append_slug_word, &slug);
    return ns_buf_detach(&slug);
}
