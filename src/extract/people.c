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
 */
#include "extract/people.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/people_lists.h"
#include "text/normalize.h"
#include "text/tokenize.h"
#include "util/buf.h"
#include "util/hash.h"
#include "util/mem.h"

/* ---- categories ---------------------------------------------------- */

enum {
    CAT_GIVEN = 1u << 0,
    CAT_HONORIFIC = 1u << 1,
    CAT_TITLE = 1u << 2,
    CAT_PARTICLE = 1u << 3,
    CAT_SUFFIX = 1u << 4,
    CAT_SPEECH = 1u << 5,
    CAT_CREDIT = 1u << 6,
    CAT_CALENDAR = 1u << 7,
    CAT_NATIONALITY = 1u << 8,
    CAT_ORG_CUE = 1u << 9,
    CAT_ORG = 1u << 10,      /* a whole organisation's name */
    CAT_PLACE = 1u << 11,
    CAT_STOP = 1u << 12,
    CAT_ACRONYM = 1u << 13,  /* only when written in capitals */
    CAT_ROYAL = 1u << 14,
    CAT_REGNAL = 1u << 15,   /* "III": a suffix only when written in capitals */
    CAT_RELATION = 1u << 18, /* "wife", "son": evidence in lower case only */
    /* from the entity file */
    CAT_USER_BLOCK = 1u << 16,
    CAT_USER_NAME = 1u << 17, /* a person's name or alias: `canon` says whose */
};

/* Categories that are stripped from the front of a candidate. */
#define CAT_LEADING (CAT_STOP | CAT_NATIONALITY | CAT_PLACE | CAT_CALENDAR)

typedef struct list_category {
    const char *list;
    unsigned category;
} list_category;

static const list_category list_categories[] = {
    { "given_names", CAT_GIVEN },
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
};

/* ---- a string-keyed hash table -------------------------------------- */

/* In an index, a key that belongs to more than one person. */
#define CANON_AMBIGUOUS (-2)

typedef struct entry {
    char *key;            /* normalised words joined by ' ' */
    size_t len;
    uint64_t hash;
    unsigned cats;
    int canon;            /* CAT_USER_NAME: index into model->canon */
} entry;

typedef struct table {
    entry *slots;
    size_t cap;           /* a power of two, or 0 */
    size_t len;
} table;

static const entry *table_find(const table *t, const char *key, size_t len)
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
static entry *table_upsert(table *t, const char *key, size_t len)
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

static void table_free(table *t)
{
    for (size_t i = 0; i < t->cap; i++)
        free(t->slots[i].key);
    free(t->slots);
    t->slots = NULL;
    t->cap = t->len = 0;
}

/* ---- indexes of an article's and a file's people --------------------- */

/* A hash index from keys to people that owns a copy of its keys in one
 * buffer: clearing it keeps both the slots and the buffer, so that after
 * the first articles it allocates nothing. */
typedef struct islot {
    uint64_t hash;
    size_t off;            /* of the key in store */
    size_t len;
    int who;               /* a person, or CANON_AMBIGUOUS */
    bool used;
} islot;

typedef struct keyindex {
    islot *slots;
    size_t cap;            /* a power of two, or 0 */
    size_t len;
    ns_buf store;
} keyindex;

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
static bool index_put(keyindex *ix, const char *key, size_t len, int who)
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
static int index_get(const keyindex *ix, const char *key, size_t len)
{
    if (ix->cap == 0)
        return -1;
    const islot *sl = keyindex_slot(ix, key, len, ns_hash64(key, len, NS_HASH_SEED));
    return sl->used ? sl->who : -1;
}

static void index_clear(keyindex *ix)
{
    if (ix->len)
        memset(ix->slots, 0, ix->cap * sizeof *ix->slots);
    ix->len = 0;
    ns_buf_reset(&ix->store);
}

static void index_free(keyindex *ix)
{
    free(ix->slots);
    ns_buf_free(&ix->store);
    memset(ix, 0, sizeof *ix);
}

/* ---- the model ------------------------------------------------------ */

struct ns_people_model {
    table words;          /* words and phrases -> categories */
    ns_strlist canon;     /* canonical names given by the entity file */
    table user_keys;      /* surname keys of the entity file's people -> canon */
};

/* ---- words of a text ------------------------------------------------ */

enum {
    SHAPE_CAP = 1u << 0,        /* starts with a capital */
    SHAPE_ALLCAPS = 1u << 1,    /* two or more letters, all capitals ("US", "CNN") */
    SHAPE_INITIAL = 1u << 2,    /* one capital letter ("J" of "J. R. Smith") */
    SHAPE_POSSESSIVE = 1u << 3, /* "Zelenskyy's": the 's is outside [start, end) */
    SHAPE_PARTICLED = 1u << 4,  /* "al-Hassan": lower-case particle, capital after */
    SHAPE_HYPHENATED = 1u << 5, /* made of hyphen-joined parts */
    SHAPE_TITLE_PARTS = 1u << 6, /* every hyphenated part is a title word */
    SHAPE_GIVEN_FIRST = 1u << 7  /* its first hyphenated part is a given name */
};

/* What separates a word from the one before it. */
typedef enum gap {
    GAP_SPACE,      /* white space only, no line break */
    GAP_JOIN,       /* "." after an initial or honorific, then space */
    GAP_COMMA,
    GAP_QUOTE,      /* an opening quote: a new sentence starts inside */
    GAP_COLON,
    GAP_SENTENCE,   /* . ! ? */
    GAP_LINE,       /* a line break, or the start of the text */
    GAP_OTHER       /* any other punctuation: ( ) / ; - and the like */
} gap;

typedef struct word {
    size_t start, end;          /* surface span in the text (without 's) */
    size_t raw_end;             /* end of the token, 's included */
    size_t key;                 /* offset of the normalised form in the arena */
    size_t key_len;
    unsigned cats;
    unsigned shape;
    gap before;
    bool heading;               /* on a line written in Title Case */
    bool after_close_quote;     /* a quote mark closed in the gap before */
} word;

/* FULL: a full name.  SURNAME: a later mention, to resolve.  ROYAL:
 * "Prince Mohammed", the given name of a person named in full, or else a
 * name of its own.  LATENT: a name inside an organisation's ("Bob Hawke
 * Way"), a person only when mentioned on their own too. */
typedef enum cand_kind { CAND_FULL, CAND_SURNAME, CAND_ROYAL, CAND_LATENT } cand_kind;

/* A mention found in one text, before resolution. */
typedef struct cand {
    cand_kind kind;
    size_t start, end;
    size_t name;                /* FULL, ROYAL, LATENT: the canonical name (strings) */
    size_t key;                 /* normalised full name, or the surname to resolve */
    size_t n_keys;              /* surname keys following `key`, NUL separated
                                 * (ROYAL: the given name) */
    int person;                 /* resolved: index into the article's people, or -1 */
} cand;

