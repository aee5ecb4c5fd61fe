/* The people extractor's internals, shared by its files and by nothing
 * else (the interface is people.h):
 *   people_model.c  hash tables; the model: word lists and the entity file
 *   people_scan.c   words, runs and candidates of one text
 *   people.c        resolution, and the public functions
 */
#ifndef NS_EXTRACT_PEOPLE_INTERNAL_H
#define NS_EXTRACT_PEOPLE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "extract/people.h"
#include "newssearch/strlist.h"
#include "util/buf.h"

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
    CAT_RELATION = 1u << 16, /* "wife", "son": evidence in lower case only */
    /* from the entity file */
    CAT_USER_BLOCK = 1u << 17,
    CAT_USER_NAME = 1u << 18, /* a person's name or alias: `canon` says whose */
    CAT_WORD_GIVEN = 1u << 19, /* "Will", "Grace": a given name and a common word */
    CAT_FAMILY_FIRST = 1u << 20, /* "Xi", "Kim": a family name written first */
};

/* Categories that are stripped from the front of a candidate. */
#define CAT_LEADING (CAT_STOP | CAT_NATIONALITY | CAT_PLACE | CAT_CALENDAR)

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

/* ---- the model ------------------------------------------------------ */

/* The normalised form of a canonical name of the entity file, then its
 * surname keys, NUL-separated: what a candidate needs, computed once. */
typedef struct canon_keys {
    char *data;
    size_t len;
    size_t n_keys;
} canon_keys;

struct ns_people_model {
    table words;          /* words and phrases -> categories */
    ns_strlist canon;     /* canonical names given by the entity file */
    canon_keys *keys;     /* keys[i]: of canon.items[i] */
    size_t keys_cap;
    table canon_index;    /* canonical name, as written -> its index in canon */
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
    SHAPE_GIVEN_FIRST = 1u << 7, /* its first hyphenated part is a given name */
    SHAPE_SURNAME = 1u << 8     /* a surname's prefix and a capital: "McIlroy",
                                 * "DeChambeau", "MacKenzie", "FitzGerald" */
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
    size_t keys;                /* surname keys, NUL-separated (ROYAL: the given name) */
    size_t n_keys;
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

/* Reading one article (or one text): its words, the candidates and
 * people found so far, and the strings they point into.  Reused across
 * the articles of a file. */
typedef struct scan {
    const ns_people_model *model;
    const char *text;           /* the whole text (words are read a segment at a time) */
    size_t len;
    size_t base;                /* where the segment being read starts */
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

static inline const char *arena_str(const scan *s, const word *w)
{
    return s->arena.data + w->key;
}

static inline const char *str_at(const scan *s, size_t offset)
{
    return s->strings.data + offset;
}

static inline size_t strings_add(scan *s, const char *str, size_t len)
{
    size_t at = s->strings.len;
    ns_buf_append(&s->strings, str, len);
    ns_buf_putc(&s->strings, '\0');
    return at;
}

/* ---- people_model.c ---- */

const entry *people_table_find(const table *t, const char *key, size_t len);
/* The entry for key, added (with no categories) when missing. */
entry *people_table_upsert(table *t, const char *key, size_t len);
void people_table_free(table *t);
/* Give key to person `who`; a key given to two people becomes
 * CANON_AMBIGUOUS.  True when the key was new. */
bool people_index_put(keyindex *ix, const char *key, size_t len, int who);
/* The person of key, -1 when none, CANON_AMBIGUOUS when several. */
int people_index_get(const keyindex *ix, const char *key, size_t len);
/* Empty the index, keeping its storage. */
void people_index_clear(keyindex *ix);
void people_index_free(keyindex *ix);
/* The categories of a normalised word or phrase (0 when unlisted). */
unsigned people_lookup(const ns_people_model *model, const char *key, size_t len);
/* The entity file's person for a surname key (an index into
 * model->canon), or -1. */
int people_user_person(const ns_people_model *m, const char *key);

/* ---- people_scan.c ---- */

void people_scan_init(scan *s, const ns_people_model *model);
/* Forget the article: candidates, people, strings (storage is kept). */
void people_scan_reset(scan *s);
void people_scan_free(scan *s);
/* Read the words of a text into s->words (the text is borrowed until the
 * next call). */
void people_read_words(scan *s, const char *text, size_t len);
/* The normalised words [from, to) joined by spaces, in s->tmp. */
void people_key_of(scan *s, size_t from, size_t to);
/* Append the surname keys of the name of words [from, to) to s->strings,
 * NUL-separated; their offset, and their number in *n_keys. */
size_t people_add_surname_keys(scan *s, size_t from, size_t to, size_t *n_keys);
/* Append the normalised form of a written name, then its surname keys, to
 * s->strings; the offset of the normalised form. */
size_t people_add_name_keys(scan *s, const char *name, size_t *n_keys);
/* Find the candidates of one text and append them to s->cands, in text
 * order. */
void people_scan_text(scan *s, const char *text, size_t len);

#endif
