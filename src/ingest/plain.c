/* Plain text: the first non-empty line is the title, the rest the body;
 * a credit line or trailing credit at the end names the wire agency. */
#include <string.h>
#include <strings.h>

#include "extract/credit.h"
#include "ingest/reader.h"
#include "util/mem.h"

static ns_sniff plain_sniff(const char *path, const char *head, size_t len)
{
    return ns_path_has_suffix(path, ".txt") || ns_path_has_suffix(path, ".text")
               ? NS_SNIFF_BY_NAME
               : NS_SNIFF_NO;
}

static ns_status plain_read(const ns_read_context *ctx, const char *text, size_t len,
                            ns_article_list *out, ns_error *err)
{
    const char *p = text, *end = text + len;
    /* Skip blank lines to the title. */
    for (;;) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = eol ? eol : end;
        const char *q = p;
        while (q < line_end && (*q == ' ' || *q == '\t' || *q == '\r'))
            q++;
        if (q < line_end || !eol)
            break;
        p = eol + 1;
    }
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    const char *title_end = eol ? eol : end;
    ns_article *article = ns_article_list_add(out);
    article->title = ns_trimmed_copy(p, (size_t)(title_end - p));
    const char *body = eol ? eol + 1 : end;
    size_t body_len = ns_credit_strip_trailing(body, (size_t)(end - body), &article->credits);
    article->body = ns_trimmed_copy(body, body_len);
    return NS_OK;
}

const ns_reader ns_reader_plain = { "plain", plain_sniff, plain_read, 0 };
