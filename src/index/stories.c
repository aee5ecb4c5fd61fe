#include "index/stories.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "index/schema.h"
#include "util/mem.h"
#include "util/strmap.h"

typedef struct known {
    ns_minhash fingerprint;
    char story[NS_STORY_ID_LEN + 1];
    char member[NS_STORY_ID_LEN + 1];
} known;

/* Whether a story has two different members yet. */
typedef struct story_state {
    char first[NS_STORY_ID_LEN + 1];
    bool grouped;
} story_state;

/* Band key -> the most recent article with it; older ones with the same
 * key are chained through next_in_band. */
typedef struct band_slot {
    uint64_t key;
    uint32_t head;       /* index into known + 1; 0 for an empty slot */
} band_slot;

struct ns_stories {
    pthread_mutex_t lock;        /* around assignment: writers share it */
    known *known;
    uint32_t *next_in_band;      /* NS_MINHASH_BANDS per article */
    size_t len, cap, next_cap;
    band_slot *slots;
    size_t n_slots, used;        /* n_slots a power of two */
    ns_strmap states;            /* story -> story_state */
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

/* Count the member into its story; true when that makes the story a
 * group for the first time. */
static bool join(ns_stories *s, const char *story, const char *member)
{
    void **slot = ns_strmap_slot(&s->states, story, NS_STORY_ID_LEN);
    story_state *state = *slot;
    if (!state) {
        state = *slot = ns_xcalloc(1, sizeof *state);
        memcpy(state->first, member, NS_STORY_ID_LEN);
        return false;
    }
    if (state->grouped || memcmp(state->first, member, NS_STORY_ID_LEN) == 0)
        return false;
    state->grouped = true;
    return true;
}

static bool grouped(ns_stories *s, const char *story)
{
    story_state *state = ns_strmap_get(&s->states, story, NS_STORY_ID_LEN);
    return state && state->grouped;
}

static void remember(ns_stories *s, const ns_minhash *fingerprint, const char *story,
                     const char *member)
{
    s->known = ns_xgrow(s->known, &s->cap, s->len + 1, sizeof *s->known);
    s->next_in_band = ns_xgrow(s->next_in_band, &s->next_cap, (s->len + 1) * NS_MINHASH_BANDS,
                               sizeof *s->next_in_band);
    known *k = &s->known[s->len];
    k->fingerprint = *fingerprint;
    memcpy(k->story, story, NS_STORY_ID_LEN);
    k->story[NS_STORY_ID_LEN] = '\0';
    memcpy(k->member, member, NS_STORY_ID_LEN);
    k->member[NS_STORY_ID_LEN] = '\0';
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

void ns_stories_assign(ns_stories *s, const ns_minhash *fingerprint, const char *member,
                       ns_story_assignment *out)
{
    pthread_mutex_lock(&s->lock);
    const known *best = NULL;
    double best_similarity = 0;
    for (unsigned b = 0; b < NS_MINHASH_BANDS && s->n_slots; b++) {
        band_slot *slot = find_slot(s, ns_minhash_band(fingerprint, b));
        for (uint32_t h = slot->head; h; h = s->next_in_band[(h - 1) * NS_MINHASH_BANDS + b]) {
            const known *k = &s->known[h - 1];
            if (memcmp(k->member, member, NS_STORY_ID_LEN) == 0)
                continue;   /* an earlier version of the same article */
            double similarity = ns_minhash_similarity(fingerprint, &k->fingerprint);
            if (similarity >= NS_COPY_SIMILARITY && similarity > best_similarity) {
                best = k;
                best_similarity = similarity;
            }
        }
    }
    memcpy(out->story, best ? best->story : member, NS_STORY_ID_LEN);
    out->story[NS_STORY_ID_LEN] = '\0';
    remember(s, fingerprint, out->story, member);
    out->now_grouped = join(s, out->story, member);
    out->grouped = grouped(s, out->story);
    pthread_mutex_unlock(&s->lock);
}

void ns_stories_encode(const ns_minhash *fingerprint, const char *story, const char *member,
                       char *out, size_t *len)
{
    /* Little-endian whatever the machine, so an index can move. */
    for (unsigned k = 0; k < NS_MINHASH_SIZE; k++)
        for (unsigned byte = 0; byte < 4; byte++)
            out[k * 4 + byte] = (char)((fingerprint->values[k] >> (8 * byte)) & 0xff);
    memcpy(out + NS_MINHASH_SIZE * 4, story, NS_STORY_ID_LEN);
    memcpy(out + NS_MINHASH_SIZE * 4 + NS_STORY_ID_LEN, member, NS_STORY_ID_LEN);
    *len = NS_STORIES_VALUE_LEN;
}

bool ns_stories_decode(const char *value, size_t len, ns_minhash *fingerprint,
                       char story[NS_STORY_ID_LEN + 1], char member[NS_STORY_ID_LEN + 1])
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
    memcpy(member, value + NS_MINHASH_SIZE * 4 + NS_STORY_ID_LEN, NS_STORY_ID_LEN);
    member[NS_STORY_ID_LEN] = '\0';
    return true;
}

static int load_value(void *ctx, ns_docid docid, const char *value, size_t len)
{
    ns_stories *s = ctx;
    ns_minhash fingerprint;
    char story[NS_STORY_ID_LEN + 1], member[NS_STORY_ID_LEN + 1];
    if (ns_stories_decode(value, len, &fingerprint, story, member)) {
        remember(s, &fingerprint, story, member);
        join(s, story, member);
    }
    return 0;
}

ns_stories *ns_stories_new(void)
{
    ns_stories *s = ns_xcalloc(1, sizeof *s);
    pthread_mutex_init(&s->lock, NULL);
    return s;
}

ns_status ns_stories_add_from(ns_stories *s, ns_xdb *db, ns_error *err)
{
    return ns_xdb_each_value(db, NS_SLOT_FINGERPRINT, load_value, s, err);
}

void ns_stories_free(ns_stories *s)
{
    if (!s)
        return;
    pthread_mutex_destroy(&s->lock);
    ns_strmap_free(&s->states, free);
    free(s->known);
    free(s->next_in_band);
    free(s->slots);
    free(s);
}
