/* The Xapian layer: every failure comes back as a status and a message,
 * classified (missing, locked, damaged, query), never as an exception. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "util/mem.h"
#include "xapian/xdb.h"

static char *scratch_dir(void)
{
    char template[] = "/tmp/ns-test-xdb-XXXXXX";
    if (!mkdtemp(template))
        fail_msg("mkdtemp failed");
    return ns_xstrdup(template);
}

static void remove_tree(const char *dir)
{
    char *cmd = ns_xasprintf("rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fail_msg("could not remove %s", dir);
    free(cmd);
}

static void test_missing_database(void **state)
{
    ns_xdb *db = NULL;
    ns_error err;
    assert_int_equal(ns_xdb_open("/nonexistent/newssearch/db", NS_XDB_READ, 0, &db, &err),
                     NS_ERR_DB_MISSING);
    assert_null(db);
    assert_non_null(strstr(err.message, "/nonexistent/newssearch/db"));
}

static void test_second_writer_is_locked_out(void **state)
{
    char *dir = scratch_dir();
    char *path = ns_xasprintf("%s/db", dir);
    ns_xdb *first = NULL, *second = NULL;
    ns_error err;
    assert_int_equal(ns_xdb_open(path, NS_XDB_WRITE, 0, &first, &err), NS_OK);
    assert_int_equal(ns_xdb_open(path, NS_XDB_WRITE, 0, &second, &err), NS_ERR_DB_LOCKED);
    assert_null(second);
    assert_non_null(strstr(err.message, "locked"));
    ns_xdb_close(first);
    /* Once the first has gone, a writer may open it. */
    assert_int_equal(ns_xdb_open(path, NS_XDB_WRITE, 0, &second, &err), NS_OK);
    ns_xdb_close(second);
    remove_tree(dir);
    free(path);
    free(dir);
}

static void test_damaged_database(void **state)
{
    char *dir = scratch_dir();
    char *path = ns_xasprintf("%s/db", dir);
    ns_xdb *db = NULL;
    ns_error err;
    assert_int_equal(ns_xdb_open(path, NS_XDB_WRITE, 0, &db, &err), NS_OK);
    ns_xdoc *doc = ns_xdoc_new();
    ns_xdoc_add_posting(doc, "word", 4, 1, 1);
    ns_xdoc_set_data(doc, "{}", 2);
    assert_int_equal(ns_xdb_replace(db, "Qone", doc, NULL, NULL, &err), NS_OK);
    ns_xdoc_free(doc);
    assert_int_equal(ns_xdb_commit(db, &err), NS_OK);
    ns_xdb_close(db);
    /* Overwrite the version file with garbage. */
    char *version = ns_xasprintf("%s/iamglass", path);
    FILE *f = fopen(version, "w");
    assert_non_null(f);
    fputs("this is not a glass database", f);
    fclose(f);
    db = NULL;
    ns_status st = ns_xdb_open(path, NS_XDB_READ, 0, &db, &err);
    assert_true(st == NS_ERR_DB_CORRUPT || st == NS_ERR_DB_VERSION);
    assert_null(db);
    assert_non_null(strstr(err.message, path));
    remove_tree(dir);
    free(version);
    free(path);
    free(dir);
}

