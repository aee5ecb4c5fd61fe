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

/* ---- credits inside a body ---- */

static bool is_dash_at(const char *p, const char *end, size_t *len)
{
    if (p < end && *p == '-') {
        *len = 1;
        return true;
    }
    /* en dash, em dash */
    if (end - p >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
        ((unsigned char)p[2] == 0x93 || (unsigned char)p[2] == 0x94)) {
        *len = 3;
        return true;
    }
    return false;
}

static const char *skip_blanks(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    return p;
}

/* "(Reuters)" at p, a dateline or closing credit: followed by a dash or
 * colon, or closing the paragraph. */
static void parenthesised_credit(const char *p, const char *end, ns_strlist *credits)
{
    const char *close = memchr(p, ')', (size_t)(end - p) < 48 ? (size_t)(end - p) : 48);
    if (!close)
        return;
    const char *after = skip_blanks(close + 1, end);
    size_t dash;
    if (!(after == end || *after == ':' || is_dash_at(after, end, &dash)))
        return;
    ns_credit_parse_line(p + 1, (size_t)(close - p - 1), credits);
}

/* "- AFP" closing a paragraph, dash at p. */
static void dashed_credit(const char *p, const char *end, size_t dash, ns_strlist *credits)
{
    const char *start = p + dash;
    if (start >= end || (*start != ' ' && *start != '\t'))
        return;
    const char *stop = end;
    while (stop > start && (stop[-1] == '.' || isspace((unsigned char)stop[-1])))
        stop--;
    /* The dash must start the paragraph or follow a space: "re-AP" is not. */
    if (stop - start > 40)
        return;
    ns_credit_parse_line(start, (size_t)(stop - start), credits);
}

/* Phrases after which (or before which) an agency contributed. */
static const char *const contributed[] = {
    " contributed to this report", " contributed to this story",
    " contributed to this article", " contributed reporting", " contributed.",
};

static const char additional[] = "additional reporting by ";

/* The agencies that end at `stop`, from the sentence start on: the longest
 * run of words before stop that is a credit line ("The Associated Press",
 * "Reuters and AFP"). */
static void credit_before(const char *line, const char *stop, ns_strlist *credits)
{
    const char *start = stop;
    while (start > line && start[-1] != '.' && start[-1] != ';' && stop - start < 80)
        start--;
    for (const char *p = start; p < stop; p++) {
        if (p != start && p[-1] != ' ')
            continue;
        if (ns_credit_parse_line(p, (size_t)(stop - p), credits))
            return;
    }
}

/* The agencies from p to the end of the sentence. */
static void credit_after(const char *p, const char *end, ns_strlist *credits)
{
    const char *stop = p;
    while (stop < end && *stop != '.' && *stop != ';')
        stop++;
    ns_credit_parse_line(p, (size_t)(stop - p), credits);
}

static void paragraph_credits(const char *line, const char *end, ns_strlist *credits)
{
    const char *s = skip_blanks(line, end);
    const char *e = end;
    while (e > s && isspace((unsigned char)e[-1]))
        e--;
    if (s == e)
        return;
    if (e - s <= 80 && ns_credit_parse_line(s, (size_t)(e - s), credits))
        return;
    /* One pass over the paragraph for the marks that can start a credit. */
    for (const char *p = s; p < e; p++) {
        size_t dash;
        if (*p == '(') {
            parenthesised_credit(p, e, credits);
        } else if ((p == s || p[-1] == ' ') && is_dash_at(p, e, &dash)) {
            dashed_credit(p, e, dash, credits);
        } else if (*p == ' ' && p + 1 < e && p[1] == 'c') {
            for (size_t i = 0; i < sizeof contributed / sizeof contributed[0]; i++) {
                size_t n = strlen(contributed[i]);
                if ((size_t)(e - p) >= n && strncmp(p, contributed[i], n) == 0)
                    credit_before(s, p, credits);
                /* "contributed." may close the paragraph without its dot. */
                else if (i == sizeof contributed / sizeof contributed[0] - 1 &&
                         (size_t)(e - p) == n - 1 && strncmp(p, contributed[i], n - 1) == 0)
                    credit_before(s, p, credits);
            }
        } else if ((*p == 'A' || *p == 'a') && (p == s || p[-1] == ' ' || p[-1] == '(') &&
                   (size_t)(e - p) > sizeof additional - 1 &&
                   strncasecmp(p, additional, sizeof additional - 1) == 0) {
            credit_after(p + sizeof additional - 1, e, credits);
        }
    }
}

void ns_credit_find_in_body(const char *text, size_t len, ns_strlist *credits)
{
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *e = eol ? eol : end;
        paragraph_credits(p, e, credits);
        p = eol ? eol + 1 : end;
    }
}
