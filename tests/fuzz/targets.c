/* The fuzz targets (see targets.h). */
#define _XOPEN_SOURCE 700
#include "targets.h"

#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "extract/credit.h"
#include "extract/dates.h"
#include "extract/people.h"
#include "index/document.h"
#include "index/indexer.h"
#include "index/layout.h"
#include "index/record.h"
#include "ingest/reader.h"
#include "output/json.h"
#include "output/printer.h"
#include "query/parse.h"
#include "query/search.h"
#include "text/normalize.h"
#include "text/tokenize.h"
#include "util/buf.h"
#include "util/mem.h"

/* A promise of the code under test, broken: abort, so that the fuzzer
 * keeps the input. */
#define FUZZ_CHECK(cond)                                                                   \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #cond);  \
            abort();                                                                       \
        }                                                                                  \
    } while (0)

/* 2025-08-09T10:00:00Z */
#define REFERENCE INT64_C(1754733600)

/* The input as a C string: what a command-line argument can hold, so it
 * ends at the first NUL. */
static char *as_string(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    return ns_xstrndup((const char *)data, nul ? (size_t)(nul - data) : size);
}

/* The input in a buffer of exactly its size (no NUL after it), so that
 * AddressSanitizer sees a read past the end. */
static char *exact_copy(const uint8_t *data, size_t size)
{
    char *copy = ns_xmalloc(size);
    if (size)
        memcpy(copy, data, size);
    return copy;
}

static bool valid_utf8(const char *s)
{
    size_t bad = 0;
    free(ns_utf8_sanitize(s, strlen(s), &bad));
    return bad == 0;
}

static void check_article(const ns_article *a)
{
    const char *fields[] = { a->id, a->url, a->title, a->body, a->outlet };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        FUZZ_CHECK(!fields[i] || valid_utf8(fields[i]));
    const ns_strlist *lists[] = { &a->credits, &a->people, &a->bylines };
    for (size_t l = 0; l < 3; l++)
        for (size_t i = 0; i < lists[l]->len; i++)
            FUZZ_CHECK(valid_utf8(lists[l]->items[i]));
}

/* ---- shared state, set up once ---- */

static ns_people_model *people_model;
static ns_record_packer *packer;
static char *index_dir;
static ns_xdb *index_db;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    return remove(path);
}

