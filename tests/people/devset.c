#include "devset.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/reader.h"
#include "util/buf.h"
#include "util/mem.h"

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* "A | B | C" into list. */
static void split_names(const char *s, ns_strlist *list)
{
    while (*s) {
        const char *bar = strstr(s, " | ");
        size_t len = bar ? (size_t)(bar - s) : strlen(s);
        char *name = ns_trimmed_copy(s, len);
        if (*name)
            ns_strlist_add_unique(list, name);
        free(name);
        if (!bar)
            break;
        s = bar + 3;
    }
}

static char *read_all(const char *path, ns_error *err)
{
    ns_buf buf = NS_BUF_INIT;
    if (ns_buf_read_file(&buf, path, 0) != 0) {
        ns_error_set(err, NS_ERR_IO, "%s: %s", path, strerror(errno));
        return NULL;
    }
    return ns_buf_detach(&buf);
}

ns_status devset_read_file(const char *path, devset *set, ns_error *err)
{
    char *text = read_all(path, err);
    if (!text)
        return NS_ERR_IO;
    set->files = ns_xgrow(set->files, &set->cap, set->len + 1, sizeof *set->files);
    devset_file *file = &set->files[set->len++];
    memset(file, 0, sizeof *file);
    file->path = ns_xstrdup(path);

    enum { OUTSIDE, HEADER, TITLE, BODY } state = OUTSIDE;
    devset_article *a = NULL;
    ns_buf body = NS_BUF_INIT;
    size_t lineno = 0;
    ns_status status = NS_OK;
    char *p = text;
    while (*p && status == NS_OK) {
        char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        char *line = ns_xstrndup(p, len);
        lineno++;
        p = eol ? eol + 1 : p + len;
        if (starts_with(line, "=== ")) {
            if (a) {
                a->body = ns_trimmed_copy(ns_buf_str(&body), body.len);
                if (state != BODY && state != TITLE)
                    status = ns_error_set(err, NS_ERR_INPUT, "%s:%zu: article \"%s\" has no text",
                                          path, a->line, a->id);
            }
            ns_buf_reset(&body);
            file->items = ns_xgrow(file->items, &file->cap, file->len + 1, sizeof *file->items);
            a = &file->items[file->len++];
            memset(a, 0, sizeof *a);
            a->id = ns_trimmed_copy(line + 4, strlen(line + 4));
            a->line = lineno;
            state = HEADER;
        } else if (state == OUTSIDE) {
            /* comments before the first article */
        } else if (state == HEADER) {
            if (strcmp(line, "---") == 0)
                state = TITLE;
            else if (starts_with(line, "people:"))
                split_names(line + 7, &a->expected);
            else if (starts_with(line, "maybe:"))
                split_names(line + 6, &a->maybe);
            else if (starts_with(line, "given:"))
                split_names(line + 6, &a->given);
            else if (line[0] != '#' && line[0] != '\0')
                status = ns_error_set(err, NS_ERR_INPUT,
                                      "%s:%zu: expected people:, maybe:, given: or ---", path,
                                      lineno);
        } else if (state == TITLE) {
            if (line[0] != '\0') {
                a->title = ns_trimmed_copy(line, len);
                state = BODY;
            }
        } else {
            if (body.len)
                ns_buf_putc(&body, '\n');
            ns_buf_append(&body, line, len);
        }
        free(line);
    }
    if (a && status == NS_OK) {
        if (state != BODY)
            status = ns_error_set(err, NS_ERR_INPUT, "%s:%zu: article \"%s\" has no text", path,
                                  a->line, a->id);
        a->body = ns_trimmed_copy(ns_buf_str(&body), body.len);
    }
    for (size_t i = 0; i < file->len; i++) {
        if (!file->items[i].title)
            file->items[i].title = ns_xstrdup("");
        if (!file->items[i].body)
            file->items[i].body = ns_xstrdup("");
    }
    if (status == NS_OK && file->len == 0)
        status = ns_error_set(err, NS_ERR_INPUT, "%s: no articles (\"=== id\" lines)", path);
    ns_buf_free(&body);
    free(text);
    return status;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

ns_status devset_read_dir(const char *dir, devset *set, ns_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return ns_error_set(err, NS_ERR_IO, "%s: %s", dir, strerror(errno));
    ns_strlist names = { 0 };
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        size_t n = strlen(ent->d_name);
        if (n > 4 && strcmp(ent->d_name + n - 4, ".txt") == 0 && ent->d_name[0] != '.')
            ns_strlist_add(&names, ent->d_name);
    }
    closedir(d);
    qsort(names.items, names.len, sizeof *names.items, compare_names);
    ns_status status = NS_OK;
    for (size_t i = 0; i < names.len && status == NS_OK; i++) {
        char *path = ns_xasprintf("%s/%s", dir, names.items[i]);
        status = devset_read_file(path, set, err);
        free(path);
    }
    ns_strlist_clear(&names);
    return status;
}