/* One person of an article or file. */
typedef struct person {
    size_t name;                /* canonical name, offset in strings */
    size_t key;                 /* normalised full name */
    size_t keys;                /* surname keys: n_keys NUL-terminated strings */
    size_t n_keys;
    bool latent;                /* only named inside an organisation's name... */
    bool used;                  /* ...until a mention of its own resolved to it */
    int same_as;                /* a shorter form of another person's name, or -1 */
} person;

typedef struct scan {
    const ns_people_model *model;
    const char *text;
    size_t len;
    word *words;
    size_t n_words, words_cap;
    ns_buf arena;               /* normalised words of the current text */
    ns_buf strings;             /* names and keys of candidates and people */
    ns_buf tmp;
    cand *cands;
    size_t n_cands, cands_cap;
    person *people;
    size_t n_people, people_cap;
    keyindex by_name;           /* full name, and first + last word -> person */
    keyindex by_surname;        /* surname key -> person */
    keyindex by_given;          /* first word -> person (for royal names) */
} scan;

static const char *arena_str(const scan *s, const word *w)
{
    return s->arena.data + w->key;
}

static const char *str_at(const scan *s, size_t offset)
{
    return s->strings.data + offset;
}

static size_t strings_add(scan *s, const char *str, size_t len)
{
    size_t at = s->strings.len;
    ns_buf_append(&s->strings, str, len);
    ns_buf_putc(&s->strings, '\0');
    return at;
}

static unsigned lookup(const ns_people_model *model, const char *key, size_t len)
{
    const entry *e = table_find(&model->words, key, len);
    return e ? e->cats : 0;
}

static bool is_opening_quote(int32_t cp)
{
    return cp == '"' || cp == 0x201C || cp == 0x2018 || cp == 0x00AB || cp == '\'' ||
           cp == 0x201E;
}

/* Classify the bytes between two words.  `prev` is the word before (NULL
 * at the start of the text).  *closed tells whether a quote mark that is
 * not directly before the next word (so closes a quote) is in the gap. */
static gap classify_gap(const scan *s, const word *prev, size_t from, size_t to, bool *closed_out)
{
    *closed_out = false;
    if (!prev)
        return GAP_LINE;
    bool comma = false, colon = false, sentence = false, quote = false, other = false;
    bool closed = false;
    bool first_is_dot = from < to && s->text[from] == '.';
    size_t i = from;
    while (i < to) {
        int32_t cp;
        size_t n = ns_utf8_decode(s->text + i, to - i, &cp);
        if (cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029)
            return GAP_LINE;
        if (ns_char_is_space(cp)) {
            /* nothing */
        } else if (cp == '.' || cp == '!' || cp == '?' || cp == 0x2026) {
            sentence = true;
        } else if (cp == ',') {
            comma = true;
        } else if (cp == ':') {
            colon = true;
        } else if (is_opening_quote(cp) || cp == 0x201D || cp == 0x2019) {
            /* A quote mark followed directly by the word opens a quote. */
            if (i + n == to)
                quote = true;
            else
                closed = true;
        } else {
            other = true;
        }
        i += n;
    }
    *closed_out = closed;
    /* "Rep.", "Sen.", "Gen.": a short title written with a full stop. */
    bool abbreviated_title = (prev->cats & CAT_TITLE) && (prev->shape & SHAPE_CAP) &&
                             prev->key_len <= 5;
    if (sentence && first_is_dot && !comma && !colon && !other && !quote &&
        ((prev->shape & SHAPE_INITIAL) || (prev->cats & CAT_HONORIFIC) || abbreviated_title)) {
        /* "J. R. Smith", "Dr. Jones": the only punctuation is that dot. */
        size_t dots = 0;
        for (size_t k = from; k < to; k++)
            dots += s->text[k] == '.';
        if (dots == 1)
            return GAP_JOIN;
    }
    if (sentence)
        return GAP_SENTENCE;
    if (colon)
        return GAP_COLON;
    if (quote)
        return GAP_QUOTE;
    if (other)
        return GAP_OTHER;
    if (comma)
        return GAP_COMMA;
    return GAP_SPACE;
}

/* Short lower-case particles that start a hyphenated name part
 * ("al-Hassan", "el-Sisi", "ash-Sharaa", "bin-Salman"). */
static bool is_hyphen_particle(const char *s, size_t len)
{
    static const char *const particles[] = { "al", "el", "ad", "ar", "as", "ash", "at",
                                             "az", "ul", "ud", "an", "bin", "ibn", "abu",
                                             "abd", "ben", "de", "di", "da", "du" };
    for (size_t i = 0; i < sizeof particles / sizeof particles[0]; i++)
        if (strlen(particles[i]) == len && memcmp(particles[i], s, len) == 0)
            return true;
    return false;
}

static unsigned surface_shape(const scan *s, size_t start, size_t end)
{
    size_t letters = 0, upper = 0;
    bool first_upper = false;
    size_t i = start;
    while (i < end) {
        int32_t cp;
        size_t n = ns_utf8_decode(s->text + i, end - i, &cp);
        if (ns_char_is_letter(cp)) {
            bool up = ns_char_is_upper(cp);
            if (letters == 0)
                first_upper = up;
            letters++;
            upper += up;
        }
        i += n;
    }
    unsigned shape = 0;
    if (first_upper)
        shape |= SHAPE_CAP;
    if (letters == 1 && first_upper)
        shape |= SHAPE_INITIAL;
    if (letters >= 2 && upper == letters)
        shape |= SHAPE_ALLCAPS;
    return shape;
}

