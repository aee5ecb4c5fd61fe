#include "index/document.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "extract/dates.h"
#include "extract/outlet.h"
#include "index/schema.h"
#include "text/normalize.h"
#include "text/tokenize.h"
#include "util/buf.h"
#include "util/hash.h"
#include "util/mem.h"

typedef struct text_indexing {
    ns_xdoc *doc;
    const char *text;    /* what is being tokenised, for surface forms */
    ns_buf term;
    ns_buf surface;
    bool title;
    uint32_t pos;        /* position of the last word */
    ns_shingler *shingler;   /* the body's fingerprint, when wanted */
} text_indexing;

static int index_word(void *ctx, const ns_token *token)
{
    text_indexing *t = ctx;
    t->pos++;
    uint32_t wdf = t->title ? NS_TITLE_WDF : 1;
    if (t->shingler)
        ns_shingler_add(t->shingler, token->text, token->len);
    /* The word as written, or its variant when written otherwise. */
    const char *raw = t->text + token->start;
    size_t raw_len = token->end - token->start;
    if (raw_len == token->len && memcmp(raw, token->text, raw_len) == 0) {
        ns_xdoc_add_posting(t->doc, token->text, token->len, t->pos, wdf);
    } else {
        ns_buf_reset(&t->surface);
        ns_surface_form(&t->surface, raw, raw_len);
        ns_schema_word_term(&t->term, token->text, token->len, t->surface.data, t->surface.len);
        ns_xdoc_add_posting(t->doc, t->term.data, t->term.len, t->pos, wdf);
    }
    if (t->title) {
        ns_schema_term(&t->term, NS_PREFIX_TITLE, token->text, token->len);
        ns_xdoc_add_posting(t->doc, t->term.data, t->term.len, t->pos, 1);
    }
    return 0;
}

static void add_boolean(ns_xdoc *doc, ns_buf *term, const char *prefix, const char *value)
{
    ns_schema_term(term, prefix, value, strlen(value));
    ns_xdoc_add_boolean_term(doc, term->data, term->len);
}

/* A field value as a boolean term of its slug, skipped when it has no
 * words ("—" as an outlet). */
static void add_slug(ns_xdoc *doc, ns_buf *term, const char *prefix, const char *value)
{
    char *slug = ns_slug(value);
    if (*slug)
        add_boolean(doc, term, prefix, slug);
    free(slug);
}

static int add_name_word(void *ctx, const ns_token *token)
{
    text_indexing *t = ctx;
    ns_schema_term(&t->term, NS_PREFIX_PERSON_WORD, token->text, token->len);
    ns_xdoc_add_boolean_term(t->doc, t->term.data, t->term.len);
    return 0;
}

