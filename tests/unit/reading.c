#include "reading.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "extract/dates.h"
#include "util/mem.h"

warnings seen;

static void collect_warning(void *ctx, const char *path, size_t line, const char *message)
{
    warnings *w = ctx;
    ns_buf_printf(&w->text, "%s:%zu: %s\n", path, line, message);
    w->count++;
}

ns_read_context read_context(const char *path)
{
    ns_buf_free(&seen.text);
    ns_buf_append(&seen.text, "", 0);
    seen.count = 0;
    return (ns_read_context){
        .path = path,
        .identity = path,
        .reference_time = REFERENCE,
        .reference_source = NS_DATE_CRAWL,
        .warn = collect_warning,
        .warn_ctx = &seen,
    };
}

char *load(const char *relative, size_t *len)
{
    const char *top = getenv("top_srcdir");
    char *path = ns_xasprintf("%s/%s", top ? top : ".", relative);
    ns_buf buf = NS_BUF_INIT;
    if (ns_buf_read_file(&buf, path, 0) != 0)
        fail_msg("cannot open %s: %s", path, strerror(errno));
    free(path);
    *len = buf.len;
    return ns_buf_detach(&buf);
}
