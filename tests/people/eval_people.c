/* eval_people: precision and recall of the people extractor over labelled
 * sets (tests/people/README), with each false positive and negative
 * listed; and its throughput with --bench.
 *
 *   eval_people [--entities FILE] [--quiet] [--bench N] DIR|FILE...
 *
 * Exit status: 0, or 1 when a set cannot be read, 2 on bad usage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "devset.h"
#include "extract/people.h"
#include "text/tokenize.h"

/* CPU time of this process: what the extractor costs, unaffected by other
 * work on a shared machine. */
static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int count_token(void *ctx, const ns_token *token)
{
    (void)token;
    (*(size_t *)ctx)++;
    return 0;
}

/* Extractor throughput over the set repeated `rounds` times, beside the
 * tokeniser's alone (which indexing pays anyway) for scale. */
static void bench(const ns_people_model *model, const devset *set, long rounds)
{
    size_t bytes = 0;
    for (size_t f = 0; f < set->len; f++)
        for (size_t i = 0; i < set->files[f].len; i++)
            bytes += strlen(set->files[f].items[i].title) + strlen(set->files[f].items[i].body);
    double start = now_seconds();
    for (long r = 0; r < rounds; r++) {
        for (size_t f = 0; f < set->len; f++) {
            const devset_file *file = &set->files[f];
            ns_strlist *found = calloc(file->len, sizeof *found);
            devset_extract_file(model, file, found);
            for (size_t i = 0; i < file->len; i++)
                ns_strlist_clear(&found[i]);
            free(found);
        }
    }
    double extract = now_seconds() - start;
    size_t tokens = 0;
    start = now_seconds();
    for (long r = 0; r < rounds; r++)
        for (size_t f = 0; f < set->len; f++)
            for (size_t i = 0; i < set->files[f].len; i++) {
                const devset_article *a = &set->files[f].items[i];
                ns_tokenize(a->title, strlen(a->title), count_token, &tokens);
                ns_tokenize(a->body, strlen(a->body), count_token, &tokens);
            }
    double tokenize = now_seconds() - start;
    double mb = (double)bytes * (double)rounds / 1e6;
    printf("bench: %.1f MB in %.2f s of CPU: extractor %.1f MB/s; tokeniser alone %.1f MB/s\n",
           mb, extract, mb / extract, mb / tokenize);
}

int main(int argc, char **argv)
{
    const char *entities = NULL;
    bool quiet = false;
    long rounds = 0;
    int first = 1;
    for (; first < argc && argv[first][0] == '-'; first++) {
        if (strcmp(argv[first], "--entities") == 0 && first + 1 < argc) {
            entities = argv[++first];
        } else if (strcmp(argv[first], "--quiet") == 0) {
            quiet = true;
        } else if (strcmp(argv[first], "--bench") == 0 && first + 1 < argc) {
            rounds = strtol(argv[++first], NULL, 10);
        } else {
            fprintf(stderr, "usage: eval_people [--entities FILE] [--quiet] [--bench N] DIR|FILE...\n");
            return 2;
        }
    }
    if (first >= argc) {
        fprintf(stderr, "usage: eval_people [--entities FILE] [--quiet] [--bench N] DIR|FILE...\n");
        return 2;
    }
    ns_error err = { 0 };
    ns_people_model *model = NULL;
    if (ns_people_model_load(entities, &model, &err) != NS_OK) {
        fprintf(stderr, "eval_people: %s\n", err.message);
        return 1;
    }
    int rc = 0;
    devset all = { 0 };
    for (int i = first; i < argc; i++) {
        devset set = { 0 };
        struct stat st;
        ns_status status = stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)
                               ? devset_read_dir(argv[i], &set, &err)
                               : devset_read_file(argv[i], &set, &err);
        if (status != NS_OK) {
            fprintf(stderr, "eval_people: %s\n", err.message);
            devset_free(&set);
            rc = 1;
            continue;
        }
        devset_score score;
        devset_score_set(model, &set, &score, quiet ? NULL : stdout);
        printf("%s: %zu files, %zu articles, %zu people expected: "
               "precision %.3f recall %.3f (tp %zu, fp %zu, fn %zu)\n",
               argv[i], set.len, score.articles, score.true_pos + score.false_neg,
               devset_precision(&score), devset_recall(&score), score.true_pos,
               score.false_pos, score.false_neg);
        /* Keep the files for the benchmark. */
        for (size_t f = 0; f < set.len; f++) {
            all.files = realloc(all.files, (all.len + 1) * sizeof *all.files);
            all.files[all.len++] = set.files[f];
        }
        free(set.files);
    }
    if (rounds > 0 && all.len > 0)
        bench(model, &all, rounds);
    devset_free(&all);
    ns_people_model_free(model);
    return rc;
}
