#include "ingest/walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "newssearch/strlist.h"
#include "util/mem.h"

/* Deeper than this is a loop we failed to see or a tree nobody means. */
#define MAX_DEPTH 64

/* The directories on the way down, to recognise a loop. */
typedef struct dir_stack {
    dev_t dev[MAX_DEPTH];
    ino_t ino[MAX_DEPTH];
    size_t depth;
} dir_stack;

static bool on_stack(const dir_stack *stack, const struct stat *st)
{
    for (size_t i = 0; i < stack->depth; i++)
        if (stack->dev[i] == st->st_dev && stack->ino[i] == st->st_ino)
            return true;
    return false;
}

static size_t walk(const char *path, const ns_walk_callbacks *cb, dir_stack *stack)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        struct stat lst;
        if (errno == ELOOP || (errno == ENOENT && lstat(path, &lst) == 0))
            cb->problem(cb->ctx, path, errno == ELOOP ? "symbolic link loop" : "broken symbolic link");
        else
            cb->problem(cb->ctx, path, strerror(errno));
        return 0;
    }
    if (S_ISREG(st.st_mode)) {
        cb->file(cb->ctx, path, &st);
        return 0;
    }
    if (!S_ISDIR(st.st_mode)) {
        cb->problem(cb->ctx, path, "not a regular file or directory");
        return 0;
    }
    if (on_stack(stack, &st)) {
        cb->problem(cb->ctx, path, "symbolic link loop (a directory inside itself)");
        return 0;
    }
    if (stack->depth == MAX_DEPTH) {
        cb->problem(cb->ctx, path, "directories nested too deep");
        return 0;
    }
    DIR *dir = opendir(path);
    if (!dir) {
        cb->problem(cb->ctx, path, strerror(errno));
        return 0;
    }
    ns_strlist names = { 0 };
    size_t hidden = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
            continue;
        if (entry->d_name[0] == '.') {
            hidden++;
            continue;
        }
        ns_strlist_add(&names, entry->d_name);
    }
    closedir(dir);
    ns_strlist_sort(&names);
    stack->dev[stack->depth] = st.st_dev;
    stack->ino[stack->depth] = st.st_ino;
    stack->depth++;
    size_t len = strlen(path);
    bool slash = len > 0 && path[len - 1] == '/';
    for (size_t i = 0; i < names.len; i++) {
        char *child = ns_xasprintf("%s%s%s", path, slash ? "" : "/", names.items[i]);
        hidden += walk(child, cb, stack);
        free(child);
    }
    stack->depth--;
    ns_strlist_clear(&names);
    return hidden;
}

size_t ns_walk(const char *path, const ns_walk_callbacks *cb)
{
    dir_stack stack = { .depth = 0 };
    return walk(path, cb, &stack);
}