static int collect_word(void *ctx, const ns_token *token)
{
    scan *s = ctx;
    const char *t = s->text;
    word *prev = s->n_words ? &s->words[s->n_words - 1] : NULL;
    if ((token->flags & NS_TOKEN_HYPHENATED) && prev && !(prev->shape & SHAPE_POSSESSIVE) &&
        prev->raw_end + 1 >= token->start && token->start - prev->raw_end <= 3) {
        /* A later part of a hyphenated word: join it to the word. */
        const char *first = arena_str(s, prev);
        size_t first_len = prev->key_len;
        bool first_is_particle = !(prev->shape & SHAPE_HYPHENATED) && !(prev->shape & SHAPE_CAP) &&
                                 is_hyphen_particle(first, first_len);
        unsigned part_cats = lookup(s->model, token->text, token->len);
        if (!(prev->shape & SHAPE_HYPHENATED) && (prev->cats & CAT_TITLE))
            prev->shape |= SHAPE_TITLE_PARTS;
        if (!(part_cats & CAT_TITLE))
            prev->shape &= ~(unsigned)SHAPE_TITLE_PARTS;
        /* "Jean-Pierre", "Molly-Mae", "Frank-Walter": a given name first
         * makes a given name. */
        if (!(prev->shape & SHAPE_HYPHENATED) && (prev->cats & CAT_GIVEN) &&
            (prev->shape & SHAPE_CAP))
            prev->shape |= SHAPE_GIVEN_FIRST;
        ns_buf_truncate(&s->arena, prev->key + prev->key_len);   /* its NUL */
        ns_buf_putc(&s->arena, '-');
        ns_buf_append(&s->arena, token->text, token->len);
        prev->key_len = s->arena.len - prev->key;
        prev->end = prev->raw_end = token->end;
        prev->shape |= SHAPE_HYPHENATED;
        if (first_is_particle && (token->flags & NS_TOKEN_CAPITALISED))
            prev->shape |= SHAPE_PARTICLED | SHAPE_CAP;
        /* An all-capital first part ("US-backed") says nothing about the rest. */
        prev->shape &= ~(unsigned)(SHAPE_ALLCAPS | SHAPE_INITIAL);
        prev->cats = lookup(s->model, arena_str(s, prev), prev->key_len) &
                     ~(unsigned)CAT_ACRONYM;
        if (prev->shape & SHAPE_TITLE_PARTS)
            prev->cats |= CAT_TITLE;
        if (prev->shape & SHAPE_GIVEN_FIRST)
            prev->cats |= CAT_GIVEN;
        goto possessive;
    }
    s->words = ns_xgrow(s->words, &s->words_cap, s->n_words + 1, sizeof *s->words);
    word *w = &s->words[s->n_words++];
    prev = s->n_words > 1 ? &s->words[s->n_words - 2] : NULL;
    memset(w, 0, sizeof *w);
    w->start = token->start;
    w->end = w->raw_end = token->end;
    w->key = s->arena.len;
    ns_buf_append(&s->arena, token->text, token->len);
    ns_buf_putc(&s->arena, '\0');
    w->key_len = token->len;
    w->shape = surface_shape(s, token->start, token->end);
    w->cats = lookup(s->model, token->text, token->len);
    if (!(w->shape & SHAPE_ALLCAPS))
        w->cats &= ~(unsigned)CAT_ACRONYM;
    /* "III" and "V" after a name, not "Xi" or "Vi". */
    if ((w->cats & CAT_REGNAL) && (w->shape & (SHAPE_ALLCAPS | SHAPE_INITIAL)))
        w->cats |= CAT_SUFFIX;
    w->cats &= ~(unsigned)CAT_REGNAL;
    w->before = classify_gap(s, prev, prev ? prev->raw_end : 0, token->start,
                             &w->after_close_quote);
    prev = w;
possessive:
    /* The tokeniser drops a possessive 's from the word; keep it out of
     * the name's span too. */
    prev = &s->words[s->n_words - 1];
    {
        size_t e = prev->raw_end;
        if (e >= 2 && (t[e - 1] == 's' || t[e - 1] == 'S')) {
            if (t[e - 2] == '\'') {
                prev->end = e - 2;
                prev->shape |= SHAPE_POSSESSIVE;
            } else if (e >= 4 && (unsigned char)t[e - 4] == 0xE2 &&
                       (unsigned char)t[e - 3] == 0x80 && (unsigned char)t[e - 2] == 0x99) {
                prev->end = e - 4;
                prev->shape |= SHAPE_POSSESSIVE;
            }
        }
    }
    /* Keep the arena's words NUL-terminated for arena_str(). */
    if (s->arena.data[s->arena.len - 1] != '\0')
        ns_buf_putc(&s->arena, '\0');
    return 0;
}

/* Does the text after byte `from` end its line with sentence
 * punctuation (quotes and brackets aside)? */
static bool line_ends_sentence(const scan *s, size_t from)
{
    bool sentence = false;
    for (size_t i = from; i < s->len && s->text[i] != '\n'; i++) {
        char ch = s->text[i];
        if (ch == '.' || ch == '!' || ch == '?' || ch == ':' || ch == ',' || ch == ';')
            sentence = true;
        else if (ch != ' ' && ch != '\t' && ch != '\r' && ch != '"' && ch != '\'' && ch != ')' &&
                 (unsigned char)ch < 0x80)
            sentence = false;
    }
    return sentence;
}

/* A line in Title Case (a heading): at least four words, nearly every
 * word that is not a short function word capitalised, and no sentence in
 * it (a heading has no full stop). */
static void mark_headings(scan *s)
{
    size_t i = 0;
    while (i < s->n_words) {
        size_t j = i;
        size_t content = 0, capitalised = 0;
        bool sentence = false;
        while (j < s->n_words && (j == i || s->words[j].before != GAP_LINE)) {
            const word *w = &s->words[j];
            bool small = !(w->shape & SHAPE_CAP) && w->key_len <= 4;
            if (!small) {
                content++;
                capitalised += (w->shape & SHAPE_CAP) != 0;
            }
            if (j > i && w->before == GAP_SENTENCE)
                sentence = true;
            j++;
        }
        bool heading = j - i >= 4 && content > 0 && capitalised * 10 >= content * 9 && !sentence &&
                       !line_ends_sentence(s, s->words[j - 1].raw_end);
        for (size_t k = i; k < j; k++)
            s->words[k].heading = heading;
        i = j;
    }
}

static void read_words(scan *s, const char *text, size_t len)
{
    s->text = text;
    s->len = len;
    s->n_words = 0;
    ns_buf_reset(&s->arena);
    ns_tokenize(text, len, collect_word, s);
    mark_headings(s);
}

/* ---- runs and candidates -------------------------------------------- */

static bool sentence_initial(const word *w)
{
    return w->before == GAP_LINE || w->before == GAP_SENTENCE || w->before == GAP_COLON ||
           w->before == GAP_QUOTE;
}

/* Can this word be part of a name? */
static bool name_like(const word *w)
{
    if (!(w->shape & SHAPE_CAP))
        return false;
    if (w->shape & SHAPE_ALLCAPS) {
        /* "JD" is initials; "CNN", "US" and "NATO" are not. */
        return w->key_len <= 2 && w->cats == 0;
    }
    return true;
}

/* Part of a run, although it cannot start a name: listed abbreviations
 * ("US", "MP") that are stripped from the front. */
static bool run_member(const word *w)
{
    if (name_like(w))
        return true;
    return (w->shape & SHAPE_ALLCAPS) &&
           (w->cats & (CAT_PLACE | CAT_TITLE | CAT_NATIONALITY | CAT_SUFFIX));
}

static bool joins(const word *w)
{
    return w->before == GAP_SPACE || w->before == GAP_JOIN;
}

/* Join normalised words [from, to) with spaces into s->tmp. */
static void key_of(scan *s, size_t from, size_t to)
{
    ns_buf_reset(&s->tmp);
    ns_buf_append(&s->tmp, "", 0);
    for (size_t i = from; i < to; i++) {
        if (i > from)
            ns_buf_putc(&s->tmp, ' ');
        ns_buf_append(&s->tmp, arena_str(s, &s->words[i]), s->words[i].key_len);
    }
}

static unsigned phrase_cats(scan *s, size_t from, size_t to)
{
    key_of(s, from, to);
    return lookup(s->model, s->tmp.data, s->tmp.len);
}

