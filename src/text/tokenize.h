/* The tokeniser: splits text into words, one callback per word, with byte
 * offsets into the original text (what snippets, highlighting and the
 * people extractor need).  Documents and queries go through this same
 * function, so a query word is always spelt the way the index spells it.
 *
 * Rules, in the order they apply:
 *   - Words are runs of letters, combining marks and digits (Unicode
 *     categories L*, M*, N*); everything else separates words.
 *   - Han and kana characters are one word each.
 *   - An apostrophe (' ’ ʼ) between letters joins them ("o'connell" ->
 *     "oconnell"); a possessive 's is dropped ("Trump's" -> "trump").
 *   - Single letters with dots are one word ("U.S." -> "us").
 *   - Separators inside numbers join them ("1,000" -> "1000", "3.5" stays).
 *   - A hyphen between words splits them, and the later parts carry
 *     NS_TOKEN_HYPHENATED so that a query can make a phrase of them
 *     ("re-affirming" -> "re", "affirming").
 *   - Each word is normalised with ns_normalize_word(); words longer than
 *     NS_TOKEN_MAX_BYTES after that are dropped (they are never words:
 *     base64, long URLs, binary runs).
 */
#ifndef NS_TEXT_TOKENIZE_H
#define NS_TEXT_TOKENIZE_H

#include <stdbool.h>
#include <stddef.h>

#define NS_TOKEN_MAX_BYTES 64

enum ns_token_flags {
    NS_TOKEN_HYPHENATED = 1 << 0,  /* joined to the previous word by a hyphen */
    NS_TOKEN_CAPITALISED = 1 << 1, /* the surface form starts with a capital */
    NS_TOKEN_NUMERIC = 1 << 2      /* starts with a digit */
};

typedef struct ns_token {
    const char *text;   /* normalised form; borrowed for the callback's duration */
    size_t len;
    size_t start;       /* byte offset of the surface form in the input */
    size_t end;         /* one past its last byte */
    unsigned flags;
} ns_token;

/* Called once per word, in order.  A non-zero return stops tokenising and
 * is returned by ns_tokenize(). */
typedef int (*ns_token_fn)(void *ctx, const ns_token *token);

int ns_tokenize(const char *text, size_t len, ns_token_fn fn, void *ctx);

/* A value for a boolean field ("ABC News" -> "abc-news", "Nicolás Maduro"
 * -> "nicolas-maduro"): the words joined by '-', as many whole words as fit
 * in NS_SLUG_MAX_BYTES (an index term has room for about 245 bytes).
 * Empty when text has no words.  Caller frees. */
#define NS_SLUG_MAX_BYTES 200
char *ns_slug(const char *text);

#endif
