#include "index/schema.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const ns_field_info fields[NS_FIELD_COUNT] = {
    { NS_FIELD_TEXT, "text", "", false },
    { NS_FIELD_TITLE, "title", NS_PREFIX_TITLE, false },
    { NS_FIELD_OUTLET, "outlet", NS_PREFIX_OUTLET, true },
    { NS_FIELD_PERSON, "person", NS_PREFIX_PERSON, true },
    { NS_FIELD_CREDIT, "credit", NS_PREFIX_CREDIT, true },
    { NS_FIELD_DATE, "date", NS_PREFIX_DAY, true },
};

const ns_field_info *ns_schema_field_by_name(const char *name, size_t len)
{
    for (size_t i = 0; i < NS_FIELD_COUNT; i++)
        if (strlen(fields[i].name) == len && strncasecmp(fields[i].name, name, len) == 0)
            return &fields[i];
    return NULL;
}

const ns_field_info *ns_schema_field(ns_field field)
{
    return &fields[field];
}

static const char *const facet_names[NS_FACET_COUNT] = {
    "outlet", "person", "credit", "format", "year", "month", "day",
};

const char *ns_facet_name(ns_facet_kind kind)
{
    return facet_names[kind];
}

ns_status ns_facet_by_name(const char *name, ns_facet_kind *kind, ns_error *err)
{
    for (int i = 0; i < NS_FACET_COUNT; i++) {
        if (strcasecmp(name, facet_names[i]) == 0) {
            *kind = (ns_facet_kind)i;
            return NS_OK;
        }
    }
    return ns_error_set(err, NS_ERR_USAGE,
                        "unknown facet '%s': use outlet, person, credit, format, year, month "
                        "or day", name);
}

void ns_schema_term(ns_buf *out, const char *prefix, const char *value, size_t len)
{
    ns_buf_reset(out);
    ns_buf_puts(out, prefix);
    ns_buf_append(out, value, len);
}

void ns_schema_word_term(ns_buf *out, const char *word, size_t len, const char *surface,
                         size_t surface_len)
{
    ns_buf_reset(out);
    bool plain = surface_len == len && memcmp(surface, word, len) == 0;
    size_t variant_len = strlen(NS_PREFIX_EXACT) + len + 1 + surface_len;
    if (plain || variant_len > NS_TERM_MAX_BYTES) {
        ns_buf_append(out, word, len);
        return;
    }
    ns_schema_variant_prefix(out, word, len);
    ns_buf_append(out, surface, surface_len);
}

void ns_schema_variant_prefix(ns_buf *out, const char *word, size_t len)
{
    ns_buf_reset(out);
    ns_buf_puts(out, NS_PREFIX_EXACT);
    ns_buf_append(out, word, len);
    ns_buf_putc(out, ' ');
}

bool ns_schema_variant_word(const char *term, size_t len, const char **word, size_t *word_len)
{
    size_t prefix = strlen(NS_PREFIX_EXACT);
    if (len <= prefix || memcmp(term, NS_PREFIX_EXACT, prefix) != 0)
        return false;
    const char *space = memchr(term + prefix, ' ', len - prefix);
    if (!space)
        return false;
    *word = term + prefix;
    *word_len = (size_t)(space - *word);
    return true;
}

void ns_schema_format_generation(uint64_t generation, char out[13])
{
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%012" PRIu64, generation % UINT64_C(1000000000000));
    memcpy(out, tmp, 13);
}

ns_status ns_schema_generation(ns_xdb *db, uint64_t *generation, ns_error *err)
{
    char *text = NULL;
    ns_status st = ns_xdb_get_metadata(db, NS_META_GENERATION, &text, err);
    if (st == NS_OK)
        *generation = strtoull(text, NULL, 10);
    free(text);
    return st;
}

ns_status ns_schema_check(ns_xdb *db, bool writable, ns_error *err)
{
    char *version = NULL;
    ns_status st = ns_xdb_get_metadata(db, NS_META_SCHEMA, &version, err);
    if (st != NS_OK)
        return st;
    if (version[0] == '\0') {
        uint32_t count = 0;
        st = ns_xdb_doc_count(db, &count, err);
        if (st == NS_OK && count > 0)
            st = ns_error_set(err, NS_ERR_DB_VERSION,
                              "this index was not made by newssearch (no schema version)");
        else if (st == NS_OK && writable)
            st = ns_xdb_set_metadata(db, NS_META_SCHEMA, NS_SCHEMA_VERSION, err);
    } else if (strcmp(version, NS_SCHEMA_VERSION) != 0) {
        st = ns_error_set(err, NS_ERR_DB_VERSION,
                          "the index uses schema %s but this newssearch uses schema %s: "
                          "remove it and run `newssearch index` again",
                          version, NS_SCHEMA_VERSION);
    }
    free(version);
    return st;
}
