/* People: find the people an article mentions, under one canonical name.
 *
 * Pure functions of the text and a model loaded once (word lists of given
 * names, titles, honorifics, organisation and place cues, and the user's
 * corrections): no clock, no globals, no network.  A better extractor can
 * replace this module behind the same interface.
 *
 * Canonical names: the full name as an article first gives it ("Claudia
 * Sheinbaum"), with titles and honorifics removed; later mentions
 * ("Ms Sheinbaum", "Sheinbaum") resolve to it; when an article never gives
 * the full name, the full name used elsewhere in the same file is used; a
 * bare surname shared by two people is not guessed.  A surname that no
 * full name in the article, the file or the entity file explains ("Mr
 * Finucane" alone) is dropped: the people list holds full names only,
 * since a bare surname would merge unrelated people across an archive.
 * Royals and popes keep their title with a lone given name ("Prince
 * Harry", "King Charles III").
 */
#ifndef NS_EXTRACT_PEOPLE_H
#define NS_EXTRACT_PEOPLE_H

#include <stddef.h>

#include "newssearch/article.h"
#include "newssearch/status.h"

typedef struct ns_people_model ns_people_model;

/* Load the built-in word lists, then the user's entity file when
 * entities_path is not NULL and exists (a missing file is not an error; a
 * malformed line is, NS_ERR_INPUT naming the file and line).  The entity
 * file's format (person, alias, merge, block) is in data/people/README. */
ns_status ns_people_model_load(const char *entities_path, ns_people_model **model,
                               ns_error *err);
void ns_people_model_free(ns_people_model *model);

/* One mention of a person in a text. */
typedef struct ns_mention {
    size_t start;      /* byte offsets of the mention in the text */
    size_t end;
    size_t person;     /* index into ns_people.names */
} ns_mention;

typedef struct ns_people {
    ns_strlist names;  /* canonical names, in order of first mention */
    ns_mention *mentions;
    size_t n_mentions;
    size_t cap;
} ns_people;

void ns_people_clear(ns_people *people);

/* The people one text mentions, with their mentions, appended to out
 * (names already in out keep their index); free with ns_people_clear(). */
void ns_people_find(const ns_people_model *model, const char *text, size_t len,
                    ns_people *out);

/* Fill `people` of every article in the list (the articles of one file),
 * resolving names across the file as described above. */
void ns_people_extract_file(const ns_people_model *model, ns_article_list *articles);

#endif
