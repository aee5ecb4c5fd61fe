/* People: the words, runs and candidates of one text (the rules are
 * described in people.c). */
#include <stdlib.h>
#include <string.h>

#include "extract/people_internal.h"
#include "text/normalize.h"
#include "text/tokenize.h"
#include "util/mem.h"

/* ---- words of a text ------------------------------------------------ */

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

/* "McIlroy", "MacKenzie", "DeChambeau", "LaGuardia", "VanDyke",
 * "FitzGerald": a surname prefix, then a capital, then lower case. */
static bool has_surname_prefix(const char *w, size_t len)
{
    static const char *const prefixes[] = { "Mc", "Mac", "De", "Di", "Da", "Du", "La", "Le",
                                            "Van", "Von", "Fitz" };
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        size_t n = strlen(prefixes[i]);
        if (len >= n + 2 && memcmp(w, prefixes[i], n) == 0 && w[n] >= 'A' && w[n] <= 'Z' &&
            w[n + 1] >= 'a' && w[n + 1] <= 'z')
            return true;
    }
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
    if (first_upper && has_surname_prefix(s->text + start, end - start))
        shape |= SHAPE_SURNAME;
    if (letters == 1 && first_upper)
        shape |= SHAPE_INITIAL;
    if (letters >= 2 && upper == letters)
        shape |= SHAPE_ALLCAPS;
    return shape;
}