void devset_free(devset *set)
{
    if (!set)
        return;
    for (size_t f = 0; f < set->len; f++) {
        devset_file *file = &set->files[f];
        for (size_t i = 0; i < file->len; i++) {
            devset_article *a = &file->items[i];
            free(a->id);
            free(a->title);
            free(a->body);
            ns_strlist_clear(&a->expected);
            ns_strlist_clear(&a->maybe);
            ns_strlist_clear(&a->given);
        }
        free(file->items);
        free(file->path);
    }
    free(set->files);
    memset(set, 0, sizeof *set);
}

void devset_extract_file(const ns_people_model *model, const devset_file *file,
                         ns_strlist *found)
{
    ns_article_list list = { 0 };
    for (size_t i = 0; i < file->len; i++) {
        const devset_article *a = &file->items[i];
        ns_article *art = ns_article_list_add(&list);
        art->title = ns_xstrdup(a->title);
        art->body = ns_xstrdup(a->body);
        for (size_t k = 0; k < a->given.len; k++)
            ns_strlist_add(&art->people, a->given.items[k]);
    }
    ns_people_extract_file(model, &list);
    for (size_t i = 0; i < file->len; i++) {
        const ns_strlist *people = &list.items[i].people;
        for (size_t k = 0; k < people->len; k++)
            ns_strlist_add_unique(&found[i], people->items[k]);
    }
    ns_article_list_clear(&list);
}

void devset_score_set(const ns_people_model *model, const devset *set, devset_score *score,
                      FILE *report)
{
    memset(score, 0, sizeof *score);
    for (size_t f = 0; f < set->len; f++) {
        const devset_file *file = &set->files[f];
        ns_strlist *found = ns_xcalloc(file->len, sizeof *found);
        devset_extract_file(model, file, found);
        for (size_t i = 0; i < file->len; i++) {
            const devset_article *a = &file->items[i];
            score->articles++;
            for (size_t k = 0; k < found[i].len; k++) {
                const char *name = found[i].items[k];
                if (ns_strlist_contains(&a->expected, name)) {
                    score->true_pos++;
                } else if (!ns_strlist_contains(&a->maybe, name)) {
                    score->false_pos++;
                    if (report)
                        fprintf(report, "FP\t%s#%s\t%s\n", file->path, a->id, name);
                }
            }
            for (size_t k = 0; k < a->expected.len; k++) {
                if (!ns_strlist_contains(&found[i], a->expected.items[k])) {
                    score->false_neg++;
                    if (report)
                        fprintf(report, "FN\t%s#%s\t%s\n", file->path, a->id,
                                a->expected.items[k]);
                }
            }
            ns_strlist_clear(&found[i]);
        }
        free(found);
    }
}

double devset_precision(const devset_score *score)
{
    size_t found = score->true_pos + score->false_pos;
    return found ? (double)score->true_pos / (double)found : 1.0;
}

double devset_recall(const devset_score *score)
{
    size_t expected = score->true_pos + score->false_neg;
    return expected ? (double)score->true_pos / (double)expected : 1.0;
}