ns_xdoc *ns_document_build(const ns_article *a, ns_document_meta *meta)
{
    ns_xdoc *doc = ns_xdoc_new();
    text_indexing t = { .doc = doc, .title = true };

    t.text = a->title;
    ns_tokenize(a->title, strlen(a->title), index_word, &t);
    t.title = false;
    t.pos += NS_BODY_POSITION_GAP;
    t.text = a->body;
    /* The body is tokenised once, for its terms and its fingerprint. */
    ns_minhash fingerprint;
    ns_shingler shingler;
    if (!meta->story) {
        ns_shingler_begin(&shingler, &fingerprint);
        t.shingler = &shingler;
    }
    ns_tokenize(a->body, strlen(a->body), index_word, &t);

    add_boolean(doc, &t.term, NS_PREFIX_ID, a->id);
    if (meta->file_key)
        add_boolean(doc, &t.term, NS_PREFIX_FILE, meta->file_key);
    char *story = meta->story_found;
    char fingerprint_value[NS_STORIES_VALUE_LEN];
    const char *stored_fingerprint = meta->fingerprint;
    size_t stored_len = meta->fingerprint_len;
    bool grouped = meta->grouped;
    meta->now_grouped = false;
    if (meta->story) {
        snprintf(story, NS_STORY_ID_LEN + 1, "%s", meta->story);
    } else {
        char member[17];
        ns_hash_hex(ns_hash64(a->id, strlen(a->id), NS_HASH_SEED), member);
        snprintf(story, NS_STORY_ID_LEN + 1, "%s", member);
        grouped = false;
        if (ns_shingler_end(&shingler)) {
            ns_story_assignment assignment;
            ns_stories_assign(meta->stories, &fingerprint, member, &assignment);
            memcpy(story, assignment.story, NS_STORY_ID_LEN + 1);
            grouped = assignment.grouped;
            meta->now_grouped = assignment.now_grouped;
            ns_stories_encode(&fingerprint, story, member, fingerprint_value, &stored_len);
            stored_fingerprint = fingerprint_value;
        }
    }
    add_boolean(doc, &t.term, NS_PREFIX_STORY, story);
    ns_xdoc_set_value(doc, NS_SLOT_STORY, story, strlen(story));
    if (grouped) {
        add_boolean(doc, &t.term, NS_PREFIX_GROUPED, "");
        ns_xdoc_set_value(doc, NS_SLOT_GROUP, story, strlen(story));
    }
    if (stored_fingerprint)
        ns_xdoc_set_value(doc, NS_SLOT_FINGERPRINT, stored_fingerprint, stored_len);
    if (a->format)
        ns_xdoc_set_value(doc, NS_SLOT_FORMAT, a->format, strlen(a->format));
    if (a->outlet) {
        /* One term and one value however the outlet was written. */
        ns_outlet outlet;
        ns_outlet_canonical(a->outlet, &outlet);
        if (*outlet.key)
            add_boolean(doc, &t.term, NS_PREFIX_OUTLET, outlet.key);
        ns_xdoc_set_value(doc, NS_SLOT_OUTLET, outlet.display, strlen(outlet.display));
        ns_outlet_clear(&outlet);
    }
    for (size_t i = 0; i < a->credits.len; i++) {
        add_slug(doc, &t.term, NS_PREFIX_CREDIT, a->credits.items[i]);
        if (i < NS_SLOT_CREDIT_MAX)
            ns_xdoc_set_value(doc, NS_SLOT_CREDIT_BASE + (unsigned)i, a->credits.items[i],
                              strlen(a->credits.items[i]));
    }
    for (size_t i = 0; i < a->people.len; i++) {
        const char *name = a->people.items[i];
        add_slug(doc, &t.term, NS_PREFIX_PERSON, name);
        ns_tokenize(name, strlen(name), add_name_word, &t);
        ns_xdoc_set_value(doc, NS_SLOT_PERSON_BASE + (unsigned)i, name, strlen(name));
    }

    char sortable[15], day[11];
    ns_format_sortable(a->date, sortable);
    ns_format_day(a->date, day);
    ns_xdoc_set_value(doc, NS_SLOT_DATE, sortable, 14);
    ns_schema_term(&t.term, sortable, a->id, strlen(a->id));
    ns_xdoc_set_value(doc, NS_SLOT_ORDER, t.term.data, t.term.len);
    ns_xdoc_set_value(doc, NS_SLOT_DAY, day, 10);
    ns_schema_term(&t.term, NS_PREFIX_DAY, sortable, 8);
    ns_xdoc_add_boolean_term(doc, t.term.data, t.term.len);
    ns_schema_term(&t.term, NS_PREFIX_MONTH, sortable, 6);
    ns_xdoc_add_boolean_term(doc, t.term.data, t.term.len);
    ns_schema_term(&t.term, NS_PREFIX_YEAR, sortable, 4);
    ns_xdoc_add_boolean_term(doc, t.term.data, t.term.len);

    ns_xdoc_set_value(doc, NS_SLOT_CONTENT_HASH, meta->content_hash, strlen(meta->content_hash));
    ns_xdoc_set_value(doc, NS_SLOT_RECORD, meta->packed_record, meta->packed_len);
    char generation[13];
    ns_schema_format_generation(meta->generation, generation);
    ns_xdoc_set_value(doc, NS_SLOT_INDEXED, generation, 12);
    ns_buf_free(&t.term);
    ns_buf_free(&t.surface);
    return doc;
}

typedef struct marking {
    ns_xdb *shard;
    const char *story;
    ns_status status;
    ns_error *err;
} marking;

static int mark_one(void *ctx, ns_docid docid)
{
    marking *m = ctx;
    char *group = NULL;
    m->status = ns_xdb_get_value(m->shard, docid, NS_SLOT_GROUP, &group, NULL, m->err);
    if (m->status == NS_OK && !*group)
        m->status = ns_xdb_mark(m->shard, docid, NS_PREFIX_GROUPED, NS_SLOT_GROUP, m->story,
                                m->err);
    free(group);
    return m->status != NS_OK;
}

ns_status ns_document_mark_grouped(ns_xdb *shard, const char *story, ns_error *err)
{
    ns_buf term = NS_BUF_INIT;
    ns_schema_term(&term, NS_PREFIX_STORY, story, strlen(story));
    marking m = { shard, story, NS_OK, err };
    ns_status st = ns_xdb_each_posting(shard, term.data, mark_one, &m, err);
    ns_buf_free(&term);
    return st == NS_OK ? m.status : st;
}
