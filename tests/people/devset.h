/* The labelled people set: reading it and scoring the extractor on it.
 *
 * The format is in tests/people/README.  Each file is one source file's
 * articles (an aggregator page, a feed), read and extracted together so
 * that names resolve across its articles as ns_people_extract_file() does
 * for real files.  Scores count distinct people per article: a found name
 * is a true positive when it is expected, a false positive when it is
 * neither expected nor allowed ("maybe:"), and each expected name not
 * found is a false negative.
 */
#ifndef NS_TESTS_PEOPLE_DEVSET_H
#define NS_TESTS_PEOPLE_DEVSET_H

#include <stdio.h>

#include "extract/people.h"
#include "newssearch/status.h"
#include "newssearch/strlist.h"

typedef struct devset_article {
    char *id;              /* "=== id" */
    size_t line;           /* where it starts, for messages */
    char *title;
    char *body;
    ns_strlist expected;   /* people: */
    ns_strlist maybe;      /* maybe: names that may be found or not */
    ns_strlist given;      /* given: names the source itself lists */
} devset_article;

typedef struct devset_file {
    char *path;
    devset_article *items;
    size_t len, cap;
} devset_file;

typedef struct devset {
    devset_file *files;
    size_t len, cap;
} devset;

typedef struct devset_score {
    size_t articles;
    size_t true_pos, false_pos, false_neg;
} devset_score;

/* Read every *.txt file of dir, in name order, into set (appended).
 * NS_ERR_IO when dir cannot be read, NS_ERR_INPUT naming file and line
 * when a file is not in the format. */
ns_status devset_read_dir(const char *dir, devset *set, ns_error *err);
ns_status devset_read_file(const char *path, devset *set, ns_error *err);
void devset_free(devset *set);

/* Extract the people of every file and score them.  When report is not
 * NULL, each false positive and false negative is printed to it, a line
 * each ("FP\tpath#id\tname"). */
void devset_score_set(const ns_people_model *model, const devset *set, devset_score *score,
                      FILE *report);

/* Precision and recall of a score; 1 when there is nothing to divide. */
double devset_precision(const devset_score *score);
double devset_recall(const devset_score *score);

/* Extract the people of every article of one file (as devset_score_set
 * does) into found[i], one list per article; the caller clears them. */
void devset_extract_file(const ns_people_model *model, const devset_file *file,
                         ns_strlist *found);

#endif
