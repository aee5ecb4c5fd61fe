#include "extract/credit.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

typedef struct agency {
    const char *written;    /* how it is written, compared case-insensitively */
    const char *canonical;
} agency;

/* The agencies that syndicate news in English, by the names they sign with. */
static const agency agencies[] = {
    { "Reuters", "Reuters" },
    { "Thomson Reuters", "Reuters" },
    { "AP", "AP" },
    { "Associated Press", "AP" },
    { "The Associated Press", "AP" },
    { "AFP", "AFP" },
    { "Agence France-Presse", "AFP" },
    { "Agence France Presse", "AFP" },
    { "AAP", "AAP" },
    { "Australian Associated Press", "AAP" },
    { "PA", "PA" },
    { "PA Media", "PA" },
    { "Press Association", "PA" },
    { "Bloomberg", "Bloomberg" },
    { "dpa", "dpa" },
    { "Deutsche Presse-Agentur", "dpa" },
    { "EFE", "EFE" },
    { "ANSA", "ANSA" },
    { "Kyodo", "Kyodo" },
    { "Kyodo News", "Kyodo" },
    { "Xinhua", "Xinhua" },
    { "CP", "CP" },
    { "The Canadian Press", "CP" },
    { "Canadian Press", "CP" },
    { "UPI", "UPI" },
    { "PTI", "PTI" },
    { "Yonhap", "Yonhap" },
    { "TASS", "TASS" },
    { "Anadolu", "Anadolu" },
    { "NZPA", "NZPA" },
    { "RNZ", "RNZ" },
};

const char *ns_credit_agency(const char *name, size_t len)
{
    while (len && isspace((unsigned char)*name)) {
        name++;
        len--;
    }
    while (len && isspace((unsigned char)name[len - 1]))
        len--;
    for (size_t i = 0; i < sizeof agencies / sizeof agencies[0]; i++) {
        const char *w = agencies[i].written;
        if (strlen(w) == len && strncasecmp(w, name, len) == 0) {
            /* Short all-capital names must be written in capitals: "ap" in
             * running text is not a credit, nor "pa". */
            bool acronym = len <= 4;
            for (size_t j = 0; acronym && j < len; j++)
                if (islower((unsigned char)w[j]))
                    acronym = false;
            if (acronym && strncmp(w, name, len) != 0)
                return NULL;
            return agencies[i].canonical;
        }
    }
    return NULL;
}

/* Length of the separator at p ("/", ",", "&", " and "), 0 if none. */
static size_t separator_at(const char *p, const char *end)
{
    if (p < end && (*p == '/' || *p == ',' || *p == '&' || *p == ';'))
        return 1;
    if (end - p >= 5 && strncasecmp(p, " and ", 5) == 0)
        return 5;
    return 0;
}

bool ns_credit_parse_line(const char *line, size_t len, ns_strlist *credits)
{
    const char *p = line, *end = line + len;
    while (p < end && isspace((unsigned char)*p))
        p++;
    while (end > p && isspace((unsigned char)end[-1]))
        end--;
    /* A parenthesised credit, "(AP)", counts as a credit line too. */
    if (end - p >= 2 && *p == '(' && end[-1] == ')') {
        p++;
        end--;
    }
    if (p >= end || end - p > 80)
        return false;
    const char *found[8];
    size_t n = 0;
    const char *start = p;
    while (start <= end) {
        const char *q = start;
        size_t sep = 0;
        while (q < end && (sep = separator_at(q, end)) == 0)
            q++;
        const char *name = ns_credit_agency(start, (size_t)(q - start));
        if (!name || n == sizeof found / sizeof found[0])
            return false;
        found[n++] = name;
        if (q >= end)
            break;
        start = q + sep;
    }
    for (size_t i = 0; i < n; i++)
        ns_strlist_add_unique(credits, found[i]);
    return n > 0;
}

size_t ns_credit_strip_trailing(const char *text, size_t len, ns_strlist *credits)
{
    size_t end = len;
    while (end && isspace((unsigned char)text[end - 1]))
        end--;
    /* The credit is the text after the last sentence end. */
    size_t start = end;
    while (start && text[start - 1] != '.' && text[start - 1] != '"' &&
           text[start - 1] != '\n' && end - start < 60)
        start--;
    if (start == 0 || start == end)
        return len;
    if (!ns_credit_parse_line(text + start, end - start, credits))
        return len;
    while (start && isspace((unsigned char)text[start - 1]))
        start--;
    return start;
}
