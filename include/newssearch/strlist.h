/* newssearch: a growable list of owned strings. */
#ifndef NEWSSEARCH_STRLIST_H
#define NEWSSEARCH_STRLIST_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ns_strlist {
    char **items;
    size_t len;
    size_t cap;
} ns_strlist;

/* Append a copy of s. */
void ns_strlist_add(ns_strlist *list, const char *s);
/* Append a copy of the first n bytes of s. */
void ns_strlist_addn(ns_strlist *list, const char *s, size_t n);
/* Append a copy of s unless an equal string is already there; true if added. */
bool ns_strlist_add_unique(ns_strlist *list, const char *s);
bool ns_strlist_contains(const ns_strlist *list, const char *s);
/* Free every string and the storage; the list is empty afterwards.  Accepts NULL. */
void ns_strlist_clear(ns_strlist *list);
/* Sort in byte order. */
void ns_strlist_sort(ns_strlist *list);

#endif
