/* Allocation that never returns NULL: on failure the program ends with
 * "newssearch: out of memory" (the convention is in status.h). */
#ifndef NS_UTIL_MEM_H
#define NS_UTIL_MEM_H

#include <stddef.h>

void *ns_xmalloc(size_t size);
void *ns_xcalloc(size_t count, size_t size);
void *ns_xrealloc(void *ptr, size_t size);
/* Grow an array of `*cap` elements of `size` bytes so it holds at least
 * `need`; doubles, so appends are amortised O(1). */
void *ns_xgrow(void *ptr, size_t *cap, size_t need, size_t size);
char *ns_xstrdup(const char *s);
char *ns_xstrndup(const char *s, size_t n);
/* strdup that passes NULL through. */
char *ns_xstrdup_or_null(const char *s);
char *ns_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
