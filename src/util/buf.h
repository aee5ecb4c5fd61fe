/* A growable byte buffer, always NUL-terminated.  One buffer reused across
 * documents keeps allocation out of the indexer's hot path: ns_buf_reset()
 * empties it and keeps the storage. */
#ifndef NS_UTIL_BUF_H
#define NS_UTIL_BUF_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ns_buf {
    char *data;   /* NULL until the first append; ns_buf_str() never is */
    size_t len;
    size_t cap;
} ns_buf;

#define NS_BUF_INIT { NULL, 0, 0 }

void ns_buf_append(ns_buf *buf, const char *data, size_t len);
void ns_buf_puts(ns_buf *buf, const char *s);
void ns_buf_putc(ns_buf *buf, char c);
void ns_buf_printf(ns_buf *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ns_buf_reset(ns_buf *buf);
void ns_buf_truncate(ns_buf *buf, size_t len);
/* The contents as a C string (borrowed). */
const char *ns_buf_str(const ns_buf *buf);
/* Hand the contents to the caller (free() it) and empty the buffer. */
char *ns_buf_detach(ns_buf *buf);
void ns_buf_free(ns_buf *buf);
/* Append the whole of the file at path (size_hint: its expected size, or
 * 0).  0, or -1 with errno set and the buffer as it was. */
int ns_buf_read_file(ns_buf *buf, const char *path, size_t size_hint);

#ifdef __cplusplus
}
#endif

#endif
