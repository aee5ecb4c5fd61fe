#include "extract/fingerprint.h"

#include <string.h>

#include "text/tokenize.h"
#include "util/hash.h"

#define SHINGLE 3

typedef struct shingling {
    uint64_t recent[SHINGLE];   /* hashes of the last words, a ring */
    size_t words;
    ns_minhash *out;
} shingling;

static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h *= UINT64_C(0xc4ceb9fe1a85ec53);
    h ^= h >> 33;
    return h;
}

static int add_word(void *ctx, const ns_token *t)
{
    shingling *s = ctx;
    s->recent[s->words % SHINGLE] = ns_hash64(t->text, t->len, NS_HASH_SEED);
    s->words++;
    if (s->words < SHINGLE)
        return 0;
    uint64_t h = 0;
    for (size_t i = s->words - SHINGLE; i < s->words; i++)
        h = mix(h ^ s->recent[i % SHINGLE]);
    /* One independent-enough hash function per value: the shingle's hash
     * re-mixed with the value's number. */
    for (unsigned k = 0; k < NS_MINHASH_SIZE; k++) {
        uint32_t v = (uint32_t)mix(h + UINT64_C(0x9e3779b97f4a7c15) * (k + 1));
        if (v < s->out->values[k])
            s->out->values[k] = v;
    }
    return 0;
}

bool ns_minhash_of(const char *text, size_t len, ns_minhash *out)
{
    memset(out->values, 0xff, sizeof out->values);
    shingling s = { { 0 }, 0, out };
    ns_tokenize(text, len, add_word, &s);
    return s.words >= NS_FINGERPRINT_MIN_WORDS;
}

double ns_minhash_similarity(const ns_minhash *a, const ns_minhash *b)
{
    unsigned equal = 0;
    for (unsigned k = 0; k < NS_MINHASH_SIZE; k++)
        equal += a->values[k] == b->values[k];
    return (double)equal / NS_MINHASH_SIZE;
}

uint64_t ns_minhash_band(const ns_minhash *m, unsigned band)
{
    return ns_hash64(&m->values[band * NS_MINHASH_ROWS], NS_MINHASH_ROWS * sizeof(uint32_t),
                     NS_HASH_SEED + band);
}
