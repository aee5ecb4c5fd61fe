/* Wire credits: which news agencies a story is credited to.
 *
 * Recognises a credit line ("Reuters", "Reuters/AP", "AAP, AFP"), a
 * credit at the end of a body ("... analysts say. Reuters/AP"), and the
 * credits inside a body (datelines, dashed credits, contribution notes),
 * and gives each agency its canonical short name ("Associated Press" ->
 * "AP").  Every reader runs ns_credit_find_in_body() over its bodies.
 */
#ifndef NS_EXTRACT_CREDIT_H
#define NS_EXTRACT_CREDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "newssearch/strlist.h"

/* The canonical name of an agency written as name ("reuters", "The
 * Associated Press"), or NULL when it is not one. */
const char *ns_credit_agency(const char *name, size_t len);

/* True when the whole line (trimmed) is a credit line: agencies separated
 * by '/', ',', '&' or "and".  The agencies are added to credits. */
bool ns_credit_parse_line(const char *line, size_t len, ns_strlist *credits);

/* When text ends with a credit ("... say. Reuters/AP"), add its agencies
 * to credits and return the length of the text without it (trailing space
 * removed); otherwise return len unchanged. */
size_t ns_credit_strip_trailing(const char *text, size_t len, ns_strlist *credits);

/* Add to credits every agency that a body (paragraphs one a line) credits,
 * in the order they appear:
 *   a credit line, a paragraph that is only agencies ("Reuters/AP");
 *   a dateline credit, an agency in parentheses before a dash or colon
 *     ("WASHINGTON (AP) —", "Aug 9 (Reuters) -") or closing a paragraph;
 *   a dashed credit closing a paragraph ("... the minister said. - AFP");
 *   a contribution note: "The Associated Press contributed to this
 *     report", "Reuters contributed reporting", "Additional reporting by
 *     Reuters".
 * Mentions are not credits: "told The Associated Press", "a Reuters
 * investigation", "(AP Photo/Jane Doe)", "according to AFP".  One pass
 * over the text; the body is not changed. */
void ns_credit_find_in_body(const char *text, size_t len, ns_strlist *credits);

#endif
