#include "text/tokenize.h"

#include <string.h>

#include "text/normalize.h"
#include "util/buf.h"
#include "util/mem.h"

typedef struct scanner {
    const char *text;
    size_t len;
} scanner;

static int32_t peek(const scanner *s, size_t at, size_t *width)
{
    int32_t cp = 0;
    size_t n = at < s->len ? ns_utf8_decode(s->text + at, s->len - at, &cp) : 0;
    if (width)
        *width = n;
    return n ? cp : -1;
}

static bool is_apostrophe(int32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == 0x02BC;
}

static bool is_hyphen(int32_t cp)
{
    return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

/* Letters that belong to one word: a run of word characters, with an
 * apostrophe or in-number separator allowed between two of them. */
static size_t scan_word(const scanner *s, size_t at, ns_buf *surface)
{
    size_t i = at;
    bool number = false;
    bool first = true;
    for (;;) {
        size_t n;
        int32_t cp = peek(s, i, &n);
        if (cp < 0)
            break;
        if (ns_char_is_ideograph(cp))
            break;
        if (ns_char_is_word(cp)) {
            if (first)
                number = ns_char_is_digit(cp);
            first = false;
            ns_buf_append(surface, s->text + i, n);
            i += n;
            continue;
        }
        size_t n2;
        int32_t next = peek(s, i + n, &n2);
        if (next < 0 || !ns_char_is_word(next) || ns_char_is_ideograph(next))
            break;
        if (is_apostrophe(cp) && !number && ns_char_is_letter(next)) {
            /* Possessive 's: the word ends here, and the 's is skipped. */
            size_t n3;
            int32_t after = peek(s, i + n + n2, &n3);
            if ((next == 's' || next == 'S') && (after < 0 || !ns_char_is_word(after)))
                return i + n + n2;
            i += n;
            continue;
        }
        if (number && (cp == ',' || cp == '.') && ns_char_is_digit(next)) {
            if (cp == '.')
                ns_buf_putc(surface, '.');
            i += n;
            continue;
        }
        break;
    }
    return i;
}

/* "U.S." or "U.S": single letters each followed by a dot.  Returns the end
 * of the acronym (after its last dot) or `at` when there is none. */
static size_t scan_acronym(const scanner *s, size_t at, ns_buf *surface)
{
    size_t i = at;
    size_t letters = 0;
    size_t saved = surface->len;
    for (;;) {
        size_t n;
        int32_t cp = peek(s, i, &n);
        if (cp < 0 || !ns_char_is_letter(cp) || ns_char_is_ideograph(cp))
            break;
        size_t n2;
        int32_t after = peek(s, i + n, &n2);
        if (after == '.') {
            size_t n3;
            int32_t beyond = peek(s, i + n + n2, &n3);
            ns_buf_append(surface, s->text + i, n);
            letters++;
            i += n + n2;
            if (beyond < 0 || !ns_char_is_word(beyond))
                break;
            continue;
        }
        if (letters >= 1 && (after < 0 || !ns_char_is_word(after))) {
            /* "U.S" without the final dot */
            ns_buf_append(surface, s->text + i, n);
            letters++;
            i += n;
        }
        break;
    }
    if (letters < 2) {
        ns_buf_truncate(surface, saved);
        return at;
    }
    return i;
}

int ns_tokenize(const char *text, size_t len, ns_token_fn fn, void *ctx)
{
    scanner s = { text, len };
    ns_buf surface = NS_BUF_INIT;
    ns_buf folded = NS_BUF_INIT;
    size_t i = 0;
    bool after_hyphen = false;   /* previous word ended in a hyphen joining this one */
    int rc = 0;
    while (i < len && rc == 0) {
        size_t n;
        int32_t cp = peek(&s, i, &n);
        if (!ns_char_is_word(cp)) {
            after_hyphen = false;
            i += n;
            continue;
        }
        size_t start = i;
        ns_buf_reset(&surface);
        size_t end;
        if (ns_char_is_ideograph(cp)) {
            ns_buf_append(&surface, text + i, n);
            end = i + n;
        } else {
            end = scan_acronym(&s, i, &surface);
            if (end == i)
                end = scan_word(&s, i, &surface);
        }
        ns_buf_reset(&folded);
        ns_normalize_word(&folded, surface.data, surface.len);
        if (folded.len > 0 && folded.len <= NS_TOKEN_MAX_BYTES) {
            ns_token token = {
                .text = folded.data,
                .len = folded.len,
                .start = start,
                .end = end,
                .flags = (after_hyphen ? NS_TOKEN_HYPHENATED : 0) |
                         (ns_char_is_upper(cp) ? NS_TOKEN_CAPITALISED : 0) |
                         (ns_char_is_digit(cp) ? NS_TOKEN_NUMERIC : 0),
            };
            rc = fn(ctx, &token);
        }
        i = end;
        /* A hyphen directly between two words links them. */
        size_t hn;
        int32_t next = peek(&s, i, &hn);
        after_hyphen = false;
        if (next >= 0 && is_hyphen(next)) {
            size_t wn;
            int32_t word = peek(&s, i + hn, &wn);
            if (word >= 0 && ns_char_is_word(word) && !ns_char_is_ideograph(word)) {
                after_hyphen = true;
                i += hn;
            }
        }
        if (after_hyphen)
            continue;
    }
    ns_buf_free(&surface);
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
