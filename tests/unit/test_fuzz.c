/* The fuzz targets (tests/fuzz/targets.h) over their seeds and every input
 * that once made one of them fail (tests/fuzz/regressions/<target>/): the
 * fuzzers' findings stay fixed, and the targets keep working, with no
 * clang needed. */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "../fuzz/targets.h"
#include "newssearch/strlist.h"
#include "util/buf.h"
#include "util/mem.h"

static const char *top_srcdir(void)
{
    const char *top = getenv("top_srcdir");
    return top ? top : ".";
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static char *slurp(const char *path, size_t *len)
{
    ns_buf buf = NS_BUF_INIT;
    if (ns_buf_read_file(&buf, path, 0) != 0)
        fail_msg("cannot read %s: %s", path, strerror(errno));
    *len = buf.len;
    return ns_buf_detach(&buf);
}

/* Every file directly in dir, in name order. */
static void list_dir(const char *dir, ns_strlist *files)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    ns_strlist names = { 0 };
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            ns_strlist_add(&names, e->d_name);
    closedir(d);
    ns_strlist_sort(&names);
    for (size_t i = 0; i < names.len; i++) {
        char *path = ns_xasprintf("%s/%s", dir, names.items[i]);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
            ns_strlist_add(files, path);
        free(path);
    }
    ns_strlist_clear(&names);
}

static void run_bytes(const ns_fuzz_target *t, const char *data, size_t len)
{
    /* An exact copy, as libFuzzer hands inputs over. */
    uint8_t *copy = ns_xmalloc(len);
    memcpy(copy, data, len);
    t->run(t, copy, len);
    free(copy);
}

/* The target's seeds: files of the seed directories, lines of *.lines. */
static size_t run_seeds(const ns_fuzz_target *t)
{
    size_t inputs = 0;
    char *seeds = ns_xstrdup(t->seeds);
    for (char *word = strtok(seeds, " "); word; word = strtok(NULL, " ")) {
        char *path = ns_xasprintf("%s/%s", top_srcdir(), word);
        if (ends_with(word, ".lines")) {
            size_t len;
            char *text = slurp(path, &len);
            for (char *line = text; line < text + len;) {
                char *eol = memchr(line, '\n', (size_t)(text + len - line));
                size_t n = eol ? (size_t)(eol - line) : (size_t)(text + len - line);
                run_bytes(t, line, n);
                inputs++;
                line += n + 1;
            }
            free(text);
        } else {
            ns_strlist files = { 0 };
            list_dir(path, &files);
            for (size_t i = 0; i < files.len; i++) {
                size_t len;
                char *data = slurp(files.items[i], &len);
                run_bytes(t, data, len);
                free(data);
                inputs++;
            }
            ns_strlist_clear(&files);
        }
        free(path);
    }
    free(seeds);
    return inputs;
}

static size_t run_regressions(const ns_fuzz_target *t)
{
    char *dir = ns_xasprintf("%s/tests/fuzz/regressions/%s", top_srcdir(), t->name);
    ns_strlist files = { 0 };
    list_dir(dir, &files);
    for (size_t i = 0; i < files.len; i++) {
        size_t len;
        char *data = slurp(files.items[i], &len);
        /* Named first, so that a crash says which input it was. */
        print_message("%s: %s\n", t->name, strrchr(files.items[i], '/') + 1);
        run_bytes(t, data, len);
        free(data);
    }
    size_t n = files.len;
    ns_strlist_clear(&files);
    free(dir);
    return n;
}

static void test_target(void **state)
{
    const ns_fuzz_target *t = *state;
    assert_int_equal(ns_fuzz_setup(t, top_srcdir()), 0);
    size_t seeds = run_seeds(t);
    if (seeds == 0)
        fail_msg("%s: no seed inputs in \"%s\"", t->name, t->seeds);
    size_t regressions = run_regressions(t);
    print_message("%s: %zu seeds, %zu regression inputs\n", t->name, seeds, regressions);
}

static void test_every_regression_directory_names_a_target(void **state)
{
    char *dir = ns_xasprintf("%s/tests/fuzz/regressions", top_srcdir());
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (!ns_fuzz_target_by_name(e->d_name))
            fail_msg("tests/fuzz/regressions/%s: no fuzz target of that name", e->d_name);
    }
    closedir(d);
    free(dir);
}

int main(void)
{
    struct CMUnitTest *tests = ns_xcalloc(ns_fuzz_n_targets + 1, sizeof *tests);
    for (size_t i = 0; i < ns_fuzz_n_targets; i++) {
        tests[i].name = ns_fuzz_targets[i].name;
        tests[i].test_func = test_target;
        tests[i].initial_state = (void *)&ns_fuzz_targets[i];
    }
    tests[ns_fuzz_n_targets].name = "every regression directory names a target";
    tests[ns_fuzz_n_targets].test_func = test_every_regression_directory_names_a_target;
    int failed = _cmocka_run_group_tests("fuzz targets", tests, ns_fuzz_n_targets + 1, NULL, NULL);
    free(tests);
    return failed;
}