static int collect_word(void *ctx, const ns_token *relative)
{
    scan *s = ctx;
    /* Offsets into the whole text, not the segment being read. */
    ns_token absolute = *relative;
    absolute.start += s->base;
    absolute.end += s->base;
    const ns_token *token = &absolute;
    const char *t = s->text;
    word *prev = s->n_words ? &s->words[s->n_words - 1] : NULL;
    if ((token->flags & NS_TOKEN_HYPHENATED) && prev && !(prev->shape & SHAPE_POSSESSIVE) &&
        prev->raw_end + 1 >= token->start && token->start - prev->raw_end <= 3) {
        /* A later part of a hyphenated word: join it to the word. */
        const char *first = arena_str(s, prev);
        size_t first_len = prev->key_len;
        bool first_is_particle = !(prev->shape & SHAPE_HYPHENATED) && !(prev->shape & SHAPE_CAP) &&
                                 is_hyphen_particle(first, first_len);
        unsigned part_cats = people_lookup(s->model, token->text, token->len);
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
        prev->cats = people_lookup(s->model, arena_str(s, prev), prev->key_len) &
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
    w->cats = people_lookup(s->model, token->text, token->len);
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

/* Read the words of text[from, to) (offsets stay those of the whole
 * text). */
static void read_segment(scan *s, const char *text, size_t len, size_t from, size_t to)
{
    s->text = text;
    s->len = len;
    s->base = from;
    s->n_words = 0;
    ns_buf_reset(&s->arena);
    ns_tokenize(text + from, to - from, collect_word, s);
    mark_headings(s);
}

void people_read_words(scan *s, const char *text, size_t len)
{
    read_segment(s, text, len, 0, len);
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
void people_key_of(scan *s, size_t from, size_t to)
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
    people_key_of(s, from, to);
    return people_lookup(s->model, s->tmp.data, s->tmp.len);
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
 * "da Silva", "Silva"), for a last word like "al-Hassan" also "Hassan",
 * and for a family name written first the first word ("Xi" of "Xi
 * Jinping").  Appended NUL-separated to the strings arena. */
size_t people_add_surname_keys(scan *s, size_t from, size_t to, size_t *n_keys)
{
    while (to - from > 1 && (s->words[to - 1].cats & CAT_SUFFIX))
        to--;
    size_t at = s->strings.len;
    size_t n = 0;
    for (size_t i = from + 1; i < to; i++) {
        const word *w = &s->words[i];
        if (!(w->shape & SHAPE_CAP) && !(w->shape & SHAPE_PARTICLED) && i == to - 1)
            continue;
        people_key_of(s, i, to);
        ns_buf_append(&s->strings, s->tmp.data, s->tmp.len + 1);
        n++;
    }
    const word *head = &s->words[from];
    if (to - from >= 2 && to - from <= 3 && (head->cats & CAT_FAMILY_FIRST)) {
        strings_add(s, arena_str(s, head), head->key_len);
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


/* Append the normalised form of a name written out ("Volodymyr
 * Zelenskyy") and then its surname keys to s->strings, read the way a text
 * is; the offset of the normalised form. */
size_t people_add_name_keys(scan *s, const char *name, size_t *n_keys)
{
    scan sub;
    people_scan_init(&sub, s->model);
    people_read_words(&sub, name, strlen(name));
    people_key_of(&sub, 0, sub.n_words);
    size_t key = strings_add(s, sub.tmp.data, sub.tmp.len);
    size_t n = 0;
    if (sub.n_words >= 2) {
        size_t at = people_add_surname_keys(&sub, 0, sub.n_words, &n);
        ns_buf_append(&s->strings, sub.strings.data + at, sub.strings.len - at);
    }
    *n_keys = n;
    people_scan_free(&sub);
    return key;
}

/* What the entity file says about the name in s->tmp: true when it has
 * taken care of it (blocked it, or emitted its canonical name for the
 * span [start, end)). */
static bool emit_user(scan *s, size_t start, size_t end)
{
    const ns_people_model *m = s->model;
    const entry *e = people_table_find(&m->words, s->tmp.data, s->tmp.len);
    if (!e || !(e->cats & (CAT_USER_BLOCK | CAT_USER_NAME)))
        return false;
    if (e->cats & CAT_USER_BLOCK)
        return true;
    /* The canonical name, and the keys of that name. */
    const char *canon = m->canon.items[e->canon];
    const canon_keys *ck = &m->keys[e->canon];
    cand c = { .kind = CAND_FULL, .start = start, .end = end };
    c.name = strings_add(s, canon, strlen(canon));
    c.key = s->strings.len;
    ns_buf_append(&s->strings, ck->data, ck->len);
    c.keys = c.key + strlen(ck->data) + 1;
    c.n_keys = ck->n_keys;
    add_cand(s, c);
    return true;
}

static void emit_full(scan *s, size_t from, size_t to, size_t span_start, size_t span_end)
{
    cand c = { .kind = CAND_FULL, .start = span_start, .end = span_end };
    people_key_of(s, from, to);
    if (emit_user(s, span_start, span_end))
        return;
    c.name = add_surface(s, from, to);   /* leaves s->tmp, the key, alone */
    c.key = strings_add(s, s->tmp.data, s->tmp.len);
    c.keys = people_add_surname_keys(s, from, to, &c.n_keys);
    add_cand(s, c);
}

static void emit_surname(scan *s, size_t from, size_t to)
{
    cand c = { .kind = CAND_SURNAME, .start = s->words[from].start,
               .end = s->words[to - 1].end };
    people_key_of(s, from, to);
    const entry *e = people_table_find(&s->model->words, s->tmp.data, s->tmp.len);
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

/* "Guy Sebastian, Delta Goodrem and Paul Kelly": the run at `at` is the
 * next item of a list whose item before it is a full name just found. */
static bool listed_after_name(const scan *s, size_t at)
{
    if (at == 0 || s->n_cands == 0)
        return false;
    const cand *last = &s->cands[s->n_cands - 1];
    if (last->kind != CAND_FULL)
        return false;
    const word *w = &s->words[at];
    if (w->before == GAP_COMMA)
        return last->end == s->words[at - 1].end;
    const word *conj = &s->words[at - 1];
    bool and_or = !(conj->shape & SHAPE_CAP) &&
                  ((conj->key_len == 3 && memcmp(arena_str(s, conj), "and", 3) == 0) ||
                   (conj->key_len == 2 && memcmp(arena_str(s, conj), "or", 2) == 0));
    return at >= 2 && w->before == GAP_SPACE && and_or &&
           (conj->before == GAP_SPACE || conj->before == GAP_COMMA) &&
           last->end == s->words[at - 2].end;
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
    people_key_of(s, title, to);
    if (emit_user(s, c.start, c.end))
        return;
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
    people_key_of(s, title, to);
    c.key = strings_add(s, s->tmp.data, s->tmp.len);
    /* The one key: the given name, to find the person named in full. */
    c.keys = strings_add(s, arena_str(s, &s->words[from]), s->words[from].key_len);
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
    /* "Barefoot Ramadan Gaber", "Former All Black Dan Carter": a
     * capitalised word opening a sentence, or left after a title, before a
     * given name is not part of the name. */
    if (b - c >= 3 && (sentence_initial(&W[c]) || c > a) && !(W[c].cats & CAT_GIVEN) &&
        !looks_like_initials(&W[c]) && (W[c + 1].cats & CAT_GIVEN))
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

    /* "Will Ukraine join NATO?": at the start of a sentence a given name
     * that is also a common word vouches for nothing. */
    bool given = ((first->cats & CAT_GIVEN) &&
                  !((first->cats & CAT_WORD_GIVEN) && sentence_initial(first))) ||
                 looks_like_initials(first);
    bool cue = role_before(s, c) || speech_next_to(s, c, b) || credit_before(s, c) ||
               apposition_after(s, b) || (c == a && listed_after_name(s, a)) ||
               (W[b - 1].shape & SHAPE_SURNAME);
    people_key_of(s, c, b);
    const entry *user = people_table_find(&s->model->words, s->tmp.data, s->tmp.len);
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
        cc.keys = strings_add(s, arena_str(s, &W[b - 1]), W[b - 1].key_len);
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
    /* The name without its nickname, for the entity file. */
    people_key_of(s, k, e);
    char *surname = ns_xstrndup(s->tmp.data, s->tmp.len);   /* a rare path */
    ns_buf_reset(&s->tmp);
    ns_buf_append(&s->tmp, arena_str(s, &W[i]), W[i].key_len);
    ns_buf_putc(&s->tmp, ' ');
    ns_buf_puts(&s->tmp, surname);
    free(surname);
    if (emit_user(s, c.start, c.end))
        return e;
    c.name = s->strings.len;
    ns_buf_append(&s->strings, s->text + W[i].start, W[i].end - W[i].start);
    ns_buf_putc(&s->strings, ' ');
    ns_buf_append(&s->strings, s->text + W[k].start, W[e - 1].end - W[k].start);
    ns_buf_putc(&s->strings, '\0');
    c.key = strings_add(s, s->tmp.data, s->tmp.len);
    c.keys = s->strings.len;
    for (size_t j = k; j < e; j++) {
        people_key_of(s, j, e);
        strings_add(s, s->tmp.data, s->tmp.len);
        c.n_keys++;
    }
    add_cand(s, c);
    return e;
}

/* Where the segment that starts at `from` ends: after its line, or for a
 * line longer than SEGMENT_MAX after its last sentence (or space) that
 * fits.  Names never cross a line break, and seldom a sentence end. */
#define SEGMENT_MAX (64 * 1024)

static size_t segment_end(const char *text, size_t len, size_t from)
{
    size_t limit = len - from > SEGMENT_MAX ? from + SEGMENT_MAX : len;
    const char *nl = memchr(text + from, '\n', limit - from);
    if (nl)
        return (size_t)(nl - text) + 1;
    if (limit == len)
        return len;
    size_t half = from + SEGMENT_MAX / 2;
    for (size_t i = limit; i > half; i--)
        if (text[i - 1] == ' ' && (text[i - 2] == '.' || text[i - 2] == '!' || text[i - 2] == '?'))
            return i;
    for (size_t i = limit; i > half; i--)
        if (text[i - 1] == ' ')
            return i;
    /* No space at all: cut anywhere but inside a UTF-8 sequence. */
    size_t cut = limit;
    while (cut > half && ((unsigned char)text[cut] & 0xC0) == 0x80)
        cut--;
    return cut;
}

static void scan_segment(scan *s);

void people_scan_text(scan *s, const char *text, size_t len)
{
    size_t first_cand = s->n_cands;
    /* A line at a time, so that scratch memory is bounded by the longest
     * segment rather than the text. */
    for (size_t at = 0; at < len;) {
        size_t end = segment_end(text, len, at);
        read_segment(s, text, len, at, end);
        scan_segment(s);
        at = end;
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

/* Find the candidates among the words just read. */
static void scan_segment(scan *s)
{
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
}

/* ---- a scan's life ---------------------------------------------------- */

void people_scan_init(scan *s, const ns_people_model *model)
{
    memset(s, 0, sizeof *s);
    s->model = model;
    ns_buf_append(&s->strings, "", 0);
}

void people_scan_reset(scan *s)
{
    s->n_cands = 0;
    s->n_people = 0;
    people_index_clear(&s->by_name);
    people_index_clear(&s->by_surname);
    people_index_clear(&s->by_given);
    ns_buf_reset(&s->strings);
    ns_buf_append(&s->strings, "", 1);
}

void people_scan_free(scan *s)
{
    free(s->words);
    free(s->cands);
    free(s->people);
    people_index_free(&s->by_name);
    people_index_free(&s->by_surname);
    people_index_free(&s->by_given);
    ns_buf_free(&s->arena);
    ns_buf_free(&s->strings);
    ns_buf_free(&s->tmp);
}
