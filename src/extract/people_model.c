/* People: hash tables, and the model: the built-in word lists and the
 * user's entity file (its format is in data/people/README). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/people_internal.h"
#include "extract/people_lists.h"
#include "util/hash.h"
#include "util/mem.h"


typedef struct list_category {
    const char *list;
    unsigned category;
} list_category;

static const list_category list_categories[] = {
    { "given_names", CAT_GIVEN },
    { "family_first", CAT_GIVEN | CAT_FAMILY_FIRST },
    { "honorifics", CAT_HONORIFIC },
    { "titles", CAT_TITLE },
    { "particles", CAT_PARTICLE },
    { "name_suffixes", CAT_SUFFIX },
    { "speech_verbs", CAT_SPEECH },
    { "credit_cues", CAT_CREDIT },
    { "calendar", CAT_CALENDAR },
    { "nationalities", CAT_NATIONALITY },
    { "org_cues", CAT_ORG_CUE },
    { "organisations", CAT_ORG },
    { "places", CAT_PLACE },
    { "stopwords", CAT_STOP },
    { "acronyms", CAT_ACRONYM },
    { "royal_titles", CAT_ROYAL },
    { "regnal_numbers", CAT_REGNAL },
    { "relations", CAT_RELATION },
    { "word_given_names", CAT_WORD_GIVEN },
};


/* ---- a string-keyed hash table -------------------------------------- */
const entry *people_table_find(const table *t, const char *key, size_t len)
{
    if (t->cap == 0)
        return NULL;
    uint64_t h = ns_hash64(key, len, NS_HASH_SEED);
    for (size_t i = (size_t)h & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        const entry *e = &t->slots[i];
        if (!e->key)
            return NULL;
        if (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0)
            return e;
    }
}

static void table_grow(table *t)
{
    size_t cap = t->cap ? t->cap * 2 : 64;
    entry *slots = ns_xcalloc(cap, sizeof *slots);
    for (size_t j = 0; j < t->cap; j++) {
        entry *e = &t->slots[j];
        if (!e->key)
            continue;
        size_t i = (size_t)e->hash & (cap - 1);
        while (slots[i].key)
            i = (i + 1) & (cap - 1);
        slots[i] = *e;
    }
    free(t->slots);
    t->slots = slots;
    t->cap = cap;
}

/* The entry for key, added (with no categories) when missing. */
entry *people_table_upsert(table *t, const char *key, size_t len)
{
    if ((t->len + 1) * 2 > t->cap)
        table_grow(t);
    uint64_t h = ns_hash64(key, len, NS_HASH_SEED);
    size_t i = (size_t)h & (t->cap - 1);
    for (;; i = (i + 1) & (t->cap - 1)) {
        entry *e = &t->slots[i];
        if (!e->key)
            break;
        if (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0)
            return e;
    }
    entry *e = &t->slots[i];
    e->key = ns_xstrndup(key, len);
    e->len = len;
    e->hash = h;
    e->cats = 0;
    e->canon = -1;
    t->len++;
    return e;
}

void people_table_free(table *t)
{
    for (size_t i = 0; i < t->cap; i++)
        free(t->slots[i].key);
    free(t->slots);
    t->slots = NULL;
    t->cap = t->len = 0;
}

/* ---- indexes of an article's and a file's people --------------------- */
static islot *keyindex_slot(const keyindex *ix, const char *key, size_t len, uint64_t h)
{
    for (size_t i = (size_t)h & (ix->cap - 1);; i = (i + 1) & (ix->cap - 1)) {
        islot *sl = &ix->slots[i];
        if (!sl->used ||
            (sl->hash == h && sl->len == len && memcmp(ix->store.data + sl->off, key, len) == 0))
            return sl;
    }
}

static void keyindex_grow(keyindex *ix)
{
    size_t cap = ix->cap ? ix->cap * 2 : 32;
    islot *slots = ns_xcalloc(cap, sizeof *slots);
    for (size_t j = 0; j < ix->cap; j++) {
        if (!ix->slots[j].used)
            continue;
        size_t i = (size_t)ix->slots[j].hash & (cap - 1);
        while (slots[i].used)
            i = (i + 1) & (cap - 1);
        slots[i] = ix->slots[j];
    }
    free(ix->slots);
    ix->slots = slots;
    ix->cap = cap;
}

/* Give key to person `who`; a key given to two people becomes
 * CANON_AMBIGUOUS.  True when the key was new. */
