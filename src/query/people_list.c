#include "query/people_list.h"

#include <stdlib.h>
#include <string.h>

#include "index/record.h"
#include "index/schema.h"
#include "text/tokenize.h"
#include "util/buf.h"
#include "util/mem.h"

typedef struct slug_count {
    char *slug;
    uint32_t count;
} slug_count;

typedef struct collecting {
    const char *pattern_slug;    /* "" for everyone */
    slug_count *items;
    size_t len, cap;
} collecting;

/* The pattern's words, each somewhere in the name's slug ("sheinb"
 * matches "claudia-sheinbaum"). */
static bool matches(const char *slug, const char *pattern)
{
    char word[NS_TOKEN_MAX_BYTES + 1];
    for (const char *p = pattern; *p;) {
        size_t n = strcspn(p, "-");
        if (n > NS_TOKEN_MAX_BYTES)
            n = NS_TOKEN_MAX_BYTES;
        memcpy(word, p, n);
        word[n] = '\0';
        if (!strstr(slug, word))
            return false;
        p += strcspn(p, "-");
        if (*p == '-')
            p++;
    }
    return true;
}

static int collect(void *ctx, const char *term, size_t len, uint32_t freq)
{
    collecting *c = ctx;
    size_t prefix = strlen(NS_PREFIX_PERSON);
    char *slug = ns_xstrndup(term + prefix, len - prefix);
    if (freq == 0 || !matches(slug, c->pattern_slug)) {
        free(slug);
        return 0;
    }
    c->items = ns_xgrow(c->items, &c->cap, c->len + 1, sizeof *c->items);
    c->items[c->len++] = (slug_count){ slug, freq };
    return 0;
}

static int by_count(const void *a, const void *b)
{
    const slug_count *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->slug, y->slug);
}

/* The name an article gives the person whose slug this is. */
static ns_status display_name(ns_xdb *db, const char *slug, char **name, ns_error *err)
{
    ns_buf term = NS_BUF_INIT;
    ns_schema_term(&term, NS_PREFIX_PERSON, slug, strlen(slug));
    ns_docid docid = 0;
    ns_status st = ns_xdb_find(db, term.data, &docid, err);
    ns_article a;
    ns_article_init(&a);
    if (st == NS_OK && docid)
        st = ns_record_load(db, docid, &a, err);
    *name = NULL;
    for (size_t i = 0; st == NS_OK && i < a.people.len && !*name; i++) {
        char *s = ns_slug(a.people.items[i]);
        if (strcmp(s, slug) == 0)
            *name = ns_xstrdup(a.people.items[i]);
        free(s);
    }
    if (st == NS_OK && !*name)
        *name = ns_xstrdup(slug);
    ns_article_clear(&a);
    ns_buf_free(&term);
    return st;
}

ns_status ns_people_list_read(ns_xdb *db, const char *pattern, size_t limit,
                              ns_people_list *out, ns_error *err)
{
    memset(out, 0, sizeof *out);
    char *pattern_slug = ns_slug(pattern ? pattern : "");
    collecting c = { .pattern_slug = pattern_slug };
    ns_status st = ns_xdb_each_term(db, NS_PREFIX_PERSON, collect, &c, err);
    if (st == NS_OK && c.len > 1)
        qsort(c.items, c.len, sizeof *c.items, by_count);
    out->total = c.len;
    size_t shown = limit && limit < c.len ? limit : c.len;
    out->people = ns_xcalloc(shown + 1, sizeof *out->people);
    for (size_t i = 0; st == NS_OK && i < shown; i++) {
        st = display_name(db, c.items[i].slug, &out->people[i].name, err);
        out->people[i].count = c.items[i].count;
        if (st == NS_OK)
            out->len++;
    }
    for (size_t i = 0; i < c.len; i++)
        free(c.items[i].slug);
    free(c.items);
    free(pattern_slug);
    if (st != NS_OK)
        ns_people_list_clear(out);
    return st;
}

void ns_people_list_clear(ns_people_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->len; i++)
        free(list->people[i].name);
    free(list->people);
    memset(list, 0, sizeof *list);
}
