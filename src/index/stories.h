/* Stories: which articles are copies of one another.  Every article gets a
 * story id, shared with the copies indexed before it (the first copy's
 * id), kept in the index as a value (the collapse key search groups by)
 * and a boolean term.  The indexer loads every stored fingerprint once,
 * then assigns stories in memory: no query per article.
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

/* The story of an article with this fingerprint, written to story: that of
 * an earlier copy when there is one, else own_story.  The article is
 * remembered for those that come after it. */
void ns_stories_assign(ns_stories *stories, const ns_minhash *fingerprint,
                       const char *own_story, char story[NS_STORY_ID_LEN + 1]);

/* The stored value: the fingerprint and the story, and back. */
void ns_stories_encode(const ns_minhash *fingerprint, const char *story, char *out, size_t *len);
#define NS_STORIES_VALUE_LEN (NS_MINHASH_SIZE * 4 + NS_STORY_ID_LEN)
bool ns_stories_decode(const char *value, size_t len, ns_minhash *fingerprint,
                       char story[NS_STORY_ID_LEN + 1]);

#endif