/* The longest listed phrase (two to four words) of any of `cats` that
 * starts at `from` and ends by `to`; its length, or 0. */
static size_t phrase_at(scan *s, size_t from, size_t to, unsigned cats)
{
    for (size_t n = 4; n >= 2; n--)
        if (from + n <= to && (phrase_cats(s, from, from + n) & cats))
            return n;
    return 0;
}

/* Does any listed multi-word organisation, place or date lie inside
 * [from, to), or is the whole of it one? */
static bool contains_non_person(scan *s, size_t from, size_t to)
{
    const unsigned bad = CAT_ORG | CAT_PLACE | CAT_CALENDAR | CAT_NATIONALITY | CAT_USER_BLOCK;
    for (size_t i = from; i < to; i++)
        if (phrase_at(s, i, to, bad))
            return true;
    return false;
}

static void add_cand(scan *s, cand c)
{
    s->cands = ns_xgrow(s->cands, &s->cands_cap, s->n_cands + 1, sizeof *s->cands);
    c.person = -1;
    s->cands[s->n_cands++] = c;
}

/* The surface of words [from, to) with runs of white space made one
 * space, appended to the strings arena; its offset. */
static size_t add_surface(scan *s, size_t from, size_t to)
{
    size_t at = s->strings.len;
    const char *t = s->text;
    size_t i = s->words[from].start, end = s->words[to - 1].end;
    bool space = false;
    while (i < end) {
        int32_t cp;
        size_t n = ns_utf8_decode(t + i, end - i, &cp);
        if (ns_char_is_space(cp)) {
            space = true;
        } else {
            if (space)
                ns_buf_putc(&s->strings, ' ');
            space = false;
            ns_buf_append(&s->strings, t + i, n);
        }
        i += n;
    }
    ns_buf_putc(&s->strings, '\0');
    return at;
}

/* Surname keys of a name of words [from, to): each tail that starts after
 * the first word and is not a lone particle or suffix ("Lula da Silva",
 * "da Silva", "Silva"), and for a last word like "al-Hassan" also
 * "Hassan".  Appended NUL-separated to the strings arena. */
static size_t add_surname_keys(scan *s, size_t from, size_t to, size_t *n_keys)
{
    while (to - from > 1 && (s->words[to - 1].cats & CAT_SUFFIX))
        to--;
    size_t at = s->strings.len;
    size_t n = 0;
    for (size_t i = from + 1; i < to; i++) {
        const word *w = &s->words[i];
        if (!(w->shape & SHAPE_CAP) && !(w->shape & SHAPE_PARTICLED) && i == to - 1)
            continue;
        key_of(s, i, to);
        ns_buf_append(&s->strings, s->tmp.data, s->tmp.len + 1);
        n++;
    }
    const word *last = &s->words[to - 1];
    if (to - from >= 2 && (last->shape & SHAPE_PARTICLED)) {
        const char *k = arena_str(s, last);
        const char *dash = memchr(k, '-', last->key_len);
        if (dash) {
            ns_buf_append(&s->strings, dash + 1, last->key_len - (size_t)(dash + 1 - k));
            ns_buf_putc(&s->strings, '\0');
            n++;
        }
    }
    *n_keys = n;
    return at;
}

static void scan_init(scan *s, const ns_people_model *model);
static void scan_free(scan *s);
static void read_words(scan *s, const char *text, size_t len);

/* Append the normalised form of a name written out ("Volodymyr
 * Zelenskyy") and then its surname keys to s->strings, read the way a text
 * is; the offset of the normalised form. */
static size_t add_name_keys(scan *s, const char *name, size_t *n_keys)
{
    scan sub;
    scan_init(&sub, s->model);
    read_words(&sub, name, strlen(name));
    key_of(&sub, 0, sub.n_words);
    size_t key = strings_add(s, sub.tmp.data, sub.tmp.len);
    size_t n = 0;
    if (sub.n_words >= 2) {
        size_t at = add_surname_keys(&sub, 0, sub.n_words, &n);
        ns_buf_append(&s->strings, sub.strings.data + at, sub.strings.len - at);
    }
    *n_keys = n;
    scan_free(&sub);
    return key;
}

static void emit_full(scan *s, size_t from, size_t to, size_t span_start, size_t span_end)
{
    cand c = { .kind = CAND_FULL, .start = span_start, .end = span_end };
    key_of(s, from, to);
    const ns_people_model *m = s->model;
    const entry *e = table_find(&m->words, s->tmp.data, s->tmp.len);
    if (e && (e->cats & CAT_USER_BLOCK))
        return;
    if (e && (e->cats & CAT_USER_NAME)) {
        /* The entity file names this person: its canonical name, and the
         * keys of that name. */
        const char *canon = m->canon.items[e->canon];
        c.name = strings_add(s, canon, strlen(canon));
        c.key = add_name_keys(s, canon, &c.n_keys);
        add_cand(s, c);
        return;
    }
    c.name = add_surface(s, from, to);
    key_of(s, from, to);
    c.key = strings_add(s, s->tmp.data, s->tmp.len);
    add_surname_keys(s, from, to, &c.n_keys);
    add_cand(s, c);
}

static void emit_surname(scan *s, size_t from, size_t to)
{
    cand c = { .kind = CAND_SURNAME, .start = s->words[from].start,
               .end = s->words[to - 1].end };
    key_of(s, from, to);
    const entry *e = table_find(&s->model->words, s->tmp.data, s->tmp.len);
    if (e && (e->cats & CAT_USER_BLOCK))
        return;
    if (e && (e->cats & CAT_USER_NAME)) {
        /* A user's alias ("Zelensky") names the person outright. */
        emit_full(s, from, to, c.start, c.end);
        return;
    }
    c.key = strings_add(s, s->tmp.data, s->tmp.len);
    add_cand(s, c);
}

/* Is the word before `at` a role word ("envoy", "pastor", "witness,")? */
static bool role_before(const scan *s, size_t at)
{
    if (at == 0)
        return false;
    const word *w = &s->words[at];
    const word *p = &s->words[at - 1];
    return (w->before == GAP_SPACE || w->before == GAP_COMMA) && !(p->shape & SHAPE_CAP) &&
           (p->cats & (CAT_TITLE | CAT_RELATION));
}

/* A reporting verb right before the run or right after it. */
static bool speech_next_to(const scan *s, size_t from, size_t to)
{
    if (from > 0) {
        const word *w = &s->words[from];
        const word *p = &s->words[from - 1];
        if ((w->before == GAP_SPACE || w->before == GAP_COMMA) && (p->cats & CAT_SPEECH) &&
            !(p->shape & SHAPE_CAP))
            return true;
    }
    if (to < s->n_words) {
        const word *n = &s->words[to];
        if (n->before == GAP_SPACE && (n->cats & CAT_SPEECH) && !(n->shape & SHAPE_CAP))
            return true;
    }
    return false;
}

