/* Unit tests of the people extractor (src/extract/people.h): the measured
 * figures on the labelled set, the seed page's exact lists, rows of
 * positive and negative examples, resolution across a file, and the
 * entity file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../people/devset.h"
#include "extract/people.h"
#include "ingest/reader.h"
#include "util/buf.h"
#include "util/mem.h"

/* The targets of the issue: the test fails when the figures drop below. */
#define PRECISION_TARGET 0.97
#define RECALL_TARGET 0.95

static ns_people_model *model;

static int setup(void **state)
{
    ns_error err = { 0 };
    if (ns_people_model_load(NULL, &model, &err) != NS_OK) {
        fprintf(stderr, "%s\n", err.message);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    ns_people_model_free(model);
    return 0;
}

static char *source_path(const char *relative)
{
    const char *srcdir = getenv("srcdir");
    return ns_xasprintf("%s/%s", srcdir ? srcdir : ".", relative);
}

/* The names found in text, joined with " | " in order of first mention. */
static char *find_names(const ns_people_model *m, const char *text)
{
    ns_people people = { 0 };
    ns_people_find(m, text, strlen(text), &people);
    ns_buf out = NS_BUF_INIT;
    ns_buf_append(&out, "", 0);
    for (size_t i = 0; i < people.names.len; i++) {
        if (i)
            ns_buf_puts(&out, " | ");
        ns_buf_puts(&out, people.names.items[i]);
    }
    ns_people_clear(&people);
    return ns_buf_detach(&out);
}

/* ---- the measured figures ------------------------------------------- */

static void test_dev_set_meets_targets(void **state)
{
    char *dir = source_path("tests/people/dev");
    devset set = { 0 };
    ns_error err = { 0 };
    ns_status status = devset_read_dir(dir, &set, &err);
    if (status != NS_OK)
        fail_msg("%s", err.message);
    devset_score score;
    devset_score_set(model, &set, &score, stderr);
    double precision = devset_precision(&score), recall = devset_recall(&score);
    print_message("dev set: %zu articles, precision %.3f recall %.3f\n", score.articles,
                  precision, recall);
    assert_true(score.articles >= 40);
    if (precision < PRECISION_TARGET || recall < RECALL_TARGET)
        fail_msg("precision %.3f (target %.2f), recall %.3f (target %.2f)", precision,
                 PRECISION_TARGET, recall, RECALL_TARGET);
    devset_free(&set);
    free(dir);
}

/* The seed page, exactly: every expected name and nothing else but the
 * two photographers the issue allows. */
static void test_seed_page_exact(void **state)
{
    char *path = source_path("tests/people/dev/000_seed_aggregator.txt");
    devset set = { 0 };
    ns_error err = { 0 };
    if (devset_read_file(path, &set, &err) != NS_OK)
        fail_msg("%s", err.message);
    assert_int_equal(set.len, 1);
    const devset_file *file = &set.files[0];
    assert_int_equal(file->len, 4);
    ns_strlist found[4] = { { 0 } };
    devset_extract_file(model, file, found);
    for (size_t i = 0; i < file->len; i++) {
        const devset_article *a = &file->items[i];
        for (size_t k = 0; k < a->expected.len; k++)
            if (!ns_strlist_contains(&found[i], a->expected.items[k]))
                fail_msg("%s: %s not found", a->id, a->expected.items[k]);
        for (size_t k = 0; k < found[i].len; k++)
            if (!ns_strlist_contains(&a->expected, found[i].items[k]) &&
                !ns_strlist_contains(&a->maybe, found[i].items[k]))
                fail_msg("%s: %s found but not expected", a->id, found[i].items[k]);
        ns_strlist_clear(&found[i]);
    }
    /* The main story says only "Mr Trump": the name comes from the file. */
    assert_string_equal(file->items[0].id, "main");
    devset_free(&set);
    free(path);
}

/* The raw seed page through the page reader, as indexing will see it. */
static void test_seed_page_through_reader(void **state)
{
    char *path = source_path("tests/people/pages/000_fcd995d91045e671.txt");
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char data[1 << 16];
    size_t n = fread(data, 1, sizeof data, f);
    fclose(f);
    ns_read_context ctx = { .path = path, .identity = path, .reference_time = 1754870400,
                            .reference_source = NS_DATE_CRAWL };
    ns_article_list list = { 0 };
    const char *format = NULL;
    ns_error err = { 0 };
    if (ns_read_file(&ctx, data, n, &list, &format, &err) != NS_OK)
        fail_msg("%s", err.message);
    assert_string_equal(format, "page");
    assert_int_equal(list.len, 4);
    ns_people_extract_file(model, &list);
    static const char *const expected[4] = {
        "Donald Trump | Claudia Sheinbaum | Marco Rubio | Pam Bondi | Nicolás Maduro | "
        "Brian Finucane",
        "Volodymyr Zelenskyy | JD Vance | Donald Trump | Vladimir Putin | Emmanuel Macron | "
        "Steve Witkoff",
        "Steve Witkoff | Benjamin Netanyahu | Einav Zangauker | Ramadan Gaber | Mahmoud Hawila",
        "Pete Hegseth | Donald Trump | Doug Wilson | Pamela Brown | Sean Parnell | Josh Prince | "
        "Amy Prince | Toby Sumpter | Jared Longshore | Cliff Owen | Brendan Smialowski",
    };
    for (size_t i = 0; i < 4; i++) {
        ns_strlist want = { 0 };
        for (const char *p = expected[i]; *p;) {
            const char *bar = strstr(p, " | ");
            size_t len = bar ? (size_t)(bar - p) : strlen(p);
            ns_strlist_addn(&want, p, len);
            p += len + (bar ? 3 : 0);
        }
        const ns_strlist *got = &list.items[i].people;
        for (size_t k = 0; k < got->len; k++)
            if (!ns_strlist_contains(&want, got->items[k]))
                fail_msg("story %zu: %s found but not expected", i, got->items[k]);
        for (size_t k = 0; k < want.len; k++) {
            bool optional = strcmp(want.items[k], "Cliff Owen") == 0 ||
                            strcmp(want.items[k], "Brendan Smialowski") == 0;
            if (!optional && !ns_strlist_contains(got, want.items[k]))
                fail_msg("story %zu: %s not found", i, want.items[k]);
        }
        ns_strlist_clear(&want);
    }
    ns_article_list_clear(&list);
    free(path);
}

/* ---- rows ------------------------------------------------------------ */

typedef struct row {
    const char *text;
    const char *names;    /* " | "-joined, in order of first mention; "" for none */
} row;

static const row positive_rows[] = {
    { "US Secretary of State Marco Rubio said on Thursday.", "Marco Rubio" },
    { "However, Mexican President Claudia Sheinbaum said no. Ms Sheinbaum added more.",
      "Claudia Sheinbaum" },
    { "Ukrainian officials met US Vice-President JD Vance in the UK.", "JD Vance" },
    { "The guard J. R. Smith scored 20 points.", "J. R. Smith" },
    { "He linked Venezuelan President Nicolás Maduro to the cartel.", "Nicolás Maduro" },
    { "European Commission President Ursula von der Leyen arrived.", "Ursula von der Leyen" },
    { "Luiz Inácio Lula da Silva won. Later Lula da Silva said so.",
      "Luiz Inácio Lula da Silva" },
    { "Saudi Crown Prince Mohammed bin Salman hosted the talks. Prince Mohammed spoke.",
      "Mohammed bin Salman" },
    { "The militia named Abu al-Hassan as its leader.", "Abu al-Hassan" },
    { "Rep. Alexandria Ocasio-Cortez voted no. Ocasio-Cortez said why.",
      "Alexandria Ocasio-Cortez" },
    { "The fiddler Desmond O'Connell played. O'Connell was 81.", "Desmond O'Connell" },
    { "Ukrainian President Volodymyr Zelenskyy's office said. Zelenskyy agreed.",
      "Volodymyr Zelenskyy" },
    { "US Attorney-General Pam Bondi's accusation last week.", "Pam Bondi" },
    { "'Is that an issue for you?' interviewer Pamela Brown asked.", "Pamela Brown" },
    { "US Defence Secretary Pete Hegseth. Picture: Cliff Owen/AP", "Pete Hegseth | Cliff Owen" },
    { "members such as Josh and Amy Prince, who travelled.", "Josh Prince | Amy Prince" },
    { "if the offensive goes ahead, said Einav Zangauker, whose son is held.",
      "Einav Zangauker" },
    { "One witness, Ramadan Gaber, said snipers fired.", "Ramadan Gaber" },
    { "Lisa Wilkinson's barrister, Sue Chrysanthou SC, said.", "Lisa Wilkinson | Sue Chrysanthou" },
    { "the leader Joaquín \"El Chapo\" Guzmán was jailed. Guzmán appealed.", "Joaquín Guzmán" },
    { "PRINCE Harry is said to be livid.", "Prince Harry" },
    { "his father, King Charles III, said.", "King Charles III" },
    { "Kemi Badenoch, the Conservative leader, accused him.", "Kemi Badenoch" },
    { "Darren Pike, 52, from Swindon, checked his ticket.", "Darren Pike" },
    { "President Donald Trump spoke. Mr Trump's envoy Steve Witkoff flew in.",
      "Donald Trump | Steve Witkoff" },
    { "Councillors voted to name it Bob Hawke Way. Hawke opened the centre in 1966.",
      "Bob Hawke" },
    { "Guy Sebastian, Delta Goodrem and Paul Kelly are also on the bill.",
      "Guy Sebastian | Delta Goodrem | Paul Kelly" },
    { "Jacinda Ardern, New Zealand Labour and Chris Hipkins were there.",
      "Jacinda Ardern | Chris Hipkins" },
    { "In the end Zorbo McTavish finished third.", "Zorbo McTavish" },
    { "Former All Black Dan Carter said he would coach.", "Dan Carter" },
};

/* Organisations, places, publications, events, nationalities, months and
 * days, headings, sentence-initial capitals, unresolved surnames. */
static const row negative_rows[] = {
    { "The US designated Mexico's Sinaloa Cartel and Tren de Aragua as terrorist groups.", "" },
    { "The New York Times reported on Friday that the order was signed.", "" },
    { "He has written for the International Crisis Group about it.", "" },
    { "The Wall Street Journal said European officials had presented a plan.", "" },
    { "Analysts at Morgan Stanley and Goldman Sachs expect a cut.", "" },
    { "Central bankers meet at Jackson Hole in late August.", "" },
    { "In Deir al-Balah in central Gaza, crowds gathered.", "" },
    { "Mexican officials said Ukrainians would not cede land to Russian forces.", "" },
    { "Barefoot children collected rice. Footage from Italy showed packages.", "" },
    { "On Monday and Tuesday in May and June, Ramadan and Christmas came.", "" },
    { "Zelenskyy Meets US And European Officials In London", "" },
    { "Mr Finucane said it would be unlawful.", "" },
    { "The Gaza Humanitarian Foundation did not respond.", "" },
    { "Rival Advanced Micro Devices also slipped.", "" },
    { "The Florence Nightingale Foundation said nurses were under pressure.", "" },
    { "Health officials said. Families of hostages rallied. Fierce fighting raged.", "" },
    { "The United Nations Security Council met in New York.", "" },
    { "The American Civil War ended in 1865.", "" },
    { "Harvey Norman shares fell while Wells Fargo rose.", "" },
    { "The new MacBook Pro and the Sony PlayStation sold out.", "" },
    { "Will Ukraine join NATO? Georgia Tech beat Virginia Tech.", "" },
    { "Holly Springs residents gathered at Grace Church before the Rose Bowl.", "" },
    { "Brazilian and Argentine negotiators met in Buenos Aires on Saturday.", "" },
};

static void check_rows(const row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *got = find_names(model, rows[i].text);
        if (strcmp(got, rows[i].names) != 0)
            fail_msg("\"%s\"\n  expected: [%s]\n  found:    [%s]", rows[i].text, rows[i].names,
                     got);
        free(got);
    }
}

