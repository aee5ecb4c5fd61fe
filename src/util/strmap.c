#include "util/strmap.h"

#include <stdlib.h>
#include <string.h>

#include "util/hash.h"
#include "util/mem.h"

static ns_strmap_entry *find(const ns_strmap *map, const char *key, size_t len,
                             unsigned long long hash)
{
    size_t mask = map->cap - 1;
    for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
        ns_strmap_entry *e = &map->slots[i];
        if (!e->key)
            return e;
        if (e->hash == hash && e->key_len == len && memcmp(e->key, key, len) == 0)
            return e;
    }
}

static void grow(ns_strmap *map)
{
    ns_strmap old = *map;
    map->cap = old.cap ? old.cap * 2 : 64;
    map->slots = ns_xcalloc(map->cap, sizeof *map->slots);
    for (size_t i = 0; i < old.cap; i++) {
        if (old.slots[i].key)
            *find(map, old.slots[i].key, old.slots[i].key_len, old.slots[i].hash) = old.slots[i];
    }
    free(old.slots);
}

void *ns_strmap_get(const ns_strmap *map, const char *key, size_t len)
{
    if (!map->cap)
        return NULL;
    ns_strmap_entry *e = find(map, key, len, ns_hash64(key, len, NS_HASH_SEED));
    return e->key ? e->value : NULL;
}

void **ns_strmap_slot(ns_strmap *map, const char *key, size_t len)
{
    /* Keep the load under 3/4 so probes stay short. */
    if ((map->len + 1) * 4 > map->cap * 3)
        grow(map);
    unsigned long long hash = ns_hash64(key, len, NS_HASH_SEED);
    ns_strmap_entry *e = find(map, key, len, hash);
    if (!e->key) {
        e->key = ns_xstrndup(key, len);
        e->key_len = len;
        e->hash = hash;
        e->value = NULL;
        map->len++;
    }
    return &e->value;
}

void ns_strmap_each(const ns_strmap *map, void (*fn)(void *ctx, const char *key, void *value),
                    void *ctx)
{
    for (size_t i = 0; i < map->cap; i++)
        if (map->slots[i].key)
            fn(ctx, map->slots[i].key, map->slots[i].value);
}

void ns_strmap_free(ns_strmap *map, void (*free_value)(void *value))
{
    if (!map)
        return;
    for (size_t i = 0; i < map->cap; i++) {
        if (map->slots[i].key) {
            free(map->slots[i].key);
            if (free_value)
                free_value(map->slots[i].value);
        }
    }
    free(map->slots);
    map->slots = NULL;
    map->cap = map->len = 0;
}
