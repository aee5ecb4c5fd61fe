#include "extract/fingerprint.h"

#include <string.h>

#include "text/tokenize.h"
#include "util/hash.h"

#define SHINGLE 3


static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h *= UINT64_C(0xc4ceb9fe1a85ec53);
    h ^= h >> 33;
    return h;
}

static uint64_t rotl(uint64_t x, unsigned r)
{
    return (x << r) | (x >> (64 - r));
}

/* Odd multipliers for the value functions: multiply-shift hashing, one
 * multiplication per value and shingle, on the text's hottest path.  (The
 * splitmix sequence from the golden ratio, fixed here so that stored
 * fingerprints stay comparable.) */
static const uint64_t multipliers[NS_MINHASH_SIZE] = {
    UINT64_C(0xd30b054265133dd7),
    UINT64_C(0x7c4720ce50b6025f),
    UINT64_C(0x4004039250dd4cbf),
    UINT64_C(0x25efb13839f2d24d),
    UINT64_C(0x9cbcab67b35fba23),
    UINT64_C(0x8930d4c7f8b388f1),
    UINT64_C(0x2a4c84a05d3a5eb7),
    UINT64_C(0x3039bfce81aec901),
    UINT64_C(0xf1a1fbfc645767bb),
    UINT64_C(0x3a2fa7fe14d7eba1),
    UINT64_C(0xfad99189b0e99b99),
    UINT64_C(0x983549759a63ba87),
    UINT64_C(0xf753fcfb7f9513dd),
    UINT64_C(0x56177abf3b4e81a9),
    UINT64_C(0x102aeeaa52cd551d),
    UINT64_C(0x3f55ab229ba80093),
    UINT64_C(0x94e3005d427c3aa5),
    UINT64_C(0x89e3bad53097993f),
    UINT64_C(0x1faec3e856cfc9a9),
    UINT64_C(0x81aa65dd7da52f4f),
    UINT64_C(0xa6d0f3b760c6171b),
    UINT64_C(0xb7d18ab532e2b0ab),
    UINT64_C(0x600fc87a995904bd),
    UINT64_C(0x661aea960f50a1d5),
};

void ns_shingler_begin(ns_shingler *s, ns_minhash *out)
{
    memset(s, 0, sizeof *s);
    memset(out->values, 0xff, sizeof out->values);
    s->out = out;
}

void ns_shingler_add(ns_shingler *s, const char *word, size_t len)
{
    s->recent[s->words % SHINGLE] = ns_hash64(word, len, NS_HASH_SEED);
    s->words++;
    if (s->words < SHINGLE)
        return;
    /* The shingle's hash: its three words' hashes, in order. */
    size_t w = s->words;
    uint64_t h = mix(s->recent[(w - 3) % SHINGLE] ^ rotl(s->recent[(w - 2) % SHINGLE], 21) ^
                     rotl(s->recent[(w - 1) % SHINGLE], 42));
    for (unsigned k = 0; k < NS_MINHASH_SIZE; k++) {
        uint32_t v = (uint32_t)((h * multipliers[k]) >> 32);
        if (v < s->out->values[k])
            s->out->values[k] = v;
    }
}

bool ns_shingler_end(const ns_shingler *s)
{
    return s->words >= NS_FINGERPRINT_MIN_WORDS;
}

static int add_word(void *ctx, const ns_token *t)
{
    ns_shingler_add(ctx, t->text, t->len);
    return 0;
}

bool ns_minhash_of(const char *text, size_t len, ns_minhash *out)
{
    ns_shingler s;
    ns_shingler_begin(&s, out);
    ns_tokenize(text, len, add_word, &s);
    return ns_shingler_end(&s);
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