/* "Picture: Cliff Owen/AP", "(AAP Image/Bianca De Marchi)". */
static bool credit_before(const scan *s, size_t at)
{
    if (at == 0 || !(s->words[at - 1].cats & CAT_CREDIT))
        return false;
    gap g = s->words[at].before;
    if (g == GAP_COLON)
        return true;
    return g == GAP_OTHER && s->words[at].start > 0 && s->text[s->words[at].start - 1] == '/';
}

static bool looks_like_initials(const word *w)
{
    return (w->shape & SHAPE_INITIAL) || ((w->shape & SHAPE_ALLCAPS) && w->key_len <= 2);
}

/* "Darren Pike, 52," or "Kemi Badenoch, the Conservative leader,": an
 * age or a role in apposition right after the name. */
static bool apposition_after(const scan *s, size_t b)
{
    if (b >= s->n_words || s->words[b].before != GAP_COMMA)
        return false;
    const word *w = &s->words[b];
    const char *k = arena_str(s, w);
    if (k[0] >= '0' && k[0] <= '9')
        return w->key_len <= 3 && (b + 1 == s->n_words || s->words[b + 1].before != GAP_SPACE);
    static const char *const determiners[] = { "the", "a", "an", "his", "her", "their", "its",
                                               "our" };
    bool determiner = false;
    for (size_t i = 0; i < sizeof determiners / sizeof determiners[0] && !determiner; i++)
        determiner = strcmp(k, determiners[i]) == 0 && !(w->shape & SHAPE_CAP);
    if (!determiner)
        return false;
    for (size_t j = b + 1; j < s->n_words && j <= b + 4; j++) {
        const word *x = &s->words[j];
        if (x->before != GAP_SPACE)
            return false;
        if (!(x->shape & SHAPE_CAP) && (x->cats & (CAT_TITLE | CAT_RELATION)))
            return true;
    }
    return false;
}

/* The previous run, for "Josh and Amy Prince". */
typedef struct run_memory {
    bool lone_given;      /* the previous run was one given name */
    size_t at;            /* its word */
} run_memory;

/* "Prince Harry", "PRINCE Harry", "King Charles III": the title word at
 * `title` written in Title Case, then words [from, to). */
static void emit_royal(scan *s, size_t title, size_t from, size_t to)
{
    const word *t = &s->words[title];
    cand c = { .kind = CAND_ROYAL, .start = t->start, .end = s->words[to - 1].end };
    c.name = s->strings.len;
    size_t i = t->start;
    bool first = true;
    while (i < t->end) {
        int32_t cp;
        size_t n = ns_utf8_decode(s->text + i, t->end - i, &cp);
        if (!first && cp < 0x80 && cp >= 'A' && cp <= 'Z')
            ns_buf_putc(&s->strings, (char)(cp - 'A' + 'a'));
        else
            ns_buf_append(&s->strings, s->text + i, n);
        first = false;
        i += n;
    }
    ns_buf_putc(&s->strings, ' ');
    add_surface(s, from, to);   /* continues the same string */
    key_of(s, title, to);
    c.key = strings_add(s, s->tmp.data, s->tmp.len);
    /* The one key: the given name, to find the person named in full. */
    strings_add(s, arena_str(s, &s->words[from]), s->words[from].key_len);
    c.n_keys = 1;
    add_cand(s, c);
}

/* Words [from, to) name a person inside an organisation's or a place's
 * name ("Bob Hawke Way"): remember them, as a person only if mentioned
 * on their own too. */
static void emit_latent(scan *s, size_t from, size_t to)
{
    size_t before = s->n_cands;
    emit_full(s, from, to, s->words[from].start, s->words[to - 1].end);
    if (s->n_cands > before)
        s->cands[s->n_cands - 1].kind = CAND_LATENT;
}

