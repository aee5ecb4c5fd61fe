#include "util/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/mem.h"

static void reserve(ns_buf *buf, size_t extra)
{
    buf->data = ns_xgrow(buf->data, &buf->cap, buf->len + extra + 1, 1);
}

void ns_buf_append(ns_buf *buf, const char *data, size_t len)
{
    reserve(buf, len);
    if (len)
        memcpy(buf->data + buf->len, data, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
}

void ns_buf_puts(ns_buf *buf, const char *s)
{
    ns_buf_append(buf, s, strlen(s));
}

void ns_buf_putc(ns_buf *buf, char c)
{
    reserve(buf, 1);
    buf->data[buf->len++] = c;
    buf->data[buf->len] = '\0';
}

void ns_buf_printf(ns_buf *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    reserve(buf, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    buf->len += (size_t)n;
}

void ns_buf_reset(ns_buf *buf)
{
    ns_buf_truncate(buf, 0);
}

void ns_buf_truncate(ns_buf *buf, size_t len)
{
    if (len < buf->len) {
        buf->len = len;
        buf->data[len] = '\0';
    }
}

const char *ns_buf_str(const ns_buf *buf)
{
    return buf->data ? buf->data : "";
}

char *ns_buf_detach(ns_buf *buf)
{
    char *s = buf->data ? buf->data : ns_xstrdup("");
    buf->data = NULL;
    buf->len = buf->cap = 0;
    return s;
}

void ns_buf_free(ns_buf *buf)
{
    if (!buf)
        return;
    free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
}

int ns_buf_read_file(ns_buf *buf, const char *path, size_t size_hint)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    const size_t start = buf->len;
    reserve(buf, size_hint);
    for (;;) {
        reserve(buf, 65536);
        ssize_t n = read(fd, buf->data + buf->len, buf->cap - buf->len - 1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int saved = errno;
            close(fd);
            ns_buf_truncate(buf, start);
            errno = saved;
            return -1;
        }
        if (n == 0)
            break;
        buf->len += (size_t)n;
    }
    close(fd);
    buf->data[buf->len] = '\0';
    return 0;
}