static void tidy_up(void)
{
    ns_xdb_close(index_db);
    index_db = NULL;
    if (index_dir)
        nftw(index_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(index_dir);
    index_dir = NULL;
    ns_record_packer_free(packer);
    packer = NULL;
    ns_people_model_free(people_model);
    people_model = NULL;
}

/* The corpora indexed into a scratch index, for the query target. */
static int build_index(const char *top_srcdir)
{
    char template[] = "/tmp/newssearch-fuzz-XXXXXX";
    if (!mkdtemp(template)) {
        perror("newssearch fuzz: mkdtemp");
        return -1;
    }
    index_dir = ns_xstrdup(template);
    char *db = ns_xasprintf("%s/db", index_dir);
    char *corpora = ns_xasprintf("%s/corpora", top_srcdir);
    ns_index_options opt = { .db_path = db, .has_crawled_at = true, .crawled_at = REFERENCE };
    ns_index_counts counts;
    ns_error err;
    char *paths[] = { corpora };
    ns_status st = ns_index_paths(&opt, paths, 1, &counts, &err);
    if (st == NS_OK)
        st = ns_index_open_read(db, &index_db, &err);
    free(corpora);
    free(db);
    if (st != NS_OK) {
        fprintf(stderr, "newssearch fuzz: cannot index the corpora: %s\n", err.message);
        return -1;
    }
    return 0;
}

int ns_fuzz_setup(const ns_fuzz_target *target, const char *top_srcdir)
{
    static bool registered;
    if (!registered) {
        atexit(tidy_up);
        registered = true;
    }
    ns_error err;
    if (!people_model && ns_people_model_load(NULL, &people_model, &err) != NS_OK) {
        fprintf(stderr, "newssearch fuzz: %s\n", err.message);
        return -1;
    }
    if (!packer)
        packer = ns_record_packer_new();
    if (target->reader && !ns_reader_by_name(target->reader)) {
        fprintf(stderr, "newssearch fuzz: no reader called \"%s\"\n", target->reader);
        return -1;
    }
    if (strcmp(target->name, "query") == 0 && !index_db) {
        if (!top_srcdir) {
            fputs("newssearch fuzz: the query target needs $top_srcdir (for corpora/)\n", stderr);
            return -1;
        }
        return build_index(top_srcdir);
    }
    return 0;
}

/* ---- format readers ---- */

/* One reader on its own: its sniffing on the raw head of the file, then
 * reading the text as ns_read_file() hands it over (valid UTF-8). */
static void run_reader(const ns_fuzz_target *t, const uint8_t *data, size_t size)
{
    const ns_reader *reader = ns_reader_by_name(t->reader);
    FUZZ_CHECK(reader != NULL);
    char *head = exact_copy(data, size < NS_SNIFF_BYTES ? size : NS_SNIFF_BYTES);
    ns_sniff sniff = reader->sniff(t->path, head, size < NS_SNIFF_BYTES ? size : NS_SNIFF_BYTES);
    FUZZ_CHECK(sniff == NS_SNIFF_NO || sniff == NS_SNIFF_BY_NAME || sniff == NS_SNIFF_BY_CONTENT);
    free(head);

    /* Text readers get valid UTF-8; the others the bytes as they are
     * (reader.h), here in a buffer of exactly their size. */
    bool raw = reader->flags & (NS_READER_OWN_ENCODING | NS_READER_BINARY);
    size_t len = size;
    char *text = raw ? exact_copy(data, size) : ns_utf8_sanitize((const char *)data, size, NULL);
    if (!raw)
        len = strlen(text);
    ns_read_context ctx = {
        .path = t->path,
        .identity = t->path,
        .reference_time = REFERENCE,
        .reference_source = NS_DATE_CRAWL,
    };
    ns_article_list articles = { 0 };
    ns_error err;
    ns_error_clear(&err);
    ns_status st = reader->read(&ctx, text, len, &articles, &err);
    FUZZ_CHECK(st == NS_OK || st == NS_ERR_INPUT);
    FUZZ_CHECK(st != NS_OK || articles.len > 0);
    FUZZ_CHECK(st == NS_OK || strncmp(err.message, t->path, strlen(t->path)) == 0);
    /* A raw reader's strings are made UTF-8 by ns_read_file(), after it. */
    for (size_t i = 0; !raw && i < articles.len; i++)
        check_article(&articles.items[i]);
    ns_article_list_clear(&articles);
    free(text);
}

/* The whole way from a file's bytes to index documents: choosing the
 * reader, UTF-16, binary and empty files, completing the articles, people,
 * the stored record and the document. */
static void run_read_file(const ns_fuzz_target *t, const uint8_t *data, size_t size)
{
    /* The first byte picks the file name, so that every reader is tried. */
    static const char *const names[] = { "in.txt", "in.json", "in.jsonl", "in", "in.html",
                                         "in.xml", "in.warc", "in.TXT", "in.warc.gz", "in.rss",
                                         "in.atom", "in.htm" };
    if (size == 0)
        return;
    const char *path = names[data[0] % (sizeof names / sizeof names[0])];
    char *bytes = exact_copy(data + 1, size - 1);
    ns_read_context ctx = {
        .path = path,
        .identity = path,
        .reference_time = REFERENCE,
        .reference_source = NS_DATE_FILE_TIME,
    };
    ns_article_list articles = { 0 };
    const char *format = NULL;
    ns_error err;
    ns_error_clear(&err);
    ns_status st = ns_read_file(&ctx, bytes, size - 1, &articles, &format, &err);
    FUZZ_CHECK(st == NS_OK || st == NS_ERR_INPUT || st == NS_ERR_UNSUPPORTED);
    FUZZ_CHECK(st != NS_OK || (articles.len > 0 && format != NULL));
    if (st == NS_OK)
        ns_people_extract_file(people_model, &articles);
    for (size_t i = 0; i < articles.len; i++) {
        const ns_article *a = &articles.items[i];
        check_article(a);
        FUZZ_CHECK(a->id && *a->id && a->title && a->body && a->source);
        FUZZ_CHECK(a->date_source != NS_DATE_NONE);
        FUZZ_CHECK(a->date >= NS_TIME_MIN && a->date <= NS_TIME_MAX);
        /* The record as stored (packed) and read back. */
        ns_buf record = NS_BUF_INIT;
        ns_record_encode(a, &record);
        ns_buf packed = NS_BUF_INIT;
        ns_record_pack(packer, record.data, record.len, &packed);
        ns_article back;
        FUZZ_CHECK(ns_record_unpack(packed.data, packed.len, &back, &err) == NS_OK);
        FUZZ_CHECK(strcmp(back.id, a->id) == 0 && strcmp(back.title, a->title) == 0 &&
                   strcmp(back.body, a->body) == 0 && back.date == a->date);
        ns_article_clear(&back);
        ns_document_meta meta = { .file_key = "0123456789abcdef", .packed_record = packed.data,
                                  .packed_len = packed.len, .content_hash = "hash",
                                  .story = "0123456789abcdef" };
        ns_xdoc_free(ns_document_build(a, &meta));
        ns_buf_free(&packed);
        ns_buf_free(&record);
    }
    ns_article_list_clear(&articles);
    free(bytes);
}

/* ---- text ---- */

typedef struct token_check {
    size_t len;
    size_t last_end;
} token_check;

static int check_token(void *ctx, const ns_token *token)
{
    token_check *c = ctx;
    FUZZ_CHECK(token->len > 0 && token->len <= NS_TOKEN_MAX_BYTES);
    FUZZ_CHECK(strlen(token->text) == token->len);
    FUZZ_CHECK(token->start >= c->last_end && token->start < token->end && token->end <= c->len);
    FUZZ_CHECK(valid_utf8(token->text));
    c->last_end = token->end;
    return 0;
}

/* The tokeniser and normaliser, on raw bytes (what they promise for
 * invalid UTF-8 too) and on sanitised text. */
static void run_text(const ns_fuzz_target *t, const uint8_t *data, size_t size)
{
    size_t bad = 0, bad_again = 1;
    char *text = ns_utf8_sanitize((const char *)data, size, &bad);
    size_t len = strlen(text);
    char *again = ns_utf8_sanitize(text, len, &bad_again);
    FUZZ_CHECK(bad_again == 0 && strcmp(again, text) == 0);
    free(again);

    char *raw = exact_copy(data, size);
    token_check raw_check = { size, 0 };
    ns_tokenize(raw, size, check_token, &raw_check);
    free(raw);

    token_check c = { len, 0 };
    ns_tokenize(text, len, check_token, &c);
    char *normal = ns_normalize_text(text, len);
    FUZZ_CHECK(valid_utf8(normal));
    free(normal);
    char *slug = ns_slug(text);
    FUZZ_CHECK(valid_utf8(slug) && !strchr(slug, ' '));
    free(slug);
    free(text);
}

/* ---- extraction ---- */

static void run_people(const ns_fuzz_target *t, const uint8_t *data, size_t size)
{
    char *text = ns_utf8_sanitize((const char *)data, size, NULL);
    size_t len = strlen(text);
    ns_people people = { 0 };
    ns_people_find(people_model, text, len, &people);
    for (size_t i = 0; i < people.n_mentions; i++) {
        const ns_mention *m = &people.mentions[i];
        FUZZ_CHECK(m->start < m->end && m->end <= len && m->person < people.names.len);
    }
    for (size_t i = 0; i < people.names.len; i++)
        FUZZ_CHECK(*people.names.items[i] && valid_utf8(people.names.items[i]));
    ns_people_clear(&people);

    /* The same text as the articles of one file: a blank line ends one,
     * the first line of each is its title. */
    ns_article_list articles = { 0 };
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *stop = strstr(p, "\n\n");
        const char *e = stop ? stop : end;
        const char *eol = memchr(p, '\n', (size_t)(e - p));
        ns_article *a = ns_article_list_add(&articles);
        a->title = ns_xstrndup(p, (size_t)((eol ? eol : e) - p));
        a->body = eol ? ns_xstrndup(eol + 1, (size_t)(e - eol - 1)) : ns_xstrdup("");
        p = stop ? stop + 2 : end;
    }
    ns_people_extract_file(people_model, &articles);
    for (size_t i = 0; i < articles.len; i++)
        check_article(&articles.items[i]);
    ns_article_list_clear(&articles);
    free(text);
}