static void process_run(scan *s, size_t a, size_t b, run_memory *memory)
{
    word *W = s->words;
    run_memory before = *memory;
    memory->lone_given = false;
    if (W[a].heading) {
        /* Headings capitalise every word: a given name and the word after
         * it are a name, any other word only a surname for the article to
         * confirm. */
        for (size_t i = a; i < b; i++) {
            if (!name_like(&W[i]) || (W[i].cats & ~(unsigned)(CAT_GIVEN | CAT_USER_NAME)))
                continue;
            if ((W[i].cats & CAT_GIVEN) && i + 1 < b && name_like(&W[i + 1]) &&
                !(W[i + 1].cats & (CAT_LEADING | CAT_ORG_CUE | CAT_TITLE | CAT_HONORIFIC)) &&
                !contains_non_person(s, i, i + 2)) {
                emit_full(s, i, i + 2, W[i].start, W[i + 1].end);
                i++;
                continue;
            }
            emit_surname(s, i, i + 1);
        }
        return;
    }
    /* Post-nominal letters and titles after a name end it ("Sue
     * Chrysanthou SC", "Zali Steggall MP"). */
    while (b - a > 1 && (W[b - 1].shape & SHAPE_ALLCAPS) && !(W[b - 1].cats & CAT_SUFFIX) &&
           (W[b - 1].cats & (CAT_TITLE | CAT_ACRONYM | CAT_STOP)))
        b--;
    /* Cut everything up to the last title or honorific that has a name
     * after it. */
    size_t c = a;
    bool titled = false, honorific = false;
    size_t last_title = b;
    for (size_t i = a; i + 1 < b; i++) {
        if (!(W[i].cats & (CAT_TITLE | CAT_HONORIFIC)))
            continue;
        bool followed = false;
        for (size_t j = i + 1; j < b; j++)
            if (!(W[j].cats & (CAT_SUFFIX | CAT_TITLE | CAT_HONORIFIC)))
                followed = true;
        if (followed)
            last_title = i;
    }
    if (last_title < b) {
        c = last_title + 1;
        titled = true;
        honorific = (W[last_title].cats & CAT_HONORIFIC) != 0;
        /* A royal title stays with a lone given name ("Prince Harry"). */
        if ((W[last_title].cats & CAT_ROYAL) && (W[c].cats & CAT_GIVEN)) {
            size_t e = c + 1;
            while (e < b && (W[e].cats & CAT_SUFFIX))
                e++;
            if (e == b) {
                emit_royal(s, last_title, c, b);
                return;
            }
        }
    }
    /* A lone capitalised role word opening a sentence ("Rival Advanced
     * Micro Devices") is as likely an ordinary word as a title. */
    bool title_vouches = titled && (honorific || last_title > a || !sentence_initial(&W[a]));
    /* Then articles, nationalities, places and dates. */
    for (;;) {
        if (c >= b)
            break;
        size_t n = phrase_at(s, c, b, CAT_PLACE | CAT_NATIONALITY | CAT_CALENDAR);
        if (n && c + n < b) {
            c += n;
            continue;
        }
        const word *w = &W[c];
        /* A given name that is also a place or a month ("Jordan",
         * "Ramadan") is taken as the given name. */
        if ((w->cats & CAT_GIVEN) && !(w->cats & CAT_STOP))
            break;
        if ((w->cats & (CAT_LEADING | CAT_ACRONYM)) || ((w->shape & SHAPE_ALLCAPS) && w->cats)) {
            c++;
            continue;
        }
        break;
    }
    /* A given name that is also a title still starts a name when only a
     * surname would follow it ("Dean Smith", "Earl Warren"). */
    if (b - c == 1 && c > a && c - 1 == last_title && !honorific &&
        (W[c - 1].cats & CAT_GIVEN) && !(W[c - 1].cats & CAT_STOP)) {
        titled = title_vouches = false;
        for (size_t i = a; i + 1 < c; i++)
            if (W[i].cats & (CAT_TITLE | CAT_HONORIFIC))
                titled = title_vouches = true;
        c--;
    }
    if (c >= b)
        return;
    /* "Defending Champion Carlos Alcaraz", "Barefoot Ramadan Gaber": a
     * capitalised sentence opener before a given name is not the name. */
    if (b - c >= 3 && sentence_initial(&W[c]) && !(W[c].cats & CAT_GIVEN) &&
        (W[c + 1].cats & CAT_GIVEN))
        c++;
    size_t n = b - c;
    const word *first = &W[c];
    if (first->cats & CAT_SUFFIX)
        return;

    if (n == 1) {
        memory->lone_given = !titled && (first->cats & CAT_GIVEN) && b - a == 1;
        memory->at = c;
        if (titled) {
            if (first->cats & (CAT_STOP | CAT_CALENDAR))
                return;
            emit_surname(s, c, b);
            return;
        }
        if (first->cats & (CAT_STOP | CAT_NATIONALITY | CAT_CALENDAR | CAT_ORG_CUE | CAT_ORG |
                           CAT_PLACE | CAT_TITLE | CAT_HONORIFIC | CAT_SUFFIX | CAT_SPEECH |
                           CAT_CREDIT))
            return;
        if (first->shape & SHAPE_INITIAL)
            return;
        emit_surname(s, c, b);
        return;
    }

    /* Organisations, places and the like. */
    for (size_t i = c; i < b; i++) {
        const word *w = &W[i];
        if (!(w->shape & SHAPE_CAP) && !(w->shape & SHAPE_PARTICLED))
            continue;   /* a particle */
        unsigned bad = CAT_ORG_CUE | CAT_STOP;
        if (i == c)
            bad = (w->cats & CAT_GIVEN) ? 0 : CAT_ORG_CUE | CAT_ORG;
        if (w->cats & bad) {
            /* "Bob Hawke Way", "Florence Nightingale Foundation". */
            if (i >= c + 2 && (first->cats & CAT_GIVEN) && (w->cats & CAT_ORG_CUE) &&
                !contains_non_person(s, c, i))
                emit_latent(s, c, i);
            return;
        }
    }
    if (contains_non_person(s, c, b))
        return;

    bool given = (first->cats & CAT_GIVEN) || looks_like_initials(first);
    bool cue = role_before(s, c) || speech_next_to(s, c, b) || credit_before(s, c) ||
               apposition_after(s, b);
    key_of(s, c, b);
    const entry *user = table_find(&s->model->words, s->tmp.data, s->tmp.len);
    bool known = user && (user->cats & CAT_USER_NAME);
    if (!title_vouches && !given && !known) {
        if (!cue) {
            /* Perhaps a later mention of a longer name ("Lula da Silva"). */
            emit_surname(s, c, b);
            return;
        }
        /* Context alone vouches only for short names free of places. */
        if (n > 3)
            return;
        for (size_t i = c; i < b; i++)
            if (W[i].cats & (CAT_PLACE | CAT_CALENDAR | CAT_NATIONALITY | CAT_TITLE))
                return;
    }
    emit_full(s, c, b, W[c].start, W[b - 1].end);

    /* "Josh and Amy Prince": the lone given name before "and" shares the
     * surname. */
    if (n == 2 && c == a && !titled && before.lone_given && a >= 2 && before.at == a - 2 &&
        W[a - 1].key_len == 3 && memcmp(arena_str(s, &W[a - 1]), "and", 3) == 0 &&
        W[a - 1].before == GAP_SPACE && W[a].before == GAP_SPACE && (first->cats & CAT_GIVEN)) {
        size_t lone = before.at;
        size_t at = s->strings.len;
        ns_buf_append(&s->strings, s->text + W[lone].start, W[lone].end - W[lone].start);
        ns_buf_putc(&s->strings, ' ');
        ns_buf_append(&s->strings, s->text + W[b - 1].start, W[b - 1].end - W[b - 1].start);
        ns_buf_putc(&s->strings, '\0');
        cand cc = { .kind = CAND_FULL, .start = W[lone].start, .end = W[lone].end, .name = at };
        ns_buf_reset(&s->tmp);
        ns_buf_append(&s->tmp, arena_str(s, &W[lone]), W[lone].key_len);
        ns_buf_putc(&s->tmp, ' ');
        ns_buf_append(&s->tmp, arena_str(s, &W[b - 1]), W[b - 1].key_len);
        cc.key = strings_add(s, s->tmp.data, s->tmp.len);
        cc.n_keys = 1;
        strings_add(s, arena_str(s, &W[b - 1]), W[b - 1].key_len);
        add_cand(s, cc);
    }
}

/* Joaquín "El Chapo" Guzmán: a given name, a nickname in quotes, then the
 * surname.  The name is the given name and the surname; the index of the
 * word after it, or `i` when the words at i are not such a name. */
static size_t quoted_nickname(scan *s, size_t i)
{
    word *W = s->words;
    if (!(W[i].cats & CAT_GIVEN) || !name_like(&W[i]) || W[i].heading || i + 2 >= s->n_words ||
        W[i + 1].before != GAP_QUOTE)
        return i;
    size_t k = i + 2;
    while (k < s->n_words && k <= i + 4 && !W[k].after_close_quote) {
        if (!(W[k].shape & SHAPE_CAP) || W[k].before != GAP_SPACE)
            return i;
        k++;
    }
    if (k >= s->n_words || !W[k].after_close_quote || W[k].before != GAP_SPACE ||
        !name_like(&W[k]) || !(W[i + 1].shape & SHAPE_CAP))
        return i;
    size_t e = k + 1;
    while (e < s->n_words && e < k + 3 && joins(&W[e]) && name_like(&W[e]) &&
           !(W[e - 1].shape & SHAPE_POSSESSIVE))
        e++;
    for (size_t j = k; j < e; j++)
        if (W[j].cats & (CAT_ORG_CUE | CAT_STOP | CAT_PLACE | CAT_TITLE | CAT_CALENDAR))
            return i;
    cand c = { .kind = CAND_FULL, .start = W[i].start, .end = W[e - 1].end };
    c.name = s->strings.len;
    ns_buf_append(&s->strings, s->text + W[i].start, W[i].end - W[i].start);
    ns_buf_putc(&s->strings, ' ');
    ns_buf_append(&s->strings, s->text + W[k].start, W[e - 1].end - W[k].start);
    ns_buf_putc(&s->strings, '\0');
    key_of(s, k, e);
    c.key = s->strings.len;
    ns_buf_append(&s->strings, arena_str(s, &W[i]), W[i].key_len);
    ns_buf_putc(&s->strings, ' ');
    strings_add(s, s->tmp.data, s->tmp.len);
    for (size_t j = k; j < e; j++) {
        key_of(s, j, e);
        strings_add(s, s->tmp.data, s->tmp.len);
        c.n_keys++;
    }
    add_cand(s, c);
    return e;
}

