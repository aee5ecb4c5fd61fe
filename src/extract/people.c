/* People: rules over capitalised runs of words, with word lists.
 *
 * How a text is read (the contract is in people.h):
 *   1. Words.  The project tokeniser gives normalised words with byte
 *      offsets; hyphenated parts are joined back into one word
 *      ("Ocasio-Cortez", "al-Hassan", "Attorney-General") and a possessive
 *      's is left out of the name's span.  Each word gets its categories
 *      from one hash table (given name, title, honorific, place, ...) and
 *      the punctuation before it is classified (space, sentence end, line
 *      end, comma, colon, quote, other).
 *   2. Runs.  Consecutive capitalised words joined by spaces only (an
 *      initial's or an honorific's full stop is allowed: "J. R. Smith",
 *      "Dr. Jones"), with lower-case particles inside ("von der Leyen").
 *      A possessive ends a run.
 *   3. Candidates.  Titles and honorifics are cut from the front of a run
 *      ("US Attorney-General Pam Bondi" -> "Pam Bondi"), then articles,
 *      nationalities, places and dates ("The", "Mexican", "London").  What
 *      is left is a full name when it has two or more words, nothing in it
 *      marks an organisation or place, and something vouches for it: a
 *      title or honorific, a known given name or an initial first, a role
 *      word before it ("envoy Steve Witkoff"), a reporting verb next to it
 *      ("said Einav Zangauker"), or a photo credit ("Picture: Cliff Owen").
 *      One word left is a surname mention, resolved later.
 *   4. Resolution.  Each full name gives keys: its last words ("Zelenskyy",
 *      "von der Leyen", "Lula da Silva").  A surname mention resolves to
 *      the one person of its article with that key, else of its file, else
 *      of the entity file; a key shared by two people is never guessed, and
 *      a mention that resolves to nobody is dropped (no bare surnames).
 *
 * Everything is linear in the text: one pass to tokenise, one over the
 * words; hash look-ups only, no regular expressions.  Scratch memory is
 * reused across the articles of a file.
 *
 * Steps 1 to 3 are in people_scan.c, the word lists and the entity file in
 * people_model.c; this file resolves names and holds the public functions.
 */
#include "extract/people.h"

#include <stdlib.h>
#include <string.h>

#include "extract/people_internal.h"
#include "util/mem.h"

/* ---- resolution ------------------------------------------------------ */

static const char *nth_key(const scan *s, size_t keys, size_t n)
{
    const char *k = str_at(s, keys);
    while (n--)
        k += strlen(k) + 1;
    return k;
}

/* "donald j trump" -> "donald\x1ftrump" in out: the key under which
 * "Donald J. Trump" and "Donald Trump" are one person.  False for a
 * one-word name. */
static bool first_last(const char *key, ns_buf *out)
{
    const char *first_end = strchr(key, ' ');
    if (!first_end)
        return false;
    const char *last = strrchr(key, ' ') + 1;
    ns_buf_reset(out);
    ns_buf_append(out, key, (size_t)(first_end - key));
    ns_buf_putc(out, '\x1f');
    ns_buf_puts(out, last);
    return true;
}

/* The person with this normalised full name, or -1. */
static int find_person(scan *s, const char *key)
{
    int found = people_index_get(&s->by_name, key, strlen(key));
    if (found < 0 && first_last(key, &s->tmp))
        found = people_index_get(&s->by_name, s->tmp.data, s->tmp.len);
    return found;
}

static int add_person(scan *s, size_t name, size_t key, size_t keys, size_t n_keys, bool latent)
{
    int found = find_person(s, str_at(s, key));
    if (found >= 0) {
        s->people[found].latent = s->people[found].latent && latent;
        return found;
    }
    s->people = ns_xgrow(s->people, &s->people_cap, s->n_people + 1, sizeof *s->people);
    int who = (int)s->n_people++;
    person *p = &s->people[who];
    p->name = name;
    p->key = key;
    p->keys = keys;
    p->n_keys = n_keys;
    p->latent = latent;
    p->used = false;
    p->same_as = -1;
    const char *k = str_at(s, key);
    people_index_put(&s->by_name, k, strlen(k), who);
    if (first_last(k, &s->tmp))
        people_index_put(&s->by_name, s->tmp.data, s->tmp.len, who);
    return who;
}

static void index_surnames(scan *s, int who)
{
    const person *p = &s->people[who];
    for (size_t j = 0; j < p->n_keys; j++) {
        const char *k = nth_key(s, p->keys, j);
        people_index_put(&s->by_surname, k, strlen(k), who);
    }
}

static bool visible(const person *p)
{
    return p->same_as < 0 && (!p->latent || p->used);
}