static void run_dates(const ns_fuzz_target *t, const uint8_t *data, size_t size)
{
    char *s = as_string(data, size);
    int64_t when;
    if (ns_parse_iso8601(s, &when)) {
        /* What parses is in range and prints as itself. */
        char printed[21];
        ns_format_iso8601(when, printed);
        int64_t back;
        FUZZ_CHECK(ns_parse_iso8601(printed, &back) && back == when);
    }
    if (ns_parse_relative_time(s, REFERENCE, &when))
        FUZZ_CHECK(when >= NS_TIME_MIN && when <= NS_TIME_MAX);
    free(s);

    char *bytes = exact_copy(data, size);
    int64_t first, last;
    ns_error err;
    if (ns_parse_calendar_span(bytes, size, &first, &last, &err) == NS_OK)
        FUZZ_CHECK(first <= last);
    free(bytes);
}

static void run_credit(const ns_fuzz_target *t, const uint8_t *data, size_t size)
{
    char *text = ns_utf8_sanitize((const char *)data, size, NULL);
    size_t len = strlen(text);
    ns_strlist credits = { 0 };
    ns_credit_parse_line(text, len, &credits);
    FUZZ_CHECK(ns_credit_strip_trailing(text, len, &credits) <= len);
    ns_credit_agency(text, len);
    for (size_t i = 0; i < credits.len; i++)
        FUZZ_CHECK(valid_utf8(credits.items[i]));
    ns_strlist_clear(&credits);
    free(text);
}