static void test_write_find_and_search(void **state)
{
    char *dir = scratch_dir();
    char *path = ns_xasprintf("%s/db", dir);
    ns_xdb *db = NULL;
    ns_error err;
    assert_int_equal(ns_xdb_open(path, NS_XDB_WRITE, 0, &db, &err), NS_OK);
    for (int i = 0; i < 3; i++) {
        ns_xdoc *doc = ns_xdoc_new();
        ns_xdoc_add_posting(doc, "ceasefire", 9, 1, 1);
        ns_xdoc_add_boolean_term(doc, i == 2 ? "XOb" : "XOa", 3);
        ns_xdoc_set_value(doc, 2, i == 2 ? "B" : "A", 1);
        char data[8], id[8];
        snprintf(data, sizeof data, "d%d", i);
        snprintf(id, sizeof id, "Q%d", i);
        ns_xdoc_set_data(doc, data, strlen(data));
        bool replaced = true;
        assert_int_equal(ns_xdb_replace(db, id, doc, &replaced, NULL, &err), NS_OK);
        assert_false(replaced);
        ns_xdoc_free(doc);
    }
    assert_int_equal(ns_xdb_set_metadata(db, "k", "v", &err), NS_OK);
    assert_int_equal(ns_xdb_commit(db, &err), NS_OK);
    ns_docid docid = 0;
    assert_int_equal(ns_xdb_find(db, "Q1", &docid, &err), NS_OK);
    assert_int_equal(docid, 2);
    assert_int_equal(ns_xdb_find(db, "Qnone", &docid, &err), NS_OK);
    assert_int_equal(docid, 0);
    char *value = NULL;
    assert_int_equal(ns_xdb_get_metadata(db, "k", &value, &err), NS_OK);
    assert_string_equal(value, "v");
    free(value);

    unsigned slots[] = { 2 };
    ns_xquery *q = ns_xquery_term("ceasefire", 9, 1);
    ns_xsearch_spec spec = { .query = q, .limit = 2, .facet_slots = slots, .n_facet_slots = 1 };
    ns_xresult *r = NULL;
    assert_int_equal(ns_xdb_search(db, &spec, &r, &err), NS_OK);
    assert_int_equal(r->total, 3);
    assert_int_equal(r->n_hits, 2);
    assert_int_equal(r->facets[0].n_values, 2);
    assert_string_equal(r->facets[0].values[0].value, "A");
    assert_int_equal(r->facets[0].values[0].count, 2);
    assert_int_equal(r->facets[0].values[1].count, 1);
    ns_xresult_free(r);
    ns_xquery_free(q);

    /* A wildcard that expands too far is a query error, not a crash. */
    q = ns_xquery_wildcard("c", 0);
    ns_xquery_free(q);
    ns_xdb_close(db);
    remove_tree(dir);
    free(path);
    free(dir);
}

static void test_wildcard_limit_is_a_query_error(void **state)
{
    char *dir = scratch_dir();
    char *path = ns_xasprintf("%s/db", dir);
    ns_xdb *db = NULL;
    ns_error err;
    assert_int_equal(ns_xdb_open(path, NS_XDB_WRITE, 0, &db, &err), NS_OK);
    ns_xdoc *doc = ns_xdoc_new();
    ns_xdoc_add_posting(doc, "cease", 5, 1, 1);
    ns_xdoc_add_posting(doc, "ceasefire", 9, 2, 1);
    ns_xdoc_add_posting(doc, "ceased", 6, 3, 1);
    assert_int_equal(ns_xdb_replace(db, "Q1", doc, NULL, NULL, &err), NS_OK);
    ns_xdoc_free(doc);
    assert_int_equal(ns_xdb_commit(db, &err), NS_OK);
    ns_xquery *q = ns_xquery_wildcard("ceas", 2);
    ns_xsearch_spec spec = { .query = q, .limit = 10 };
    ns_xresult *r = NULL;
    assert_int_equal(ns_xdb_search(db, &spec, &r, &err), NS_ERR_QUERY);
    assert_null(r);
    ns_xquery_free(q);
    q = ns_xquery_wildcard("ceas", 3);
    spec.query = q;
    assert_int_equal(ns_xdb_search(db, &spec, &r, &err), NS_OK);
    assert_int_equal(r->total, 1);
    ns_xresult_free(r);
    ns_xquery_free(q);
    ns_xdb_close(db);
    remove_tree(dir);
    free(path);
    free(dir);
}

static void test_unsupported_query_is_reported(void **state)
{
    /* Xapian refuses a phrase inside NEAR: the layer says so. */
    ns_xquery *a = ns_xquery_term("a", 1, 1), *b = ns_xquery_term("b", 1, 2);
    ns_xquery *pair[2] = { a, b };
    ns_xquery *phrase = ns_xquery_combine(NS_XQ_PHRASE, pair, 2, 2);
    ns_xquery *near_parts[2] = { phrase, a };
    assert_null(ns_xquery_combine(NS_XQ_NEAR, near_parts, 2, 5));
    /* and NULL propagates */
    ns_xquery *with_null[2] = { NULL, a };
    assert_null(ns_xquery_combine(NS_XQ_AND, with_null, 2, 0));
    ns_xquery_free(a);
    ns_xquery_free(b);
    ns_xquery_free(phrase);
}

/* Rewrite every document and commit. */
static void rewrite_all(ns_xdb *db, char letter)
{
    ns_error err;
    char data[201];
    memset(data, letter, 200);
    data[200] = '\0';
    for (int i = 0; i < 2000; i++) {
        ns_xdoc *doc = ns_xdoc_new();
        ns_xdoc_add_term(doc, "common", 6, 1);
        ns_xdoc_set_value(doc, 5, data, 200);
        char id[16];
        snprintf(id, sizeof id, "Q%d", i);
        assert_int_equal(ns_xdb_replace(db, id, doc, NULL, NULL, &err), NS_OK);
        ns_xdoc_free(doc);
    }
    assert_int_equal(ns_xdb_commit(db, &err), NS_OK);
}

