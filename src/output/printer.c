#include "output/printer.h"

#include <stdlib.h>
#include <strings.h>
#include <unistd.h>

ns_status ns_printer_by_name(const char *name, const ns_printer **printer, ns_error *err)
{
    static const ns_printer *const printers[] = { &ns_printer_text, &ns_printer_json };
    for (size_t i = 0; i < sizeof printers / sizeof printers[0]; i++) {
        if (strcasecmp(name, printers[i]->name) == 0) {
            *printer = printers[i];
            return NS_OK;
        }
    }
    return ns_error_set(err, NS_ERR_USAGE, "unknown format '%s': use text or json", name);
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