static void test_positive_rows(void **state)
{
    check_rows(positive_rows, sizeof positive_rows / sizeof positive_rows[0]);
}

static void test_negative_rows(void **state)
{
    check_rows(negative_rows, sizeof negative_rows / sizeof negative_rows[0]);
}

/* ---- mentions and resolution ---------------------------------------- */

static void test_mentions_have_offsets(void **state)
{
    const char *text = "Mexican President Claudia Sheinbaum spoke. Ms Sheinbaum said no.";
    ns_people people = { 0 };
    ns_people_find(model, text, strlen(text), &people);
    assert_int_equal(people.names.len, 1);
    assert_int_equal(people.n_mentions, 2);
    const ns_mention *m = &people.mentions[0];
    assert_int_equal(m->end - m->start, strlen("Claudia Sheinbaum"));
    assert_memory_equal(text + m->start, "Claudia Sheinbaum", m->end - m->start);
    m = &people.mentions[1];
    assert_memory_equal(text + m->start, "Sheinbaum", m->end - m->start);
    assert_int_equal(m->person, 0);
    ns_people_clear(&people);
    ns_people_clear(NULL);
}

/* A family name written first is the surname: "Mr Xi" is Xi Jinping. */
static void test_family_name_first(void **state)
{
    const char *text = "Chinese President Xi Jinping arrived. Mr Xi said little.";
    ns_people people = { 0 };
    ns_people_find(model, text, strlen(text), &people);
    assert_int_equal(people.names.len, 1);
    assert_string_equal(people.names.items[0], "Xi Jinping");
    assert_int_equal(people.n_mentions, 2);
    assert_memory_equal(text + people.mentions[1].start, "Xi", 2);
    ns_people_clear(&people);
}

