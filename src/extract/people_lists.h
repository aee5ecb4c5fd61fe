/* The people extractor's word lists, compiled in from the lists in data/people by
 * scripts/gen-people-lists (the generated file is people_lists.c in the
 * build tree).  Each list is named after its file without ".txt"; what
 * each list means is written at the top of the file itself, and where it
 * came from in data/people/README. */
#ifndef NS_EXTRACT_PEOPLE_LISTS_H
#define NS_EXTRACT_PEOPLE_LISTS_H

#include <stddef.h>

typedef struct ns_people_list {
    const char *name;               /* "given_names" */
    const char *const *entries;     /* as written in the file, trimmed */
    size_t len;
} ns_people_list;

extern const ns_people_list ns_people_lists[];
extern const size_t ns_people_lists_count;

#endif
