#include "index/lockinfo.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "util/mem.h"

static char *lockinfo_path(const char *db_path)
{
    return ns_xasprintf("%s/%s", db_path, NS_LOCKINFO_FILE);
}

/* The recorded process id, or 0. */
static long read_pid(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    long pid = 0;
    if (fscanf(f, "%ld", &pid) != 1 || pid <= 0)
        pid = 0;
    fclose(f);
    return pid;
}

void ns_lockinfo_record(const char *db_path)
{
    char *path = lockinfo_path(db_path);
    char *tmp = ns_xasprintf("%s.%ld", path, (long)getpid());
    /* Written aside and renamed, so that a reader never sees half a pid. */
    FILE *f = fopen(tmp, "w");
    if (f) {
        bool written = fprintf(f, "%ld\n", (long)getpid()) > 0;
        if (fclose(f) == 0 && written)
            rename(tmp, path);
    }
    unlink(tmp);
    free(tmp);
    free(path);
}

void ns_lockinfo_clear(const char *db_path)
{
    char *path = lockinfo_path(db_path);
    if (read_pid(path) == (long)getpid())
        unlink(path);
    free(path);
}

void ns_lockinfo_explain(const char *db_path, ns_error *err)
{
    if (!err || err->status != NS_ERR_DB_LOCKED)
        return;
    char *path = lockinfo_path(db_path);
    long pid = read_pid(path);
    free(path);
    /* A record left by a writer that was killed names nobody. */
    if (pid > 0 && pid != (long)getpid() && (kill((pid_t)pid, 0) == 0 || errno == EPERM))
        ns_error_set(err, NS_ERR_DB_LOCKED, "%s: the index is locked by another newssearch (pid %ld)",
                     db_path, pid);
}