/* A reader that a writer has moved on by two commits finds its revision
 * gone (Xapian's DatabaseModifiedError): the layer reopens and answers
 * from the latest revision, never with an error. */
static void test_reader_reopens_when_the_writer_moves_on(void **state)
{
    char *dir = scratch_dir();
    char *path = ns_xasprintf("%s/db", dir);
    ns_xdb *writer = NULL, *reader = NULL;
    ns_error err;
    assert_int_equal(ns_xdb_open(path, NS_XDB_WRITE, 0, &writer, &err), NS_OK);
    rewrite_all(writer, 'a');
    assert_int_equal(ns_xdb_open(path, NS_XDB_READ, 0, &reader, &err), NS_OK);
    rewrite_all(writer, 'b');
    rewrite_all(writer, 'c');

    ns_xquery *q = ns_xquery_term("common", 6, 1);
    ns_xsearch_spec spec = { .query = q, .limit = 100, .data_slot = 5 };
    ns_xresult *r = NULL;
    assert_int_equal(ns_xdb_search(reader, &spec, &r, &err), NS_OK);
    assert_int_equal(r->total, 2000);
    assert_int_equal(r->n_hits, 100);
    assert_int_equal(r->hits[99].data[0], 'c');
    ns_xresult_free(r);
    ns_xquery_free(q);

    ns_xdb_close(reader);
    ns_xdb_close(writer);
    remove_tree(dir);
    free(path);
    free(dir);
}

/* Writes docs documents holding "common", with these slot 2 values. */
static void write_part(const char *path, const char *values, ns_xdb **writer)
{
    ns_error err;
    assert_int_equal(ns_xdb_open(path, NS_XDB_WRITE, 0, writer, &err), NS_OK);
    for (const char *v = values; *v; v++) {
        ns_xdoc *doc = ns_xdoc_new();
        ns_xdoc_add_posting(doc, "common", 6, 1, 1);
        ns_xdoc_set_value(doc, 2, v, 1);
        char id[32];
        snprintf(id, sizeof id, "Q%s-%d", path, (int)(v - values));
        assert_int_equal(ns_xdb_replace(*writer, id, doc, NULL, NULL, &err), NS_OK);
        ns_xdoc_free(doc);
    }
    assert_int_equal(ns_xdb_commit(*writer, &err), NS_OK);
}

/* The total and slot 2's counts of "common", as "total A=n B=n ...". */
static char *count_common(ns_xdb *db)
{
    ns_error err;
    unsigned slots[] = { 2 };
    ns_xquery *q = ns_xquery_term("common", 6, 1);
    ns_xsearch_spec spec = { .query = q, .limit = 0, .facet_slots = slots, .n_facet_slots = 1,
                             .exact = true };
    ns_xresult *r = NULL;
    assert_int_equal(ns_xdb_search(db, &spec, &r, &err), NS_OK);
    char text[256];
    int len = snprintf(text, sizeof text, "%u", r->total);
    for (size_t i = 0; i < r->facets[0].n_values; i++)
        len += snprintf(text + len, sizeof text - (size_t)len, " %s=%u",
                        r->facets[0].values[i].value, r->facets[0].values[i].count);
    ns_xresult_free(r);
    ns_xquery_free(q);
    return ns_xstrdup(text);
}

