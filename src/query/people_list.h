/* The people of an index with their article counts, for spotting the
 * extractor's mistakes (`newssearch people`). */
#ifndef NS_QUERY_PEOPLE_LIST_H
#define NS_QUERY_PEOPLE_LIST_H

#include <stddef.h>
#include <stdint.h>

#include "newssearch/status.h"
#include "xapian/xdb.h"

typedef struct ns_person_count {
    char *name;        /* the canonical name, as the articles give it */
    uint32_t count;    /* articles that mention the person */
} ns_person_count;

typedef struct ns_people_list {
    ns_person_count *people;   /* most mentioned first, then by name */
    size_t len;
    size_t total;              /* people that match the pattern, all of them */
} ns_people_list;

/* The people whose name contains the pattern's words (case and accents
 * do not matter; NULL or "" for everyone), at most limit of them (0: all). */
ns_status ns_people_list_read(ns_xdb *db, const char *pattern, size_t limit,
                              ns_people_list *out, ns_error *err);
void ns_people_list_clear(ns_people_list *list);

#endif
