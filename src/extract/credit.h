/* Wire credits: which news agencies a story is credited to.
 *
 * Recognises a credit line ("Reuters", "Reuters/AP", "AAP, AFP") and a
 * credit at the end of a body ("... analysts say. Reuters/AP"), and gives
 * each agency its canonical short name ("Associated Press" -> "AP").
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

#endif