/* Find the candidates of one text and append them to s->cands. */
static void scan_text(scan *s, const char *text, size_t len)
{
    size_t first_cand = s->n_cands;
    read_words(s, text, len);
    run_memory memory = { false, 0 };
    const word *W = s->words;
    size_t i = 0;
    while (i < s->n_words) {
        if (!run_member(&W[i])) {
            /* Only "and" may stand between "Josh" and "Amy Prince". */
            if (!(W[i].key_len == 3 && memcmp(arena_str(s, &W[i]), "and", 3) == 0))
                memory.lone_given = false;
            i++;
            continue;
        }
        size_t after = quoted_nickname(s, i);
        if (after > i) {
            memory.lone_given = false;
            i = after;
            continue;
        }
        size_t j = i + 1;
        while (j < s->n_words && j - i < 10) {
            if (W[j - 1].shape & SHAPE_POSSESSIVE)
                break;
            if (joins(&W[j]) && run_member(&W[j]) && W[j].heading == W[i].heading) {
                j++;
                continue;
            }
            /* A lower-case particle between two name words. */
            if (joins(&W[j]) && (W[j].cats & CAT_PARTICLE) && !(W[j].shape & SHAPE_CAP)) {
                size_t k = j + 1;
                while (k < s->n_words && joins(&W[k]) && (W[k].cats & CAT_PARTICLE) &&
                       !(W[k].shape & SHAPE_CAP) && k - j < 3)
                    k++;
                if (k < s->n_words && joins(&W[k]) && name_like(&W[k])) {
                    j = k + 1;
                    continue;
                }
            }
            break;
        }
        process_run(s, i, j, &memory);
        i = j;
    }
    /* Mentions in text order ("Josh" of "Josh and Amy Prince" is found
     * after "Amy Prince"); nearly sorted already, so insertion sort. */
    for (size_t k = first_cand + 1; k < s->n_cands; k++) {
        cand c = s->cands[k];
        size_t m = k;
        while (m > first_cand && s->cands[m - 1].start > c.start) {
            s->cands[m] = s->cands[m - 1];
            m--;
        }
        s->cands[m] = c;
    }
}

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
    int found = index_get(&s->by_name, key, strlen(key));
    if (found < 0 && first_last(key, &s->tmp))
        found = index_get(&s->by_name, s->tmp.data, s->tmp.len);
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
    index_put(&s->by_name, k, strlen(k), who);
    if (first_last(k, &s->tmp))
        index_put(&s->by_name, s->tmp.data, s->tmp.len, who);
    return who;
}

static void index_surnames(scan *s, int who)
{
    const person *p = &s->people[who];
    for (size_t j = 0; j < p->n_keys; j++) {
        const char *k = nth_key(s, p->keys, j);
        index_put(&s->by_surname, k, strlen(k), who);
    }
}

static bool visible(const person *p)
{
    return p->same_as < 0 && (!p->latent || p->used);
}

static size_t keys_after(const scan *s, const cand *c)
{
    return c->key + strlen(str_at(s, c->key)) + 1;
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
            c->person = add_person(s, c->name, c->key, keys_after(s, c), c->n_keys, false);
    }
    /* "Guzmán López" after "Ovidio Guzmán López": a shorter form of a
     * longer name is that person. */
    index_clear(&s->by_surname);
    for (size_t i = 0; i < s->n_people; i++)
        index_surnames(s, (int)i);
    for (size_t i = 0; i < s->n_people; i++) {
        const char *k = str_at(s, s->people[i].key);
        int longer = index_get(&s->by_surname, k, strlen(k));
        if (longer >= 0 && longer != (int)i)
            s->people[i].same_as = longer;
    }
    index_clear(&s->by_surname);
    index_clear(&s->by_given);
    for (size_t i = 0; i < s->n_people; i++) {
        person *p = &s->people[i];
        if (p->same_as >= 0)
            continue;
        index_surnames(s, (int)i);
        const char *k = str_at(s, p->key);
        const char *sp = strchr(k, ' ');
        if (sp)
            index_put(&s->by_given, k, (size_t)(sp - k), (int)i);
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
        const char *given = str_at(s, keys_after(s, c));
        int p = index_get(&s->by_given, given, strlen(given));
        c->person = p >= 0 ? p : add_person(s, c->name, c->key, keys_after(s, c), 0, false);
    }
    for (size_t i = from; i < to; i++) {
        cand *c = &s->cands[i];
        if (c->kind == CAND_LATENT) {
            c->person = add_person(s, c->name, c->key, keys_after(s, c), c->n_keys, true);
            if (s->people[c->person].latent)
                index_surnames(s, c->person);
        }
    }
    for (size_t i = from; i < to; i++) {
        cand *c = &s->cands[i];
        if (c->kind == CAND_SURNAME) {
            const char *k = str_at(s, c->key);
            c->person = index_get(&s->by_surname, k, strlen(k));
            if (c->person >= 0)
                s->people[c->person].used = true;
        }
    }
}

/* The entity file's person for a surname key, or -1. */
static int user_person(const ns_people_model *m, const char *k)
{
    const entry *e = table_find(&m->user_keys, k, strlen(k));
    return e && e->canon >= 0 ? e->canon : -1;
}

static void scan_init(scan *s, const ns_people_model *model)
{
    memset(s, 0, sizeof *s);
    s->model = model;
    ns_buf_append(&s->strings, "", 0);
}

static void scan_reset(scan *s)
{
    s->n_cands = 0;
    s->n_people = 0;
    index_clear(&s->by_name);
    index_clear(&s->by_surname);
    index_clear(&s->by_given);
    ns_buf_reset(&s->strings);
    ns_buf_append(&s->strings, "", 1);
}

static void scan_free(scan *s)
{
    free(s->words);
    free(s->cands);
    free(s->people);
    index_free(&s->by_name);
    index_free(&s->by_surname);
    index_free(&s->by_given);
    ns_buf_free(&s->arena);
    ns_buf_free(&s->strings);
    ns_buf_free(&s->tmp);
}

/* ---- public: find ---------------------------------------------------- */

/* The index of name in out->names, added when new; `seen` maps names to
 * their index. */
static size_t people_add_name(ns_people *out, keyindex *seen, const char *name)
{
    size_t len = strlen(name);
    int known = index_get(seen, name, len);
    if (known >= 0)
        return (size_t)known;
    index_put(seen, name, len, (int)out->names.len);
    ns_strlist_add(&out->names, name);
    return out->names.len - 1;
}