static void test_counts_over_parts_add_up(void **state)
{
    char *dir = scratch_dir();
    char *paths[3] = { ns_xasprintf("%s/empty", dir), ns_xasprintf("%s/p0", dir),
                       ns_xasprintf("%s/p1", dir) };
    ns_xdb *writers[3] = { NULL };
    write_part(paths[0], "", &writers[0]);
    write_part(paths[1], "AAB", &writers[1]);
    write_part(paths[2], "BC", &writers[2]);
    char *stub = ns_xasprintf("%s/XAPIANDB", dir);
    FILE *f = fopen(stub, "w");
    assert_non_null(f);
    fputs("auto empty\nauto p0\nauto p1\n", f);
    fclose(f);

    ns_error err;
    ns_xdb *whole = NULL, *in_parts = NULL;
    assert_int_equal(ns_xdb_open(dir, NS_XDB_READ, 0, &whole, &err), NS_OK);
    assert_int_equal(ns_xdb_open_union(dir, (const char *const *)paths, 3, &in_parts, &err), NS_OK);
    char *expected = count_common(whole);
    assert_string_equal(expected, "5 A=2 B=2 C=1");
    char *counted = count_common(in_parts);
    assert_string_equal(counted, expected);
    free(counted);

    /* The parts move on with the reader. */
    ns_xdb_close(writers[2]);
    write_part(paths[2], "BCCD", &writers[2]);
    assert_int_equal(ns_xdb_reopen(in_parts, &err), NS_OK);
    counted = count_common(in_parts);
    assert_string_equal(counted, "7 A=2 B=2 C=2 D=1");
    free(counted);

    /* A part that cannot be opened is reported, naming the database. */
    char *missing = ns_xasprintf("%s/none", dir);
    ns_xdb *none = NULL;
    assert_int_equal(ns_xdb_open_union(dir, (const char *const *)&missing, 1, &none, &err),
                     NS_ERR_DB_MISSING);
    assert_null(none);
    assert_non_null(strstr(err.message, dir));
    free(missing);

    free(expected);
    ns_xdb_close(whole);
    ns_xdb_close(in_parts);
    for (int i = 0; i < 3; i++) {
        ns_xdb_close(writers[i]);
        free(paths[i]);
    }
    remove_tree(dir);
    free(stub);
    free(dir);
}

static void add_doc(ns_xdb *db, const char *id, const char *value, ns_docid *docid)
{
    ns_error err;
    ns_xdoc *doc = ns_xdoc_new();
    ns_xdoc_add_posting(doc, "common", 6, 1, 1);
    ns_xdoc_add_boolean_term(doc, id, strlen(id));
    ns_xdoc_set_value(doc, 2, value, strlen(value));
    assert_int_equal(ns_xdb_add(db, doc, docid, &err), NS_OK);
    ns_xdoc_free(doc);
}

/* The value in slot 2 of the document that has the term, "" when none. */
static char *value_of(ns_xdb *db, const char *term)
{
    ns_error err;
    ns_docid docid = 0;
    assert_int_equal(ns_xdb_find(db, term, &docid, &err), NS_OK);
    if (!docid)
        return ns_xstrdup("");
    char *value = NULL;
    assert_int_equal(ns_xdb_get_value(db, docid, 2, &value, NULL, &err), NS_OK);
    return value;
}