bool people_index_put(keyindex *ix, const char *key, size_t len, int who)
{
    if ((ix->len + 1) * 2 > ix->cap)
        keyindex_grow(ix);
    uint64_t h = ns_hash64(key, len, NS_HASH_SEED);
    islot *sl = keyindex_slot(ix, key, len, h);
    if (sl->used) {
        if (sl->who != who)
            sl->who = CANON_AMBIGUOUS;
        return false;
    }
    sl->used = true;
    sl->hash = h;
    sl->off = ix->store.len;
    sl->len = len;
    sl->who = who;
    ns_buf_append(&ix->store, key, len);
    ix->len++;
    return true;
}

/* The person of key, -1 when none, CANON_AMBIGUOUS when several. */
int people_index_get(const keyindex *ix, const char *key, size_t len)
{
    if (ix->cap == 0)
        return -1;
    const islot *sl = keyindex_slot(ix, key, len, ns_hash64(key, len, NS_HASH_SEED));
    return sl->used ? sl->who : -1;
}

void people_index_clear(keyindex *ix)
{
    if (ix->len)
        memset(ix->slots, 0, ix->cap * sizeof *ix->slots);
    ix->len = 0;
    ns_buf_reset(&ix->store);
}

void people_index_free(keyindex *ix)
{
    free(ix->slots);
    ns_buf_free(&ix->store);
    memset(ix, 0, sizeof *ix);
}

/* ---- look-ups ------------------------------------------------------ */


unsigned people_lookup(const ns_people_model *model, const char *key, size_t len)
{
    const entry *e = people_table_find(&model->words, key, len);
    return e ? e->cats : 0;
}
/* The entity file's person for a surname key, or -1. */
int people_user_person(const ns_people_model *m, const char *k)
{
    const entry *e = people_table_find(&m->user_keys, k, strlen(k));
    return e && e->canon >= 0 ? e->canon : -1;
}

/* ---- loading --------------------------------------------------------- */

/* Normalised key of a name or phrase as written in a list or the entity
 * file ("Attorney-General" -> "attorney-general"); its word count. */
static size_t normalise_phrase(scan *s, const char *text, ns_buf *out)
{
    people_read_words(s, text, strlen(text));
    people_key_of(s, 0, s->n_words);
    ns_buf_reset(out);
    ns_buf_append(out, s->tmp.data, s->tmp.len);
    return s->n_words;
}

static void load_lists(ns_people_model *m)
{
    scan s;
    people_scan_init(&s, m);
    ns_buf key = NS_BUF_INIT;
    for (size_t l = 0; l < ns_people_lists_count; l++) {
        const ns_people_list *list = &ns_people_lists[l];
        unsigned cat = 0;
        for (size_t c = 0; c < sizeof list_categories / sizeof list_categories[0]; c++)
            if (strcmp(list_categories[c].list, list->name) == 0)
                cat = list_categories[c].category;
        if (!cat)
            continue;
        for (size_t i = 0; i < list->len; i++) {
            if (normalise_phrase(&s, list->entries[i], &key) == 0)
                continue;
            people_table_upsert(&m->words, key.data, key.len)->cats |= cat;
        }
    }
    ns_buf_free(&key);
    people_scan_free(&s);
}

/* Add a surname key of the entity file's person `canon`. */
static void add_user_key(ns_people_model *m, const char *k, int canon)
{
    entry *e = people_table_upsert(&m->user_keys, k, strlen(k));
    if (e->canon == -1 || e->canon == canon)
        e->canon = canon;
    else
        e->canon = CANON_AMBIGUOUS;
}

static int canonical_index(ns_people_model *m, scan *s, const char *name)
{
    entry *e = people_table_upsert(&m->canon_index, name, strlen(name));
    if (e->canon >= 0)
        return e->canon;
    int canon = (int)m->canon.len;
    e->canon = canon;
    ns_strlist_add(&m->canon, name);
    m->keys = ns_xgrow(m->keys, &m->keys_cap, m->canon.len, sizeof *m->keys);
    canon_keys *ck = &m->keys[canon];
    ns_buf_reset(&s->strings);
    size_t key = people_add_name_keys(s, name, &ck->n_keys);
    ck->len = s->strings.len - key;
    ck->data = ns_xmalloc(ck->len);
    memcpy(ck->data, s->strings.data + key, ck->len);
    const char *k = ck->data + strlen(ck->data) + 1;
    for (size_t i = 0; i < ck->n_keys; i++) {
        add_user_key(m, k, canon);
        k += strlen(k) + 1;
    }
    return canon;
}