static void people_add_mention(ns_people *out, size_t start, size_t end, size_t who)
{
    out->mentions = ns_xgrow(out->mentions, &out->cap, out->n_mentions + 1, sizeof *out->mentions);
    out->mentions[out->n_mentions++] = (ns_mention){ start, end, who };
}

void ns_people_find(const ns_people_model *model, const char *text, size_t len, ns_people *out)
{
    scan s;
    scan_init(&s, model);
    scan_reset(&s);
    scan_text(&s, text, len);
    resolve_local(&s, 0, s.n_cands);
    /* Names already in out (a caller may add several texts) keep their
     * index. */
    keyindex seen = { 0 };
    for (size_t i = 0; i < out->names.len; i++)
        index_put(&seen, out->names.items[i], strlen(out->names.items[i]), (int)i);
    for (size_t i = 0; i < s.n_cands; i++) {
        const cand *c = &s.cands[i];
        const char *name = NULL;
        if (c->person >= 0) {
            if (visible(&s.people[c->person]))
                name = str_at(&s, s.people[c->person].name);
        } else if (c->kind == CAND_SURNAME && c->person == -1) {
            int u = user_person(model, str_at(&s, c->key));
            if (u >= 0)
                name = model->canon.items[u];
        }
        if (name)
            people_add_mention(out, c->start, c->end, people_add_name(out, &seen, name));
    }
    index_free(&seen);
    scan_free(&s);
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
    if (index_put(seen, str, strlen(str), 0))
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
    if (index_get(&fi->by_name, key, strlen(key)) >= 0 ||
        (first_last(key, &s->tmp) && index_get(&fi->by_name, s->tmp.data, s->tmp.len) >= 0))
        return;
    int who = (int)fi->names.len;
    ns_strlist_add(&fi->names, str_at(s, p->name));
    index_put(&fi->by_name, key, strlen(key), who);
    if (first_last(key, &s->tmp))
        index_put(&fi->by_name, s->tmp.data, s->tmp.len, who);
    for (size_t j = 0; j < p->n_keys; j++) {
        const char *k = nth_key(s, p->keys, j);
        index_put(&fi->by_surname, k, strlen(k), who);
    }
}

void ns_people_extract_file(const ns_people_model *model, ns_article_list *articles)
{
    if (!model || !articles || articles->len == 0)
        return;
    scan s;
    scan_init(&s, model);
    article_found *found = ns_xcalloc(articles->len, sizeof *found);
    file_index fi = { { 0 }, { 0 }, { 0 } };
    keyindex seen = { 0 }, seen_pending = { 0 };

    for (size_t a = 0; a < articles->len; a++) {
        ns_article *art = &articles->items[a];
        article_found *f = &found[a];
        scan_reset(&s);
        /* Names the source gave are people of the article too, so that
         * "Mr Trump" can resolve to them. */
        for (size_t i = 0; i < art->people.len; i++) {
            const char *given = art->people.items[i];
            size_t name = strings_add(&s, given, strlen(given));
            size_t n_keys = 0;
            size_t key = add_name_keys(&s, given, &n_keys);
            add_person(&s, name, key, key + strlen(str_at(&s, key)) + 1, n_keys, false);
        }
        if (art->title)
            scan_text(&s, art->title, strlen(art->title));
        if (art->body)
            scan_text(&s, art->body, strlen(art->body));
        resolve_local(&s, 0, s.n_cands);
        index_clear(&seen);
        index_clear(&seen_pending);
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
        index_clear(&seen);
        for (size_t i = 0; i < art->people.len; i++)
            index_put(&seen, art->people.items[i], strlen(art->people.items[i]), 0);
        for (size_t i = 0; i < f->resolved.len; i++)
            add_distinct(&art->people, &seen, f->resolved.items[i]);
        /* What the article left open: the file, then the entity file. */
        for (size_t i = 0; i < f->pending.len; i++) {
            const char *k = f->pending.items[i];
            int match = index_get(&fi.by_surname, k, strlen(k));
            if (match >= 0) {
                add_distinct(&art->people, &seen, fi.names.items[match]);
            } else if (match == -1) {
                int u = user_person(model, k);
                if (u >= 0)
                    add_distinct(&art->people, &seen, model->canon.items[u]);
            }
        }
        ns_strlist_clear(&f->pending);
        ns_strlist_clear(&f->resolved);
    }
    ns_strlist_clear(&fi.names);
    index_free(&fi.by_name);
    index_free(&fi.by_surname);
    index_free(&seen);
    index_free(&seen_pending);
    free(found);
    scan_free(&s);
}

/* ---- loading --------------------------------------------------------- */

/* Normalised key of a name or phrase as written in a list or the entity
 * file ("Attorney-General" -> "attorney-general"); its word count. */
static size_t normalise_phrase(scan *s, const char *text, ns_buf *out)
{
    read_words(s, text, strlen(text));
    key_of(s, 0, s->n_words);
    ns_buf_reset(out);
    ns_buf_append(out, s->tmp.data, s->tmp.len);
    return s->n_words;
}

static void load_lists(ns_people_model *m)
{
    scan s;
    scan_init(&s, m);
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
            table_upsert(&m->words, key.data, key.len)->cats |= cat;
        }
    }
    ns_buf_free(&key);
    scan_free(&s);
}

/* Add a surname key of the entity file's person `canon`. */
static void add_user_key(ns_people_model *m, const char *k, int canon)
{
    entry *e = table_upsert(&m->user_keys, k, strlen(k));
    if (e->canon == -1 || e->canon == canon)
        e->canon = canon;
    else
        e->canon = CANON_AMBIGUOUS;
}

static int canonical_index(ns_people_model *m, scan *s, const char *name)
{
    for (size_t i = 0; i < m->canon.len; i++)
        if (strcmp(m->canon.items[i], name) == 0)
            return (int)i;
    ns_strlist_add(&m->canon, name);
    int canon = (int)m->canon.len - 1;
    read_words(s, name, strlen(name));
    if (s->n_words >= 2) {
        size_t n_keys = 0;
        ns_buf_reset(&s->strings);
        size_t at = add_surname_keys(s, 0, s->n_words, &n_keys);
        const char *k = s->strings.data + at;
        for (size_t i = 0; i < n_keys; i++) {
            add_user_key(m, k, canon);
            k += strlen(k) + 1;
        }
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
    scan_init(&s, m);
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
            table_upsert(&m->words, key.data, key.len)->cats |= CAT_USER_BLOCK;
            continue;
        }
        /* person, alias, merge: every name given maps to fields[1]. */
        int canon = canonical_index(m, &s, fields[1]);
        for (size_t i = 1; i < n && status == NS_OK; i++) {
            normalise_phrase(&s, fields[i], &key);
            entry *e = table_upsert(&m->words, key.data, key.len);
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
    scan_free(&s);
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
    table_free(&model->words);
    table_free(&model->user_keys);
    ns_strlist_clear(&model->canon);
    free(model);
}
