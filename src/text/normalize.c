#include "text/normalize.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util/mem.h"

size_t ns_utf8_decode(const char *s, size_t len, int32_t *cp)
{
    if (len == 0) {
        *cp = NS_REPLACEMENT_CHAR;
        return 0;
    }
    const unsigned char c = (unsigned char)s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    utf8proc_int32_t out;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s,
                                          (utf8proc_ssize_t)(len < 4 ? len : 4), &out);
    if (n <= 0 || out < 0) {
        *cp = NS_REPLACEMENT_CHAR;
        return 1;
    }
    *cp = out;
    return (size_t)n;
}

void ns_utf8_encode(ns_buf *out, int32_t cp)
{
    utf8proc_uint8_t bytes[4];
    utf8proc_ssize_t n = utf8proc_encode_char(cp, bytes);
    if (n <= 0)
        n = utf8proc_encode_char(NS_REPLACEMENT_CHAR, bytes);
    ns_buf_append(out, (const char *)bytes, (size_t)n);
}

char *ns_utf8_sanitize(const char *s, size_t len, size_t *n_bad)
{
    ns_buf out = NS_BUF_INIT;
    size_t bad = 0;
    size_t i = 0;
    /* A byte-order mark says how the file was written, not what it says. */
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    ns_buf_append(&out, "", 0);
    size_t clean_from = i;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x01 && c < 0x80) {
            i++;
            continue;
        }
        int32_t cp = NS_REPLACEMENT_CHAR;
        size_t n = c ? ns_utf8_decode(s + i, len - i, &cp) : 1;
        bool valid = c != 0 && !(cp == NS_REPLACEMENT_CHAR && n == 1);
        if (valid) {
            i += n;
            continue;
        }
        ns_buf_append(&out, s + clean_from, i - clean_from);
        ns_utf8_encode(&out, NS_REPLACEMENT_CHAR);
        bad++;
        i += 1;
        clean_from = i;
    }
    ns_buf_append(&out, s + clean_from, len - clean_from);
    if (n_bad)
        *n_bad = bad;
    return ns_buf_detach(&out);
}

bool ns_utf8_valid(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x01 && c < 0x80) {
            i++;
            continue;
        }
        int32_t cp;
        size_t n = c ? ns_utf8_decode(s + i, len - i, &cp) : 1;
        if (c == 0 || (cp == NS_REPLACEMENT_CHAR && n == 1))
            return false;
        i += n;
    }
    return true;
}

bool ns_char_is_letter(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return true;
    default:
        return false;
    }
}

bool ns_char_is_digit(int32_t cp)
{
    if (cp < 0x80)
        return cp >= '0' && cp <= '9';
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return true;
    default:
        return false;
    }
}

bool ns_char_is_word(int32_t cp)
{
    if (cp < 0x80)
        return ns_char_is_letter(cp) || ns_char_is_digit(cp);
    if (ns_char_is_letter(cp) || ns_char_is_digit(cp))
        return true;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return true;
    default:
        return false;
    }
}

bool ns_char_is_upper(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

bool ns_char_is_space(int32_t cp)
{
    if (cp < 0x80)
        return cp == ' ' || (cp >= '\t' && cp <= '\r');
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
           cat == UTF8PROC_CATEGORY_ZP || cp == 0x85;
}

bool ns_char_is_ideograph(int32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) ||   /* hiragana, katakana */
           (cp >= 0x3400 && cp <= 0x4DBF) ||   /* CJK extension A */
           (cp >= 0x4E00 && cp <= 0x9FFF) ||   /* CJK unified ideographs */
           (cp >= 0xF900 && cp <= 0xFAFF) ||   /* CJK compatibility */
           (cp >= 0x20000 && cp <= 0x2FA1F);   /* CJK extensions B onwards */
}

void ns_normalize_word(ns_buf *out, const char *word, size_t len)
{
    bool ascii = true;
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)word[i] >= 0x80) {
            ascii = false;
            break;
        }
    }
    if (ascii) {
        size_t at = out->len;
        ns_buf_append(out, word, len);
        for (size_t i = at; i < out->len; i++) {
            char c = out->data[i];
            if (c >= 'A' && c <= 'Z')
                out->data[i] = (char)(c - 'A' + 'a');
        }
        return;
    }
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)word, (utf8proc_ssize_t)len,
                                      &mapped,
                                      UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
                                          UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
                                          UTF8PROC_IGNORE);
    if (n < 0) {
        /* Only reachable with invalid UTF-8, which readers remove: keep
         * the bytes rather than lose the word. */
        ns_buf_append(out, word, len);
        return;
    }
    ns_buf_append(out, (const char *)mapped, (size_t)n);
    free(mapped);
}

char *ns_normalize_text(const char *text, size_t len)
{
    ns_buf out = NS_BUF_INIT;
    ns_buf_append(&out, "", 0);
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        size_t n = ns_utf8_decode(text + i, len - i, &cp);
        if (ns_char_is_space(cp)) {
            i += n;
            continue;
        }
        size_t start = i;
        while (i < len) {
            n = ns_utf8_decode(text + i, len - i, &cp);
            if (ns_char_is_space(cp))
                break;
            i += n;
        }
        if (out.len)
            ns_buf_putc(&out, ' ');
        ns_normalize_word(&out, text + start, i - start);
    }
    return ns_buf_detach(&out);
}

void ns_surface_form(ns_buf *out, const char *word, size_t len)
{
    bool ascii = true;
    for (size_t i = 0; i < len && ascii; i++)
        ascii = (unsigned char)word[i] < 0x80;
    if (ascii) {
        ns_buf_append(out, word, len);
        return;
    }
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)word, (utf8proc_ssize_t)len, &nfc,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (n < 0) {
        ns_buf_append(out, word, len);
        return;
    }
    ns_buf_append(out, (const char *)nfc, (size_t)n);
    free(nfc);
}

size_t ns_utf8_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}
