/* PLACEHOLDER until the people extractor lands from its branch: finds no
 * names; keeps the names a source gives. */
#include "extract/people.h"

#include <stdlib.h>

#include "util/mem.h"

struct ns_people_model {
    int unused;
};

ns_status ns_people_model_load(const char *entities_path, ns_people_model **model,
                               ns_error *err)
{
    *model = ns_xcalloc(1, sizeof **model);
    return NS_OK;
}

void ns_people_model_free(ns_people_model *model)
{
    free(model);
}

void ns_people_clear(ns_people *people)
{
    if (!people)
        return;
    ns_strlist_clear(&people->names);
    free(people->mentions);
    people->mentions = NULL;
    people->n_mentions = people->cap = 0;
}

void ns_people_find(const ns_people_model *model, const char *text, size_t len, ns_people *out)
{
}

void ns_people_extract_file(const ns_people_model *model, ns_article_list *articles)
{
}
