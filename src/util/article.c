#include "newssearch/article.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/mem.h"

const char *ns_date_source_name(ns_date_source source)
{
    switch (source) {
    case NS_DATE_NONE: return NULL;
    case NS_DATE_METADATA: return "metadata";
    case NS_DATE_JSONLD: return "json-ld";
    case NS_DATE_FEED: return "feed";
    case NS_DATE_URL: return "url";
    case NS_DATE_TEXT: return "text";
    case NS_DATE_RELATIVE: return "relative";
    case NS_DATE_CRAWL: return "crawl";
    case NS_DATE_FILE_TIME: return "file-time";
    }
    return NULL;
}

void ns_article_init(ns_article *article)
{
    memset(article, 0, sizeof *article);
}

void ns_article_clear(ns_article *article)
{
    if (!article)
        return;
    free(article->id);
    free(article->url);
    free(article->title);
    free(article->body);
    free(article->outlet);
    free(article->source);
    ns_strlist_clear(&article->credits);
    ns_strlist_clear(&article->people);
    ns_strlist_clear(&article->bylines);
    ns_article_init(article);
}

ns_article *ns_article_list_add(ns_article_list *list)
{
    list->items = ns_xgrow(list->items, &list->cap, list->len + 1, sizeof *list->items);
    ns_article *article = &list->items[list->len++];
    ns_article_init(article);
    return article;
}

void ns_article_list_clear(ns_article_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->len; i++)
        ns_article_clear(&list->items[i]);
    free(list->items);
    list->items = NULL;
    list->len = list->cap = 0;
}

char *ns_article_credit_line(const ns_article *article)
{
    if (article->credits.len == 0)
        return NULL;
    ns_buf line = NS_BUF_INIT;
    for (size_t i = 0; i < article->credits.len; i++) {
        if (i)
            ns_buf_putc(&line, '/');
        ns_buf_puts(&line, article->credits.items[i]);
    }
    return ns_buf_detach(&line);
}
