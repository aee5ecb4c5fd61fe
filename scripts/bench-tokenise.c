/* bench-tokenise: the read-and-tokenise baseline of scripts/bench.
 *
 * Reads each file named on the command line whole, splits it into words
 * (runs of ASCII letters and digits and of bytes >= 0x80, that is any
 * non-ASCII UTF-8 character), folds ASCII to lower case and hashes each
 * word, and prints the totals.  That is the least any indexer must do with
 * the same input: no JSON parsing, no Unicode normalisation, no stemming,
 * no index.  scripts/bench compiles it with `gcc -O2`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    unsigned long long bytes = 0, words = 0;
    uint64_t mix = 0;
    size_t cap = 0;
    unsigned char *buf = NULL;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 1;
        }
        fseek(f, 0, SEEK_END);
        long size = ftell(f);
        fseek(f, 0, SEEK_SET);
        if (size < 0) {
            perror(argv[i]);
            return 1;
        }
        if ((size_t)size + 1 > cap) {
            cap = (size_t)size + 1;
            buf = realloc(buf, cap);
            if (!buf) {
                fputs("out of memory\n", stderr);
                return 1;
            }
        }
        size_t n = fread(buf, 1, (size_t)size, f);
        fclose(f);
        bytes += n;
        uint64_t h = 0;
        int in_word = 0;
        for (size_t k = 0; k < n; k++) {
            unsigned c = buf[k];
            int w = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80 ||
                    (c >= 'A' && c <= 'Z');
            if (w) {
                if (c >= 'A' && c <= 'Z')
                    c += 'a' - 'A';
                h = (in_word ? h : 1469598103934665603ULL) ^ c;
                h *= 1099511628211ULL;
                in_word = 1;
            } else if (in_word) {
                words++;
                mix += h;
                in_word = 0;
            }
        }
        if (in_word) {
            words++;
            mix += h;
        }
    }
    free(buf);
    printf("bytes %llu words %llu hash %016llx\n", bytes, words, (unsigned long long)mix);
    return 0;
}
