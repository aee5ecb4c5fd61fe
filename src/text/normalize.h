/* Text normalisation: the only user of utf8proc.
 *
 * Every word that reaches the index or a query passes through
 * ns_normalize_word(), so that "Café", "CAFÉ", "cafe" followed by a
 * combining accent and fullwidth "ｃａｆｅ" all become "cafe": Unicode
 * compatibility composition (NFKC), case folding, combining marks removed.
 *
 * Input to every function here is assumed to be valid UTF-8; readers run
 * ns_utf8_sanitize() on what they read, so invalid bytes never get this far.
 */
#ifndef NS_TEXT_NORMALIZE_H
#define NS_TEXT_NORMALIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

#define NS_REPLACEMENT_CHAR 0xFFFD

/* Decode the code point at s (at most len bytes).  Returns the number of
 * bytes used (at least 1 when len > 0); an invalid or truncated sequence
 * yields U+FFFD and consumes one byte. */
size_t ns_utf8_decode(const char *s, size_t len, int32_t *cp);

/* Append the UTF-8 encoding of cp. */
void ns_utf8_encode(ns_buf *out, int32_t cp);

/* A valid UTF-8 copy of s: invalid, overlong and surrogate sequences and
 * NUL bytes become U+FFFD, a leading byte-order mark is dropped.  *n_bad
 * (when not NULL) receives the number of replacements.  Caller frees. */
char *ns_utf8_sanitize(const char *s, size_t len, size_t *n_bad);

/* True when s[0..len) is valid UTF-8 without NUL bytes: what
 * ns_utf8_sanitize() would leave as it is (but for a byte-order mark). */
bool ns_utf8_valid(const char *s, size_t len);

/* True for letters, combining marks and digits: what words are made of. */
bool ns_char_is_word(int32_t cp);
bool ns_char_is_letter(int32_t cp);
bool ns_char_is_upper(int32_t cp);   /* upper- or title-case letter */
bool ns_char_is_digit(int32_t cp);
bool ns_char_is_space(int32_t cp);   /* white space, including no-break spaces */
/* Scripts written without spaces between words (Han, kana), which the
 * tokeniser splits one character a word. */
bool ns_char_is_ideograph(int32_t cp);

/* Append the normalised form of one word (NFKC, case folded, marks
 * removed) to out. */
void ns_normalize_word(ns_buf *out, const char *word, size_t len);

/* Characters (code points) in the first len bytes of valid UTF-8. */
size_t ns_utf8_chars(const char *s, size_t len);

/* Append the surface form of a word as written, only canonically composed
 * (NFC), so that "café" typed either way is one spelling; case, accents
 * and punctuation stay.  What exact (=word) search compares. */
void ns_surface_form(ns_buf *out, const char *word, size_t len);

/* The normalised form of a whole string, with runs of white space
 * collapsed to one space and trimmed.  Caller frees. */
char *ns_normalize_text(const char *text, size_t len);

#endif
