/* newssearch: the article record, what every format reader produces and
 * the indexer stores.
 *
 * An article owns all its strings (see the ownership convention in
 * status.h); ns_article_clear() frees them.  Lists of articles are kept in
 * an ns_article_list, which owns its articles.
 */
#ifndef NEWSSEARCH_ARTICLE_H
#define NEWSSEARCH_ARTICLE_H

#include <stdint.h>
#include <stddef.h>

#include "newssearch/strlist.h"

/* Where an article's date came from, most reliable first.  Readers record
 * the source they used, so a reporter can tell a publication date from a
 * guess. */
typedef enum ns_date_source {
    NS_DATE_NONE = 0,    /* no date at all (never stored: see reference time) */
    NS_DATE_METADATA,    /* a structured field: a JSON date, a meta tag */
    NS_DATE_JSONLD,      /* JSON-LD datePublished */
    NS_DATE_FEED,        /* a feed item's pubDate / published / updated */
    NS_DATE_URL,         /* a date in the URL, /2025/08/09/ */
    NS_DATE_TEXT,        /* a dateline in the text */
    NS_DATE_RELATIVE,    /* "7 minutes ago" on a page, against the reference time */
    NS_DATE_CRAWL,       /* the crawl time given with --crawled-at */
    NS_DATE_FILE_TIME    /* the file's modification time */
} ns_date_source;

/* "metadata", "json-ld", "feed", "url", "text", "relative", "crawl",
 * "file-time"; NULL for NS_DATE_NONE. */
const char *ns_date_source_name(ns_date_source source);

typedef struct ns_article {
    char *id;             /* stable and unique in the index; never NULL once read */
    char *url;            /* NULL when unknown */
    char *title;          /* may be empty, never NULL */
    char *body;           /* may be empty, never NULL */
    char *outlet;         /* display name ("ABC News"); NULL when unknown */
    ns_strlist credits;   /* wire agencies credited ("Reuters", "AP") */
    ns_strlist people;    /* canonical full names of people mentioned */
    size_t people_given;  /* how many of people (the first) the source named itself */
    ns_strlist bylines;   /* the authors, as the source names them */
    int64_t date;         /* seconds since the epoch, UTC */
    ns_date_source date_source;
    char *source;         /* path as given to `index`, plus "#N" in multi-article files */
    const char *format;   /* reader name, static ("page", "plain", "json") */
} ns_article;

typedef struct ns_article_list {
    ns_article *items;
    size_t len;
    size_t cap;
} ns_article_list;

/* Zero an article so that it can be filled in and later cleared. */
void ns_article_init(ns_article *article);

/* Free everything the article owns and zero it.  Accepts NULL. */
void ns_article_clear(ns_article *article);

/* Append a zeroed article and return it; the list owns it. */
ns_article *ns_article_list_add(ns_article_list *list);

/* Clear every article and free the list's storage.  Accepts NULL. */
void ns_article_list_clear(ns_article_list *list);

/* The credits joined with "/" ("Reuters/AP"), or NULL when there are none.
 * The caller frees the result. */
char *ns_article_credit_line(const ns_article *article);

#endif
