/* A rootfs's symlinks resolved as inside the container (see container_path.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "container_path.h"

#define MAX_LINKS 40 /* the kernel's MAXSYMLINKS */
#define STORE "/nix/store/"
#define STORE_LEN (sizeof STORE - 1)
#define HASH_LEN 32

static int name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("+-._?=", c) != NULL;
}

int container_path_store_name(const char *name, size_t n)
{
    if (n < HASH_LEN + 2 || name[HASH_LEN] != '-' || name[HASH_LEN + 1] == '.') {
        return 0;
    }
    for (size_t i = 0; i < HASH_LEN; i++) {
        if (name[i] == '\0' || strchr("0123456789abcdfghijklmnpqrsvwxyz", name[i]) == NULL) {
            return 0;
        }
    }
    for (size_t i = HASH_LEN + 1; i < n; i++) {
        if (!name_char(name[i])) {
            return 0;
        }
    }
    return 1;
}

/* Whether the container path lies in a store object: /nix/store/<object>[/...]. */
static int in_store(const char *path)
{
    if (strncmp(path, STORE, STORE_LEN) != 0) {
        return 0;
    }
    const char *name = path + STORE_LEN;
    return container_path_store_name(name, strcspn(name, "/"));
}

/* /nix and /nix/store are the runtime's: where it binds the store objects, never the rootfs's. */
static int runtime_directory(const char *path)
{
    return strcmp(path, "/nix") == 0 || strcmp(path, "/nix/store") == 0;
}

/* The entry at the container path (no link on the way, the last not followed), O_PATH; -1 with errno. */
static int open_entry(const struct container_path *c, const char *path)
{
    struct open_how how = {.flags = O_PATH | O_NOFOLLOW | O_CLOEXEC,
                           .resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS};
    if (in_store(path)) {
        if (c->store_fd < 0) {
            errno = ENOENT;
            return -1;
        }
        how.resolve |= RESOLVE_BENEATH;
        return (int) syscall(SYS_openat2, c->store_fd, path + STORE_LEN, &how, sizeof how);
    }
    how.resolve |= RESOLVE_IN_ROOT;
    return (int) syscall(SYS_openat2, c->root_fd, path + 1, &how, sizeof how);
}

int container_path_open_host(const struct container_path *c, const char *host, int flags)
{
    struct open_how how = {.flags = (unsigned) flags | O_NOFOLLOW | O_CLOEXEC,
                           .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS};
    size_t n = strlen(c->root);
    int base;
    const char *rel;
    if (strncmp(host, c->root, n) == 0 && (host[n] == '\0' || host[n] == '/')) {
        base = c->root_fd;
        rel = host[n] == '\0' ? "." : host + n + 1;
    } else if (in_store(host) && c->store_fd >= 0) {
        base = c->store_fd;
        rel = host + STORE_LEN;
    } else {
        errno = EXDEV;
        return -1;
    }
    return (int) syscall(SYS_openat2, base, rel, &how, sizeof how);
}

static char kind_of(mode_t mode)
{
    return S_ISDIR(mode) ? 'd' : S_ISREG(mode) ? 'f' : 'o';
}

/* errno values that mean "nothing there", as the container's own open would find it. */
static int dangles(int err)
{
    return err == ENOENT || err == ENOTDIR || err == ELOOP || err == ENAMETOOLONG;
}

int container_path_resolve(const struct container_path *c, const char *dir, const char *text,
                           struct container_target *out)
{
    char cur[PATH_MAX];     /* resolved so far, no link in it; "" is the top */
    char pending[2 * PATH_MAX];
    char next[2 * PATH_MAX];
    if (snprintf(cur, sizeof cur, "%s", text[0] == '/' || strcmp(dir, "/") == 0 ? "" : dir) >= (int) sizeof cur
        || snprintf(pending, sizeof pending, "%s", text) >= (int) sizeof pending || text[0] == '\0') {
        return 1;
    }
    int links = 0;
    char kind = 'd';
    const char *p = pending;
    while (*p != '\0') {
        if (*p == '/') {
            if (kind != 'd') {
                return 1; /* "file/...": not a directory */
            }
            p++;
            continue;
        }
        size_t n = strcspn(p, "/");
        const char *name = p;
        p += n;
        if (n == 1 && name[0] == '.') {
            continue;
        }
        if (n == 2 && name[0] == '.' && name[1] == '.') {
            char *slash = strrchr(cur, '/');
            if (slash != NULL) {
                *slash = '\0'; /* at the top, ".." stays there */
            }
            kind = 'd';
            continue;
        }
        size_t len = strlen(cur);
        if (len + 1 + n >= sizeof cur) {
            return 1;
        }
        char candidate[PATH_MAX];
        memcpy(candidate, cur, len);
        candidate[len] = '/';
        memcpy(candidate + len + 1, name, n);
        candidate[len + 1 + n] = '\0';
        if (runtime_directory(candidate)) {
            memcpy(cur, candidate, len + 2 + n);
            kind = 'd';
            continue;
        }
        int fd = open_entry(c, candidate);
        if (fd < 0) {
            return dangles(errno) ? 1 : -1;
        }
        struct stat st;
        if (fstat(fd, &st) != 0) {
            int err = errno;
            close(fd);
            errno = err;
            return -1;
        }
        if (!S_ISLNK(st.st_mode)) {
            close(fd);
            memcpy(cur, candidate, len + 2 + n);
            kind = kind_of(st.st_mode);
            continue;
        }
        char link[PATH_MAX];
        ssize_t got = readlinkat(fd, "", link, sizeof link - 1);
        int err = errno;
        close(fd);
        if (got < 0) {
            errno = err;
            return -1;
        }
        link[got] = '\0';
        if (++links > MAX_LINKS || got == 0) {
            return 1;
        }
        /* The link's text, then what was left: resolved from the link's directory, or the top. */
        if (snprintf(next, sizeof next, "%s%s", link, p) >= (int) sizeof next) {
            return 1;
        }
        memcpy(pending, next, strlen(next) + 1);
        p = pending;
        if (link[0] == '/') {
            cur[0] = '\0';
        }
        kind = 'd';
    }
    if (runtime_directory(cur)) {
        return 1; /* the runtime's own directories: nothing of the rootfs or store to list */
    }
    snprintf(out->path, sizeof out->path, "%s", cur[0] == '\0' ? "/" : cur);
    int over = in_store(cur) ? snprintf(out->host, sizeof out->host, "%s", cur)
                             : snprintf(out->host, sizeof out->host, "%s%s", c->root, cur);
    if (over >= (int) sizeof out->host) {
        return 1;
    }
    out->kind = kind;
    return 0;
}
