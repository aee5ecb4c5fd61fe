/* The JSON documents newssearch produces, as jansson values (the caller
 * owns the reference), for the JSON printer and any other front end that
 * must speak the same schema.  The schema is in README.md; bump
 * NS_JSON_FORMAT_VERSION (printer.h) when a field changes meaning. */
#ifndef NS_OUTPUT_JSON_H
#define NS_OUTPUT_JSON_H

#include <jansson.h>

#include "newssearch/article.h"
#include "query/people_list.h"
#include "query/search.h"
#include "output/printer.h"
#include "query/stats.h"

json_t *ns_json_search(const char *query, const ns_search_request *req,
                       const ns_search_result *result);
json_t *ns_json_article(const ns_article *article);
json_t *ns_json_stats(const char *database, const ns_stats *stats);
/* Highlighted spans of text as [start, length] pairs counted in
 * characters (code points), as search hits give them. */
json_t *ns_json_highlights(const char *text, const ns_span *spans, size_t n_spans);
json_t *ns_json_explain(const ns_explanation *explanation);
/* [{bucket, count, articles, share}]: share is count / articles. */
json_t *ns_json_histogram(const ns_search_result *result);
json_t *ns_json_batch(const ns_batch_report *report);
json_t *ns_json_watch(const ns_watch *watch);
json_t *ns_json_people(const char *pattern, const ns_people_list *list);

#endif
