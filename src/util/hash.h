/* Non-cryptographic hashing for ids and change detection. */
#ifndef NS_UTIL_HASH_H
#define NS_UTIL_HASH_H

#include <stddef.h>
#include <stdint.h>

/* 64-bit FNV-1a; `seed` chains calls (start with NS_HASH_SEED). */
#define NS_HASH_SEED UINT64_C(0xcbf29ce484222325)
uint64_t ns_hash64(const void *data, size_t len, uint64_t seed);

/* Write the hash as 16 lower-case hex digits and a NUL into out[17]. */
void ns_hash_hex(uint64_t hash, char out[17]);

#endif
