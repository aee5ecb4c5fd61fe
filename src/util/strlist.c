#include "newssearch/strlist.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

void ns_strlist_addn(ns_strlist *list, const char *s, size_t n)
{
    list->items = ns_xgrow(list->items, &list->cap, list->len + 1, sizeof *list->items);
    list->items[list->len++] = ns_xstrndup(s, n);
}

void ns_strlist_add(ns_strlist *list, const char *s)
{
    ns_strlist_addn(list, s, strlen(s));
}

bool ns_strlist_contains(const ns_strlist *list, const char *s)
{
    for (size_t i = 0; i < list->len; i++)
        if (strcmp(list->items[i], s) == 0)
            return true;
    return false;
}

bool ns_strlist_add_unique(ns_strlist *list, const char *s)
{
    if (ns_strlist_contains(list, s))
        return false;
    ns_strlist_add(list, s);
    return true;
}

void ns_strlist_clear(ns_strlist *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->len; i++)
        free(list->items[i]);
    free(list->items);
    list->items = NULL;
    list->len = list->cap = 0;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void ns_strlist_sort(ns_strlist *list)
{
    if (list->len > 1)
        qsort(list->items, list->len, sizeof *list->items, compare_strings);
}
