/* Stories: which articles are copies of one another.  Every article gets a
 * story id, shared with the copies indexed before it (the first copy's
 * member id, a hash of its article id), kept in the index as a value and a
 * boolean term.  The articles of a story with more than one member are
 * also marked grouped (schema.h): search collapses and counts only those,
 * so that the many stories of one article cost nothing.  The indexer
 * loads every stored fingerprint once, then assigns stories in memory: no
 * query per article.  Assignment is safe from several threads (the shard
 * writers) at once.
 */
#ifndef NS_INDEX_STORIES_H
#define NS_INDEX_STORIES_H

#include <stddef.h>

#include "extract/fingerprint.h"
#include "newssearch/status.h"
#include "xapian/xdb.h"

#define NS_STORY_ID_LEN 16

typedef struct ns_stories ns_stories;

ns_stories *ns_stories_new(void);
void ns_stories_free(ns_stories *stories);
/* Remember the stories of the articles already in a database (a shard). */
ns_status ns_stories_add_from(ns_stories *stories, ns_xdb *db, ns_error *err);

typedef struct ns_story_assignment {
    char story[NS_STORY_ID_LEN + 1];
    bool grouped;          /* the story has another member than this article */
    bool now_grouped;      /* ... since this article: mark its earlier member */
} ns_story_assignment;

/* The story of an article (whose member id is `member`, a hash of its
 * article id) with this fingerprint: that of an earlier copy of another
 * article when there is one, else its own.  The article is remembered for
 * those that come after it; an article indexed again is not its own
 * copy. */
void ns_stories_assign(ns_stories *stories, const ns_minhash *fingerprint, const char *member,
                       ns_story_assignment *out);

/* The stored value: the fingerprint, the story and the member, and back. */
#define NS_STORIES_VALUE_LEN (NS_MINHASH_SIZE * 4 + 2 * NS_STORY_ID_LEN)
void ns_stories_encode(const ns_minhash *fingerprint, const char *story, const char *member,
                       char *out, size_t *len);
bool ns_stories_decode(const char *value, size_t len, ns_minhash *fingerprint,
                       char story[NS_STORY_ID_LEN + 1], char member[NS_STORY_ID_LEN + 1]);

#endif
