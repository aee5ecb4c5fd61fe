/* Fingerprints for recognising syndicated copies: the same story run by
 * several outlets with other headlines, trimmed endings and small edits.
 *
 * A MinHash of the body's word 3-shingles: the share of equal values
 * between two fingerprints estimates the Jaccard similarity of the two
 * texts' shingle sets.  Copies that keep most of a story stay well above
 * NS_COPY_SIMILARITY; two stories on one event, told in their own words,
 * share few shingles.  Banding (NS_MINHASH_BANDS bands of NS_MINHASH_ROWS
 * values) finds candidates without comparing every pair.  Pure: text in,
 * values out.
 */
#ifndef NS_EXTRACT_FINGERPRINT_H
#define NS_EXTRACT_FINGERPRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NS_MINHASH_BANDS 6
#define NS_MINHASH_ROWS 4
#define NS_MINHASH_SIZE (NS_MINHASH_BANDS * NS_MINHASH_ROWS)
/* Fewer words than this give no fingerprint: short texts are too alike by
 * chance to call copies. */
#define NS_FINGERPRINT_MIN_WORDS 40
/* Estimated similarity at or above which two articles are one story. */
#define NS_COPY_SIMILARITY 0.5

typedef struct ns_minhash {
    uint32_t values[NS_MINHASH_SIZE];
} ns_minhash;

/* False when the text is too short to fingerprint. */
bool ns_minhash_of(const char *text, size_t len, ns_minhash *out);

/* The same, fed word by word (normalised, as the tokeniser gives them),
 * for a caller that tokenises the text anyway. */
typedef struct ns_shingler {
    uint64_t recent[3];
    size_t words;
    ns_minhash *out;
} ns_shingler;
void ns_shingler_begin(ns_shingler *s, ns_minhash *out);
void ns_shingler_add(ns_shingler *s, const char *word, size_t len);
/* False when too few words came to fingerprint. */
bool ns_shingler_end(const ns_shingler *s);

/* The share of equal values, 0 to 1. */
double ns_minhash_similarity(const ns_minhash *a, const ns_minhash *b);

/* A key for one band: fingerprints that share a band key are candidates. */
uint64_t ns_minhash_band(const ns_minhash *m, unsigned band);

#endif
