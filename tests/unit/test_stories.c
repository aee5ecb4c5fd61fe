/* Fingerprints and stories: copies are recognised, other stories are not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "extract/fingerprint.h"
#include "index/stories.h"
#include "util/buf.h"

/* A text of n words drawn from a vocabulary by a fixed generator. */
static char *text_of(unsigned seed, size_t n)
{
    static const char *const words[] = {
        "port", "strike", "workers", "union", "cranes", "ships", "north", "sea", "talks",
        "terminal", "cargo", "jobs", "automation", "said", "the", "a", "of", "in", "and",
        "minister", "government", "freight", "rotterdam", "antwerp", "hamburg", "day",
    };
    ns_buf out = NS_BUF_INIT;
    uint64_t x = seed * 2654435761u + 1;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        ns_buf_printf(&out, "%s%s", i ? " " : "", words[x % (sizeof words / sizeof words[0])]);
    }
    return ns_buf_detach(&out);
}

static void test_copies_are_similar_and_others_not(void **state)
{
    char *original = text_of(1, 400);
    /* The copy: the last fifth cut, one word in fifty changed. */
    char *copy = strdup(original);
    copy[strlen(copy) * 4 / 5] = '\0';
    for (char *p = copy, *space; (space = strchr(p, ' ')) != NULL; p = space + 1)
        if ((space - copy) % 50 == 0)
            *p = 'X';
    char *other = text_of(2, 400);
    ns_minhash a, b, c;
    assert_true(ns_minhash_of(original, strlen(original), &a));
    assert_true(ns_minhash_of(copy, strlen(copy), &b));
    assert_true(ns_minhash_of(other, strlen(other), &c));
    double copy_similarity = ns_minhash_similarity(&a, &b);
    double other_similarity = ns_minhash_similarity(&a, &c);
    if (copy_similarity < NS_COPY_SIMILARITY)
        fail_msg("a trimmed copy scored %.2f", copy_similarity);
    if (other_similarity >= 0.2)
        fail_msg("another text scored %.2f", other_similarity);
    assert_true(ns_minhash_similarity(&a, &a) == 1.0);
    free(original);
    free(copy);
    free(other);
}

static void test_short_texts_have_no_fingerprint(void **state)
{
    ns_minhash m;
    char *short_text = text_of(3, NS_FINGERPRINT_MIN_WORDS - 1);
    assert_false(ns_minhash_of(short_text, strlen(short_text), &m));
    free(short_text);
}

static void test_stories_group_copies(void **state)
{
    ns_stories *stories = ns_stories_new();
    char *original = text_of(4, 300), *copy = text_of(4, 250), *other = text_of(5, 300);
    ns_minhash a, b, c;
    ns_minhash_of(original, strlen(original), &a);
    ns_minhash_of(copy, strlen(copy), &b);
    ns_minhash_of(other, strlen(other), &c);
    ns_story_assignment as;
    ns_stories_assign(stories, &a, "aaaaaaaaaaaaaaaa", &as);
    assert_string_equal(as.story, "aaaaaaaaaaaaaaaa");
    assert_false(as.grouped);
    ns_stories_assign(stories, &c, "cccccccccccccccc", &as);
    assert_string_equal(as.story, "cccccccccccccccc");
    assert_false(as.grouped);
    /* The same article again is not its own copy. */
    ns_stories_assign(stories, &a, "aaaaaaaaaaaaaaaa", &as);
    assert_string_equal(as.story, "aaaaaaaaaaaaaaaa");
    assert_false(as.grouped);
    /* A copy: the story becomes a group, once. */
    ns_stories_assign(stories, &b, "bbbbbbbbbbbbbbbb", &as);
    assert_string_equal(as.story, "aaaaaaaaaaaaaaaa");
    assert_true(as.grouped);
    assert_true(as.now_grouped);
    ns_stories_assign(stories, &b, "dddddddddddddddd", &as);
    assert_string_equal(as.story, "aaaaaaaaaaaaaaaa");
    assert_true(as.grouped);
    assert_false(as.now_grouped);

    char value[NS_STORIES_VALUE_LEN];
    size_t len;
    ns_stories_encode(&b, "aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb", value, &len);
    ns_minhash back;
    char back_story[NS_STORY_ID_LEN + 1], back_member[NS_STORY_ID_LEN + 1];
    assert_true(ns_stories_decode(value, len, &back, back_story, back_member));
    assert_memory_equal(&back, &b, sizeof back);
    assert_string_equal(back_story, "aaaaaaaaaaaaaaaa");
    assert_string_equal(back_member, "bbbbbbbbbbbbbbbb");
    assert_false(ns_stories_decode(value, len - 1, &back, back_story, back_member));
    ns_stories_free(stories);
    free(original);
    free(copy);
    free(other);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_copies_are_similar_and_others_not),
        cmocka_unit_test(test_short_texts_have_no_fingerprint),
        cmocka_unit_test(test_stories_group_copies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
