#include "newssearch/status.h"

#include <stdarg.h>
#include <stdio.h>

const char *ns_status_to_string(ns_status status)
{
    switch (status) {
    case NS_OK: return "ok";
    case NS_ERR_NOMEM: return "out of memory";
    case NS_ERR_USAGE: return "usage error";
    case NS_ERR_QUERY: return "query error";
    case NS_ERR_IO: return "input/output error";
    case NS_ERR_INPUT: return "bad input";
    case NS_ERR_UNSUPPORTED: return "unsupported format";
    case NS_ERR_DB_MISSING: return "no index";
    case NS_ERR_DB_LOCKED: return "index locked";
    case NS_ERR_DB_CORRUPT: return "index damaged";
    case NS_ERR_DB_VERSION: return "index version mismatch";
    case NS_ERR_DB_MODIFIED: return "index modified";
    case NS_ERR_DISK_FULL: return "disk full";
    case NS_ERR_NOT_FOUND: return "not found";
    case NS_ERR_INTERRUPTED: return "interrupted";
    case NS_ERR_TIME_LIMIT: return "time limit";
    case NS_ERR_INTERNAL: return "internal error";
    }
    return "unknown status";
}

ns_status ns_error_set(ns_error *err, ns_status status, const char *fmt, ...)
{
    if (err) {
        err->status = status;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return status;
}

void ns_error_clear(ns_error *err)
{
    if (err) {
        err->status = NS_OK;
        err->message[0] = '\0';
    }
}

int ns_status_exit_code(ns_status status)
{
    switch (status) {
    case NS_OK:
        return 0;
    case NS_ERR_USAGE:
    case NS_ERR_QUERY:
        return 2;
    case NS_ERR_DB_MISSING:
    case NS_ERR_DB_LOCKED:
    case NS_ERR_DB_CORRUPT:
    case NS_ERR_DB_VERSION:
    case NS_ERR_DB_MODIFIED:
    case NS_ERR_DISK_FULL:
        return 3;
    default:
        return 1;
    }
}