/* Register the names among candidates [from, to) as people, full names
 * first, then royal names (perhaps one of them), then names inside
 * organisations' names; then resolve surname mentions against them.
 * Linear: every look-up is a hash look-up. */
static void resolve_local(scan *s, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        cand *c = &s->cands[i];
        if (c->kind == CAND_FULL)
            c->person = add_person(s, c->name, c->key, c->keys, c->n_keys, false);
    }
    /* "Guzmán López" after "Ovidio Guzmán López": a shorter form of a
     * longer name is that person. */
    people_index_clear(&s->by_surname);
    for (size_t i = 0; i < s->n_people; i++)
        index_surnames(s, (int)i);
    for (size_t i = 0; i < s->n_people; i++) {
        const char *k = str_at(s, s->people[i].key);
        int longer = people_index_get(&s->by_surname, k, strlen(k));
        if (longer >= 0 && longer != (int)i)
            s->people[i].same_as = longer;
    }
    people_index_clear(&s->by_surname);
    people_index_clear(&s->by_given);
    for (size_t i = 0; i < s->n_people; i++) {
        person *p = &s->people[i];
        if (p->same_as >= 0)
            continue;
        index_surnames(s, (int)i);
        const char *k = str_at(s, p->key);
        const char *sp = strchr(k, ' ');
        if (sp)
            people_index_put(&s->by_given, k, (size_t)(sp - k), (int)i);
    }
    for (size_t i = from; i < to; i++) {
        cand *c = &s->cands[i];
        if (c->person >= 0 && s->people[c->person].same_as >= 0)
            c->person = s->people[c->person].same_as;
    }
    for (size_t i = from; i < to; i++) {
        cand *c = &s->cands[i];
        if (c->kind != CAND_ROYAL)
            continue;
        const char *given = str_at(s, c->keys);
        int p = people_index_get(&s->by_given, given, strlen(given));
        c->person = p >= 0 ? p : add_person(s, c->name, c->key, c->keys, 0, false);
    }
    for (size_t i = from; i < to; i++) {
        cand *c = &s->cands[i];
        if (c->kind == CAND_LATENT) {
            c->person = add_person(s, c->name, c->key, c->keys, c->n_keys, true);
            if (s->people[c->person].latent)
                index_surnames(s, c->person);
        }
    }
    for (size_t i = from; i < to; i++) {
        cand *c = &s->cands[i];
        if (c->kind == CAND_SURNAME) {
            const char *k = str_at(s, c->key);
            c->person = people_index_get(&s->by_surname, k, strlen(k));
            if (c->person >= 0)
                s->people[c->person].used = true;
        }
    }
}

/* ---- public: find ---------------------------------------------------- */

/* The index of name in out->names, added when new; `seen` maps names to
 * their index. */
static size_t add_name(ns_people *out, keyindex *seen, const char *name)
{
    size_t len = strlen(name);
    int known = people_index_get(seen, name, len);
    if (known >= 0)
        return (size_t)known;
    people_index_put(seen, name, len, (int)out->names.len);
    ns_strlist_add(&out->names, name);
    return out->names.len - 1;
}

static void add_mention(ns_people *out, size_t start, size_t end, size_t who)
{
    out->mentions = ns_xgrow(out->mentions, &out->cap, out->n_mentions + 1, sizeof *out->mentions);
    out->mentions[out->n_mentions++] = (ns_mention){ start, end, who };
}