static void test_shared_surname_is_not_guessed(void **state)
{
    const char *text = "Boris Johnson met House Speaker Mike Johnson. Johnson said it went well.";
    ns_people people = { 0 };
    ns_people_find(model, text, strlen(text), &people);
    assert_int_equal(people.names.len, 2);
    assert_string_equal(people.names.items[0], "Boris Johnson");
    assert_string_equal(people.names.items[1], "Mike Johnson");
    assert_int_equal(people.n_mentions, 2);   /* the bare "Johnson" is neither */
    ns_people_clear(&people);
}

static ns_article *add_article(ns_article_list *list, const char *title, const char *body)
{
    ns_article *a = ns_article_list_add(list);
    a->title = ns_xstrdup(title);
    a->body = ns_xstrdup(body);
    return a;
}

static void test_file_resolves_across_articles(void **state)
{
    ns_article_list list = { 0 };
    ns_article *main = add_article(&list, "Cartels", "Mr Trump signed it. Mr Finucane objected.");
    /* A name the source gave (a JSON "people" field) is kept, once. */
    ns_strlist_add(&main->people, "Claudia Sheinbaum");
    add_article(&list, "Summit", "US President Donald Trump and Russian President Vladimir Putin "
                                 "will meet. Mr Putin agreed.");
    add_article(&list, "Sheinbaum", "Ms Sheinbaum said no.");
    ns_people_extract_file(model, &list);
    const ns_strlist *p0 = &list.items[0].people;
    assert_int_equal(p0->len, 2);
    assert_string_equal(p0->items[0], "Claudia Sheinbaum");
    assert_string_equal(p0->items[1], "Donald Trump");
    const ns_strlist *p1 = &list.items[1].people;
    assert_int_equal(p1->len, 2);
    assert_string_equal(p1->items[0], "Donald Trump");
    assert_string_equal(p1->items[1], "Vladimir Putin");
    /* The source's name of one article resolves the surname of another. */
    const ns_strlist *p2 = &list.items[2].people;
    assert_int_equal(p2->len, 1);
    assert_string_equal(p2->items[0], "Claudia Sheinbaum");
    ns_article_list_clear(&list);
    ns_people_extract_file(model, NULL);
    ns_people_extract_file(NULL, &list);
}