/* Split a line at tabs, in place; fields may be empty. */
static size_t split_tabs(char *line, char **fields, size_t max)
{
    size_t n = 0;
    char *p = line;
    while (n < max) {
        fields[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

static char *trim(char *s)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

#define ENTITY_FIELDS_MAX 64

static ns_status load_entities(ns_people_model *m, const char *path, ns_error *err)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        if (errno == ENOENT)
            return NS_OK;
        return ns_error_set(err, NS_ERR_IO, "%s: %s", path, strerror(errno));
    }
    scan s;
    people_scan_init(&s, m);
    ns_buf key = NS_BUF_INIT;
    char *line = NULL;
    size_t line_cap = 0;
    ssize_t got;
    size_t lineno = 0;
    ns_status status = NS_OK;
    while ((got = getline(&line, &line_cap, f)) >= 0) {
        lineno++;
        if (got > 0 && line[got - 1] == '\n')
            line[--got] = '\0';
        char *start = trim(line);
        if (*start == '\0' || *start == '#')
            continue;
        char *fields[ENTITY_FIELDS_MAX];
        size_t n = split_tabs(start, fields, ENTITY_FIELDS_MAX);
        for (size_t i = 0; i < n; i++)
            fields[i] = trim(fields[i]);
        const char *kind = fields[0];
        bool one_name = strcmp(kind, "person") == 0 || strcmp(kind, "block") == 0;
        bool many = strcmp(kind, "alias") == 0 || strcmp(kind, "merge") == 0;
        if (!one_name && !many) {
            status = ns_error_set(err, NS_ERR_INPUT,
                                  "%s:%zu: unknown kind \"%s\" (expected person, alias, merge "
                                  "or block, then a tab)", path, lineno, kind);
            break;
        }
        if (one_name && n != 2) {
            status = ns_error_set(err, NS_ERR_INPUT, "%s:%zu: \"%s\" takes exactly one name",
                                  path, lineno, kind);
            break;
        }
        if (many && n < 3) {
            status = ns_error_set(err, NS_ERR_INPUT,
                                  "%s:%zu: \"%s\" takes a canonical name and at least one other "
                                  "name, separated by tabs", path, lineno, kind);
            break;
        }
        for (size_t i = 1; i < n && status == NS_OK; i++) {
            if (normalise_phrase(&s, fields[i], &key) == 0)
                status = ns_error_set(err, NS_ERR_INPUT, "%s:%zu: field %zu has no name in it",
                                      path, lineno, i + 1);
        }
        if (status != NS_OK)
            break;
        if (strcmp(kind, "block") == 0) {
            normalise_phrase(&s, fields[1], &key);
            people_table_upsert(&m->words, key.data, key.len)->cats |= CAT_USER_BLOCK;
            continue;
        }
        /* person, alias, merge: every name given maps to fields[1]. */
        int canon = canonical_index(m, &s, fields[1]);
        for (size_t i = 1; i < n && status == NS_OK; i++) {
            normalise_phrase(&s, fields[i], &key);
            entry *e = people_table_upsert(&m->words, key.data, key.len);
            if ((e->cats & CAT_USER_NAME) && e->canon != canon) {
                status = ns_error_set(err, NS_ERR_INPUT,
                                      "%s:%zu: \"%s\" already stands for \"%s\"", path, lineno,
                                      fields[i], m->canon.items[e->canon]);
                break;
            }
            e->cats |= CAT_USER_NAME;
            e->canon = canon;
        }
        if (status != NS_OK)
            break;
    }
    if (status == NS_OK && ferror(f))
        status = ns_error_set(err, NS_ERR_IO, "%s: %s", path, strerror(errno));
    free(line);
    ns_buf_free(&key);
    people_scan_free(&s);
    fclose(f);
    return status;
}

ns_status ns_people_model_load(const char *entities_path, ns_people_model **model,
                               ns_error *err)
{
    ns_people_model *m = ns_xcalloc(1, sizeof *m);
    load_lists(m);
    if (entities_path) {
        ns_status status = load_entities(m, entities_path, err);
        if (status != NS_OK) {
            ns_people_model_free(m);
            return status;
        }
    }
    *model = m;
    return NS_OK;
}

void ns_people_model_free(ns_people_model *model)
{
    if (!model)
        return;
    people_table_free(&model->words);
    people_table_free(&model->user_keys);
    people_table_free(&model->canon_index);
    for (size_t i = 0; i < model->canon.len; i++)
        free(model->keys[i].data);
    free(model->keys);
    ns_strlist_clear(&model->canon);
    free(model);
}
