#include "output/printer.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

ns_status ns_printer_by_name(const char *name, const ns_printer **printer, ns_error *err)
{
    static const ns_printer *const printers[] = { &ns_printer_text, &ns_printer_json,
                                                  &ns_printer_jsonl, &ns_printer_csv };
    for (size_t i = 0; i < sizeof printers / sizeof printers[0]; i++) {
        if (strcasecmp(name, printers[i]->name) == 0) {
            *printer = printers[i];
            return NS_OK;
        }
    }
    return ns_error_set(err, NS_ERR_USAGE, "unknown format '%s': use text, json, jsonl or csv", name);
}

bool ns_want_color(FILE *out)
{
    const char *no_color = getenv("NO_COLOR");
    return isatty(fileno(out)) && !(no_color && *no_color);
}

void ns_print_escaped(FILE *out, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\n')
            fputs("\\n", out);
        else if (c == '\t')
            fputs("\\t", out);
        else if (c < 0x20 || c == 0x7f)
            fprintf(out, "\\x%02x", c);
        else
            fputc(c, out);
    }
}

typedef struct column_total {
    const char *value;
    uint64_t count;
} column_total;

static int by_total(const void *a, const void *b)
{
    const column_total *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->value, y->value);
}

void ns_batch_columns(const ns_batch_report *report, ns_strlist *columns)
{
    memset(columns, 0, sizeof *columns);
    if (!report->has_by)
        return;
    for (size_t i = 0; i < report->n_rows; i++) {
        const ns_facet_result *f = report->rows[i].by;
        for (size_t v = 0; f && v < f->n_values; v++)
            ns_strlist_add_unique(columns, f->values[v].value);
    }
    if (report->by == NS_FACET_YEAR || report->by == NS_FACET_MONTH || report->by == NS_FACET_DAY) {
        ns_strlist_sort(columns);
        return;
    }
    column_total *totals = calloc(columns->len + 1, sizeof *totals);
    if (!totals)
        return;
    for (size_t c = 0; c < columns->len; c++) {
        totals[c].value = columns->items[c];
        for (size_t i = 0; i < report->n_rows; i++)
            totals[c].count += ns_batch_count(&report->rows[i], columns->items[c]);
    }
    qsort(totals, columns->len, sizeof *totals, by_total);
    ns_strlist sorted = { 0 };
    for (size_t c = 0; c < columns->len; c++)
        ns_strlist_add(&sorted, totals[c].value);
    free(totals);
    ns_strlist_clear(columns);
    *columns = sorted;
}

uint32_t ns_batch_count(const ns_batch_row *row, const char *column)
{
    for (size_t v = 0; row->by && v < row->by->n_values; v++)
        if (strcmp(row->by->values[v].value, column) == 0)
            return row->by->values[v].count;
    return 0;
}