static void write_stub(const char *dir, const char *text)
{
    char *path = ns_xasprintf("%s/XAPIANDB", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    free(path);
}

static void test_writer_over_parts(void **state)
{
    char *dir = scratch_dir();
    char *shard = ns_xasprintf("%s/shard", dir);
    assert_int_equal(mkdir(shard, 0777), 0);
    char *paths[3] = { ns_xasprintf("%s/p0", shard), ns_xasprintf("%s/p1", shard),
                       ns_xasprintf("%s/merged", dir) };
    ns_error err;
    ns_xdb *w = NULL;
    assert_int_equal(ns_xdb_open_parts(shard, (const char *const *)paths, 1, 0, &w, &err), NS_OK);
    ns_docid ids[5];
    add_doc(w, "Qa", "1", &ids[0]);
    add_doc(w, "Qb", "2", &ids[1]);
    add_doc(w, "Qc", "3", &ids[2]);
    assert_int_equal(ns_xdb_commit(w, &err), NS_OK);
    write_stub(shard, "auto p0\n");
    ns_xdb *reader = NULL;
    assert_int_equal(ns_xdb_open_union(dir, (const char *const *)&shard, 1, &reader, &err), NS_OK);

    /* New documents go to the new part; the old part's stay writable. */
    assert_int_equal(ns_xdb_add_part(w, paths[1], &err), NS_OK);
    uint32_t count = 99;
    assert_int_equal(ns_xdb_last_part_doc_count(w, &count, &err), NS_OK);
    assert_int_equal(count, 0);
    add_doc(w, "Qd", "4", &ids[3]);
    add_doc(w, "Qe", "5", &ids[4]);
    assert_int_equal(ns_xdb_last_part_doc_count(w, &count, &err), NS_OK);
    assert_int_equal(count, 2);
    const char *terms[] = { "Qa", "Qb", "Qc", "Qd", "Qe" };
    const char *values[] = { "1", "2", "3", "4", "5" };
    for (int i = 0; i < 5; i++) {
        char *v = value_of(w, terms[i]);
        assert_string_equal(v, values[i]);
        free(v);
    }
    ns_docid found = 0;
    assert_int_equal(ns_xdb_find(w, "Qe", &found, &err), NS_OK);
    assert_int_equal(found, ids[4]);

    ns_docid docid_b = 0;
    assert_int_equal(ns_xdb_find(w, "Qb", &docid_b, &err), NS_OK);
    ns_xdoc *doc = ns_xdoc_new();
    ns_xdoc_add_boolean_term(doc, "Qb", 2);
    ns_xdoc_set_value(doc, 2, "B", 1);
    assert_int_equal(ns_xdb_replace_docid(w, docid_b, doc, &err), NS_OK);
    ns_xdoc_free(doc);
    assert_int_equal(ns_xdb_mark(w, ids[3], "XG", 9, "story", &err), NS_OK);
    ns_docid docid_c = 0;
    assert_int_equal(ns_xdb_find(w, "Qc", &docid_c, &err), NS_OK);
    assert_int_equal(ns_xdb_delete_docid(w, docid_c, &err), NS_OK);
    assert_int_equal(ns_xdb_delete_term(w, "Qe", &err), NS_OK);
    assert_int_equal(ns_xdb_commit(w, &err), NS_OK);
    char *v = value_of(w, "Qb");
    assert_string_equal(v, "B");
    free(v);
    uint32_t freq = 0;
    assert_int_equal(ns_xdb_term_freq(w, "XG", &freq, &err), NS_OK);
    assert_int_equal(freq, 1);
    assert_int_equal(ns_xdb_doc_count(w, &count, &err), NS_OK);
    assert_int_equal(count, 3);

    /* A reader of the shard's stub is told to open it again when the stub
     * lists another part. */
    assert_int_equal(ns_xdb_reopen(reader, &err), NS_OK);
    write_stub(shard, "auto p0\nauto p1\n");
    assert_int_equal(ns_xdb_reopen(reader, &err), NS_ERR_DB_MODIFIED);
    ns_xdb_close(reader);
    assert_int_equal(ns_xdb_open_union(dir, (const char *const *)&shard, 1, &reader, &err), NS_OK);
    assert_int_equal(ns_xdb_doc_count(reader, &count, &err), NS_OK);
    assert_int_equal(count, 3);
    ns_xdb_close(reader);
    ns_xdb_close(w);

    /* Compaction merges the parts into one database with the same
     * documents. */
    assert_int_equal(ns_xdb_compact((const char *const *)paths, 2, paths[2], &err), NS_OK);
    ns_xdb *merged = NULL;
    assert_int_equal(ns_xdb_open(paths[2], NS_XDB_READ, 0, &merged, &err), NS_OK);
    const char *after[] = { "1", "B", "", "4", "" };
    for (int i = 0; i < 5; i++) {
        v = value_of(merged, terms[i]);
        assert_string_equal(v, after[i]);
        free(v);
    }
    assert_int_equal(ns_xdb_term_freq(merged, "XG", &freq, &err), NS_OK);
    assert_int_equal(freq, 1);
    ns_xdb_close(merged);

    for (int i = 0; i < 3; i++)
        free(paths[i]);
    remove_tree(dir);
    free(shard);
    free(dir);
}

static void test_stemmer(void **state)
{
    ns_xstemmer *s = NULL;
    ns_error err;
    assert_int_equal(ns_xstemmer_new("klingon", &s, &err), NS_ERR_USAGE);
    assert_string_equal(err.message, "no stemmer for language 'klingon'");
    assert_int_equal(ns_xstemmer_new("english", &s, &err), NS_OK);
    ns_buf out = NS_BUF_INIT;
    ns_xstem(s, "sanctions", 9, &out);
    assert_string_equal(ns_buf_str(&out), "sanction");
    ns_buf_free(&out);
    ns_xstemmer_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missing_database),
        cmocka_unit_test(test_second_writer_is_locked_out),
        cmocka_unit_test(test_damaged_database),
        cmocka_unit_test(test_write_find_and_search),
        cmocka_unit_test(test_wildcard_limit_is_a_query_error),
        cmocka_unit_test(test_unsupported_query_is_reported),
        cmocka_unit_test(test_reader_reopens_when_the_writer_moves_on),
        cmocka_unit_test(test_counts_over_parts_add_up),
        cmocka_unit_test(test_writer_over_parts),
        cmocka_unit_test(test_stemmer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