/* ---- the entity file -------------------------------------------------- */

static char *write_temp(const char *content)
{
    char *path = ns_xstrdup("/tmp/test_people_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t n = strlen(content);
    assert_int_equal(write(fd, content, n), (ssize_t)n);
    close(fd);
    return path;
}

static const char entity_file[] =
    "# corrections for the Ukraine desk\n"
    "\n"
    "alias\tVolodymyr Zelenskyy\tZelensky\tZelenskiy\tVolodymyr Zelensky\n"
    "merge\tCatherine, Princess of Wales\tKate Middleton\n"
    "block\tBill Gates\n"
    "person\tBeyoncé\n"
    "person\tRamadan Gaber\n"
    "block\tPrince Harry\n"
    "alias\tJoaquín Guzmán Loera\tJoaquín Guzmán\n";

static void test_entity_file(void **state)
{
    char *path = write_temp(entity_file);
    ns_people_model *m = NULL;
    ns_error err = { 0 };
    assert_int_equal(ns_people_model_load(path, &m, &err), NS_OK);
    static const row rows[] = {
        { "Zelensky said the meeting was constructive.", "Volodymyr Zelenskyy" },
        { "Ukrainian President Volodymyr Zelensky met Mr Zelenskiy.", "Volodymyr Zelenskyy" },
        { "Kate Middleton attended.", "Catherine, Princess of Wales" },
        { "Microsoft founder Bill Gates said so.", "" },
        { "Beyoncé won album of the year.", "Beyoncé" },
        /* The entity file's people resolve surnames the text leaves open. */
        { "Mr Gaber said snipers fired.", "Ramadan Gaber" },
        { "Pamela Brown asked.", "Pamela Brown" },
        /* The royal and quoted-nickname paths obey the file too. */
        { "PRINCE Harry is said to be livid.", "" },
        { "the leader Joaquín \"El Chapo\" Guzmán was jailed.", "Joaquín Guzmán Loera" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char *got = find_names(m, rows[i].text);
        if (strcmp(got, rows[i].names) != 0)
            fail_msg("\"%s\"\n  expected: [%s]\n  found:    [%s]", rows[i].text, rows[i].names,
                     got);
        free(got);
    }
    ns_people_model_free(m);
    ns_people_model_free(NULL);
    unlink(path);
    free(path);
}

static void test_entity_file_missing_is_fine(void **state)
{
    ns_people_model *m = NULL;
    ns_error err = { 0 };
    assert_int_equal(ns_people_model_load("/nonexistent/entities.tsv", &m, &err), NS_OK);
    assert_non_null(m);
    ns_people_model_free(m);
}

typedef struct bad_file {
    const char *content;
    const char *message;    /* after "PATH:" */
} bad_file;

static void test_entity_file_errors(void **state)
{
    static const bad_file bad[] = {
        { "# ok\nalias\tVolodymyr Zelenskyy\n", "2: \"alias\" takes a canonical name and at least "
                                                "one other name, separated by tabs" },
        { "person\tA B\nblok\tBill Gates\n",
          "2: unknown kind \"blok\" (expected person, alias, merge or block, then a tab)" },
        { "person\tA B\tC D\n", "1: \"person\" takes exactly one name" },
        { "block\t\n", "1: field 2 has no name in it" },
        { "alias\tX Y\t...\n", "1: field 3 has no name in it" },
        { "alias\tDonald Trump\tTrump\nalias\tMelania Trump\tTrump\n",
          "2: \"Trump\" already stands for \"Donald Trump\"" },
        { "person Beyoncé\n", "1: unknown kind \"person Beyoncé\" (expected person, alias, merge "
                              "or block, then a tab)" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *path = write_temp(bad[i].content);
        ns_people_model *m = (ns_people_model *)(uintptr_t)1;
        ns_error err = { 0 };
        assert_int_equal(ns_people_model_load(path, &m, &err), NS_ERR_INPUT);
        assert_int_equal(err.status, NS_ERR_INPUT);
        /* The out-parameter is untouched on failure. */
        assert_true(m == (ns_people_model *)(uintptr_t)1);
        char *expected = ns_xasprintf("%s:%s", path, bad[i].message);
        assert_string_equal(err.message, expected);
        free(expected);
        unlink(path);
        free(path);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dev_set_meets_targets),
        cmocka_unit_test(test_seed_page_exact),
        cmocka_unit_test(test_seed_page_through_reader),
        cmocka_unit_test(test_positive_rows),
        cmocka_unit_test(test_negative_rows),
        cmocka_unit_test(test_mentions_have_offsets),
        cmocka_unit_test(test_shared_surname_is_not_guessed),
        cmocka_unit_test(test_family_name_first),
        cmocka_unit_test(test_file_resolves_across_articles),
        cmocka_unit_test(test_entity_file),
        cmocka_unit_test(test_entity_file_missing_is_fine),
        cmocka_unit_test(test_entity_file_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
