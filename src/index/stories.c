#include "index/stories.h"

#include <stdlib.h>
#include <string.h>

#include "index/schema.h"
#include "util/mem.h"

typedef struct known {
    ns_minhash fingerprint;
    char story[NS_STORY_ID_LEN + 1];
} known;

/* Band key -> the most recent article with it; older ones with the same
 * key are chained through next_in_band. */
typedef struct band_slot {
    uint64_t key;
    uint32_t head;       /* index into known + 1; 0 for an empty slot */
} band_slot;

struct ns_stories {
    known *known;
    uint32_t *next_in_band;      /* NS_MINHASH_BANDS per article */
    size_t len, cap, next_cap;
    band_slot *slots;
    size_t n_slots, used;        /* n_slots a power of two */
};

static band_slot *find_slot(ns_stories *s, uint64_t key)
{
    size_t mask = s->n_slots - 1;
    for (size_t i = (size_t)key & mask;; i = (i + 1) & mask)
        if (!s->slots[i].head || s->slots[i].key == key)
            return &s->slots[i];
}

static void grow_slots(ns_stories *s)
{
    band_slot *old = s->slots;
    size_t old_n = s->n_slots;
    s->n_slots = old_n ? old_n * 2 : 1024;
    s->slots = ns_xcalloc(s->n_slots, sizeof *s->slots);
    for (size_t i = 0; i < old_n; i++)
        if (old[i].head)
            *find_slot(s, old[i].key) = old[i];
    free(old);
}

static void remember(ns_stories *s, const ns_minhash *fingerprint, const char *story)
{
    s->known = ns_xgrow(s->known, &s->cap, s->len + 1, sizeof *s->known);
    s->next_in_band = ns_xgrow(s->next_in_band, &s->next_cap, (s->len + 1) * NS_MINHASH_BANDS,
                               sizeof *s->next_in_band);
    known *k = &s->known[s->len];
    k->fingerprint = *fingerprint;
    memcpy(k->story, story, NS_STORY_ID_LEN);
    k->story[NS_STORY_ID_LEN] = '\0';
    uint32_t handle = (uint32_t)s->len + 1;
    for (unsigned b = 0; b < NS_MINHASH_BANDS; b++) {
        if ((s->used + 1) * 4 > s->n_slots * 3)
            grow_slots(s);
        band_slot *slot = find_slot(s, ns_minhash_band(fingerprint, b));
        if (!slot->head) {
            slot->key = ns_minhash_band(fingerprint, b);
            s->used++;
        }
        s->next_in_band[s->len * NS_MINHASH_BANDS + b] = slot->head;
        slot->head = handle;
    }
    s->len++;
}

void ns_stories_assign(ns_stories *s, const ns_minhash *fingerprint, const char *own_story,
                       char story[NS_STORY_ID_LEN + 1])
{
    const known *best = NULL;
    double best_similarity = 0;
    for (unsigned b = 0; b < NS_MINHASH_BANDS && s->n_slots; b++) {
        band_slot *slot = find_slot(s, ns_minhash_band(fingerprint, b));
        for (uint32_t h = slot->head; h; h = s->next_in_band[(h - 1) * NS_MINHASH_BANDS + b]) {
            const known *k = &s->known[h - 1];
            double similarity = ns_minhash_similarity(fingerprint, &k->fingerprint);
            if (similarity >= NS_COPY_SIMILARITY && similarity > best_similarity) {
                best = k;
                best_similarity = similarity;
            }
        }
    }
    memcpy(story, best ? best->story : own_story, NS_STORY_ID_LEN);
    story[NS_STORY_ID_LEN] = '\0';
    remember(s, fingerprint, story);
}

void ns_stories_encode(const ns_minhash *fingerprint, const char *story, char *out, size_t *len)
{
    /* Little-endian whatever the machine, so an index can move. */
    for (unsigned k = 0; k < NS_MINHASH_SIZE; k++)
        for (unsigned byte = 0; byte < 4; byte++)
            out[k * 4 + byte] = (char)((fingerprint->values[k] >> (8 * byte)) & 0xff);
    memcpy(out + NS_MINHASH_SIZE * 4, story, NS_STORY_ID_LEN);
    *len = NS_STORIES_VALUE_LEN;
}

bool ns_stories_decode(const char *value, size_t len, ns_minhash *fingerprint,
                       char story[NS_STORY_ID_LEN + 1])
{
    if (len != NS_STORIES_VALUE_LEN)
        return false;
    for (unsigned k = 0; k < NS_MINHASH_SIZE; k++) {
        uint32_t v = 0;
        for (unsigned byte = 0; byte < 4; byte++)
            v |= (uint32_t)(unsigned char)value[k * 4 + byte] << (8 * byte);
        fingerprint->values[k] = v;
    }
    memcpy(story, value + NS_MINHASH_SIZE * 4, NS_STORY_ID_LEN);
    story[NS_STORY_ID_LEN] = '\0';
    return true;
}

static int load_value(void *ctx, ns_docid docid, const char *value, size_t len)
{
    ns_stories *s = ctx;
    ns_minhash fingerprint;
    char story[NS_STORY_ID_LEN + 1];
    if (ns_stories_decode(value, len, &fingerprint, story))
        remember(s, &fingerprint, story);
    return 0;
}

ns_stories *ns_stories_new(void)
{
    return ns_xcalloc(1, sizeof(ns_stories));
}

ns_status ns_stories_add_from(ns_stories *s, ns_xdb *db, ns_error *err)
{
    return ns_xdb_each_value(db, NS_SLOT_FINGERPRINT, load_value, s, err);
}

void ns_stories_free(ns_stories *s)
{
    if (!s)
        return;
    free(s->known);
    free(s->next_in_band);
    free(s->slots);
    free(s);
}