void ns_people_find(const ns_people_model *model, const char *text, size_t len, ns_people *out)
{
    if (!model || !text || !out)
        return;
    scan s;
    people_scan_init(&s, model);
    people_scan_reset(&s);
    people_scan_text(&s, text, len);
    resolve_local(&s, 0, s.n_cands);
    /* Names already in out (a caller may add several texts) keep their
     * index. */
    keyindex seen = { 0 };
    for (size_t i = 0; i < out->names.len; i++)
        people_index_put(&seen, out->names.items[i], strlen(out->names.items[i]), (int)i);
    for (size_t i = 0; i < s.n_cands; i++) {
        const cand *c = &s.cands[i];
        const char *name = NULL;
        if (c->person >= 0) {
            if (visible(&s.people[c->person]))
                name = str_at(&s, s.people[c->person].name);
        } else if (c->kind == CAND_SURNAME && c->person == -1) {
            int u = people_user_person(model, str_at(&s, c->key));
            if (u >= 0)
                name = model->canon.items[u];
        }
        if (name)
            add_mention(out, c->start, c->end, add_name(out, &seen, name));
    }
    people_index_free(&seen);
    people_scan_free(&s);
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

/* ---- public: a file of articles ------------------------------------- */

/* What one article found, kept until the whole file has been read. */
typedef struct article_found {
    ns_strlist resolved;      /* names, distinct, in mention order */
    ns_strlist pending;       /* surname keys left unresolved, distinct */
} article_found;

/* Add str to list unless `seen` (a set over list) has it. */
static void add_distinct(ns_strlist *list, keyindex *seen, const char *str)
{
    if (people_index_put(seen, str, strlen(str), 0))
        ns_strlist_add(list, str);
}

/* The file's people: every visible person of every article, once. */
typedef struct file_index {
    ns_strlist names;         /* canonical names */
    keyindex by_name;         /* full name, and first + last word -> names */
    keyindex by_surname;      /* surname key -> names, or CANON_AMBIGUOUS */
} file_index;

static void file_index_add(file_index *fi, scan *s, const person *p)
{
    const char *key = str_at(s, p->key);
    if (people_index_get(&fi->by_name, key, strlen(key)) >= 0 ||
        (first_last(key, &s->tmp) && people_index_get(&fi->by_name, s->tmp.data, s->tmp.len) >= 0))
        return;
    int who = (int)fi->names.len;
    ns_strlist_add(&fi->names, str_at(s, p->name));
    people_index_put(&fi->by_name, key, strlen(key), who);
    if (first_last(key, &s->tmp))
        people_index_put(&fi->by_name, s->tmp.data, s->tmp.len, who);
    for (size_t j = 0; j < p->n_keys; j++) {
        const char *k = nth_key(s, p->keys, j);
        people_index_put(&fi->by_surname, k, strlen(k), who);
    }
}

void ns_people_extract_file(const ns_people_model *model, ns_article_list *articles)
{
    if (!model || !articles || articles->len == 0)
        return;
    scan s;
    people_scan_init(&s, model);
    article_found *found = ns_xcalloc(articles->len, sizeof *found);
    file_index fi = { { 0 }, { 0 }, { 0 } };
    keyindex seen = { 0 }, seen_pending = { 0 };

    for (size_t a = 0; a < articles->len; a++) {
        ns_article *art = &articles->items[a];
        article_found *f = &found[a];
        people_scan_reset(&s);
        /* Names the source gave are people of the article too, so that
         * "Mr Trump" can resolve to them. */
        for (size_t i = 0; i < art->people.len; i++) {
            const char *given = art->people.items[i];
            size_t name = strings_add(&s, given, strlen(given));
            size_t n_keys = 0;
            size_t key = people_add_name_keys(&s, given, &n_keys);
            add_person(&s, name, key, key + strlen(str_at(&s, key)) + 1, n_keys, false);
        }
        if (art->title)
            people_scan_text(&s, art->title, strlen(art->title));
        if (art->body)
            people_scan_text(&s, art->body, strlen(art->body));
        resolve_local(&s, 0, s.n_cands);
        people_index_clear(&seen);
        people_index_clear(&seen_pending);
        for (size_t i = 0; i < s.n_cands; i++) {
            const cand *c = &s.cands[i];
            if (c->person >= 0 && visible(&s.people[c->person]))
                add_distinct(&f->resolved, &seen, str_at(&s, s.people[c->person].name));
            else if (c->person == -1)
                add_distinct(&f->pending, &seen_pending, str_at(&s, c->key));
        }
        for (size_t i = 0; i < s.n_people; i++)
            if (visible(&s.people[i]))
                file_index_add(&fi, &s, &s.people[i]);
    }

    for (size_t a = 0; a < articles->len; a++) {
        ns_article *art = &articles->items[a];
        article_found *f = &found[a];
        people_index_clear(&seen);
        for (size_t i = 0; i < art->people.len; i++)
            people_index_put(&seen, art->people.items[i], strlen(art->people.items[i]), 0);
        for (size_t i = 0; i < f->resolved.len; i++)
            add_distinct(&art->people, &seen, f->resolved.items[i]);
        /* What the article left open: the file, then the entity file. */
        for (size_t i = 0; i < f->pending.len; i++) {
            const char *k = f->pending.items[i];
            int match = people_index_get(&fi.by_surname, k, strlen(k));
            if (match >= 0) {
                add_distinct(&art->people, &seen, fi.names.items[match]);
            } else if (match == -1) {
                int u = people_user_person(model, k);
                if (u >= 0)
                    add_distinct(&art->people, &seen, model->canon.items[u]);
            }
        }
        ns_strlist_clear(&f->pending);
        ns_strlist_clear(&f->resolved);
    }
    ns_strlist_clear(&fi.names);
    people_index_free(&fi.by_name);
    people_index_free(&fi.by_surname);
    people_index_free(&seen);
    people_index_free(&seen_pending);
    free(found);
    people_scan_free(&s);
}
