/* Fuzz targets: every part of newssearch that reads bytes it did not
 * write (files, queries), as functions from bytes to nothing.  A target
 * either returns or aborts: a crash, a sanitizer report, or a broken
 * promise of the code under test (checked here with FUZZ_CHECK).
 *
 * The same table serves two drivers:
 *   tests/fuzz/libfuzzer.c    libFuzzer's entry points (scripts/fuzz)
 *   tests/unit/test_fuzz.c    the unit suite, which replays every seed
 *                             and every input kept in
 *                             tests/fuzz/regressions/<target>/
 *
 * Adding a format reader to the fuzzing is one line in targets.c.
 */
#ifndef NS_TESTS_FUZZ_TARGETS_H
#define NS_TESTS_FUZZ_TARGETS_H

#include <stddef.h>
#include <stdint.h>

typedef struct ns_fuzz_target ns_fuzz_target;

struct ns_fuzz_target {
    const char *name;         /* "reader-json", as scripts/fuzz calls it */
    void (*run)(const ns_fuzz_target *target, const uint8_t *data, size_t size);
    /* Seeds, relative to the source tree, separated by spaces: a
     * directory gives each file in it as an input, a file named *.lines
     * each of its lines. */
    const char *seeds;
    const char *dict;         /* a libFuzzer dictionary in the source tree, or NULL */
    const char *reader;       /* reader targets: the reader's name ... */
    const char *path;         /* ... and the file name it is given */
};

extern const ns_fuzz_target ns_fuzz_targets[];
extern const size_t ns_fuzz_n_targets;

const ns_fuzz_target *ns_fuzz_target_by_name(const char *name);

/* What a target needs once per process (a model, a small index built from
 * top_srcdir's corpora); removed again at exit.  Returns 0, or -1 with a
 * message on stderr. */
int ns_fuzz_setup(const ns_fuzz_target *target, const char *top_srcdir);

#endif
