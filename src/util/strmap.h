/* A hash map from strings to pointers, for caches and counting: keys are
 * copied and owned by the map, values are the caller's (ns_strmap_free
 * can free them with a function given to it). */
#ifndef NS_UTIL_STRMAP_H
#define NS_UTIL_STRMAP_H

#include <stddef.h>

typedef struct ns_strmap_entry {
    char *key;
    size_t key_len;
    void *value;
    unsigned long long hash;
} ns_strmap_entry;

typedef struct ns_strmap {
    ns_strmap_entry *slots;
    size_t cap;      /* a power of two, or 0 */
    size_t len;
} ns_strmap;

#define NS_STRMAP_INIT { NULL, 0, 0 }

/* The value stored under key, or NULL. */
void *ns_strmap_get(const ns_strmap *map, const char *key, size_t len);
/* A pointer to the value slot for key, inserting NULL when absent: the
 * one lookup a cache or counter needs. */
void **ns_strmap_slot(ns_strmap *map, const char *key, size_t len);
/* Call fn for every entry, in no particular order. */
void ns_strmap_each(const ns_strmap *map, void (*fn)(void *ctx, const char *key, void *value),
                    void *ctx);
/* Free the keys and storage, and each value with free_value when it is
 * not NULL.  Accepts NULL. */
void ns_strmap_free(ns_strmap *map, void (*free_value)(void *value));

#endif