/* ---- queries ---- */

/* A query as a user can type it (a command-line argument: no NUL), parsed,
 * searched over the corpora with every facet, and printed both ways.  The
 * only failure allowed is a query error. */
static void run_query(const ns_fuzz_target *t, const uint8_t *data, size_t size)
{
    char *text = as_string(data, size);
    ns_query query;
    ns_error err;
    ns_status st = ns_query_parse(text, &query, &err);
    FUZZ_CHECK(st == NS_OK || st == NS_ERR_QUERY);
    if (st == NS_OK) {
        free(ns_query_describe(query.root));
        ns_query_clear(&query);
    }

    static const ns_facet_kind facets[] = { NS_FACET_OUTLET, NS_FACET_PERSON, NS_FACET_CREDIT,
                                            NS_FACET_YEAR, NS_FACET_MONTH, NS_FACET_DAY };
    ns_search_request req = {
        .query = text,
        .limit = 20,
        .sort = size % 3 == 0 ? NS_SORT_NEWEST : NS_SORT_RELEVANCE,
        .facets = facets,
        .n_facets = sizeof facets / sizeof facets[0],
    };
    ns_search_result *result = NULL;
    st = ns_search(index_db, &req, &result, &err);
    if (st != NS_OK && st != NS_ERR_QUERY)
        fprintf(stderr, "fuzz query: %s\n", err.message);
    FUZZ_CHECK(st == NS_OK || st == NS_ERR_QUERY);
    if (st == NS_OK) {
        FUZZ_CHECK(result->n_hits <= result->total);
        json_t *doc = ns_json_search(text, &req, result);
        char *dumped = json_dumps(doc, JSON_COMPACT);
        free(dumped);
        json_decref(doc);
        FILE *sink = fopen("/dev/null", "w");
        FUZZ_CHECK(sink != NULL);
        ns_print_options print = { .out = sink, .color = true };
        ns_printer_text.search(&print, text, &req, result);
        fclose(sink);
    }
    ns_search_result_free(result);
    free(text);
}

/* ---- the table ---- */

/* A format reader: its name, the file name it is given, its seeds. */
#define READER_TARGET(reader_name, file_name, seed_dirs)                                    \
    { "reader-" reader_name, run_reader, seed_dirs, "tests/fuzz/dict/reader.dict",           \
      reader_name, file_name }

const ns_fuzz_target ns_fuzz_targets[] = {
    READER_TARGET("page", "in.txt", "corpora/seed"),
    READER_TARGET("plain", "in.txt", "corpora/plain"),
    READER_TARGET("json", "in.json", "corpora/json"),
    READER_TARGET("html", "in.html", "corpora/html"),
    READER_TARGET("feed", "in.xml", "corpora/feeds"),
    READER_TARGET("warc", "in.warc", "corpora/warc"),
    { "read-file", run_read_file, "corpora/seed corpora/plain corpora/json corpora/html "
      "corpora/feeds corpora/warc", "tests/fuzz/dict/reader.dict", NULL, NULL },
    { "text", run_text, "corpora/plain corpora/seed", NULL, NULL, NULL },
    { "people", run_people, "corpora/seed corpora/plain tests/people/dev", NULL, NULL, NULL },
    { "dates", run_dates, "tests/fuzz/seeds/dates.lines", "tests/fuzz/dict/dates.dict", NULL,
      NULL },
    { "credit", run_credit, "tests/fuzz/seeds/credit.lines", NULL, NULL, NULL },
    { "query", run_query, "tests/fuzz/seeds/queries.lines", "tests/fuzz/dict/query.dict", NULL,
      NULL },
};
const size_t ns_fuzz_n_targets = sizeof ns_fuzz_targets / sizeof ns_fuzz_targets[0];

const ns_fuzz_target *ns_fuzz_target_by_name(const char *name)
{
    for (size_t i = 0; name && i < ns_fuzz_n_targets; i++)
        if (strcmp(ns_fuzz_targets[i].name, name) == 0)
            return &ns_fuzz_targets[i];
    return NULL;
}
