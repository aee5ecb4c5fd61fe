/* libFuzzer's entry points over the target table (targets.h): one program
 * for every target, chosen with $NS_FUZZ_TARGET.  scripts/fuzz runs it;
 * `NS_FUZZ_TARGET=list` prints the table (name, seeds, dictionary) for
 * that script. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "targets.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const ns_fuzz_target *target;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *name = getenv("NS_FUZZ_TARGET");
    if (name && strcmp(name, "list") == 0) {
        for (size_t i = 0; i < ns_fuzz_n_targets; i++)
            printf("%s\t%s\t%s\n", ns_fuzz_targets[i].name, ns_fuzz_targets[i].seeds,
                   ns_fuzz_targets[i].dict ? ns_fuzz_targets[i].dict : "");
        exit(0);
    }
    target = ns_fuzz_target_by_name(name);
    if (!target) {
        fprintf(stderr, "fuzz_newssearch: set NS_FUZZ_TARGET to one of:");
        for (size_t i = 0; i < ns_fuzz_n_targets; i++)
            fprintf(stderr, " %s", ns_fuzz_targets[i].name);
        fputc('\n', stderr);
        exit(2);
    }
    if (ns_fuzz_setup(target, getenv("top_srcdir")) != 0)
        exit(2);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    target->run(target, data, size);
    return 0;
}
