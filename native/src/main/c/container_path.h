#ifndef NUCLEUS_CONTAINER_PATH_H
#define NUCLEUS_CONTAINER_PATH_H

#include <limits.h>

/*
 * Where a symlink of a rootfs leads inside the container, resolved as the container's kernel
 * resolves it rather than as the host would: an absolute text and ".." against the rootfs, as a
 * chroot does (".." at its top stays there), except that /nix/store/<32 nix-base32>-<name> and
 * what is beneath it is the host's store object of that name (what the runtime binds there).
 * /nix and /nix/store themselves are the runtime's (never looked up in the rootfs).
 *
 * Every component is opened with openat2(RESOLVE_NO_SYMLINKS) beneath the rootfs or the store,
 * so no link is ever followed by the host's rules: each is read and followed here, one at a time
 * (at most 40, as the kernel allows).
 */

struct container_path {
    int root_fd;        /* the rootfs, open */
    const char *root;   /* its canonical host path */
    int store_fd;       /* the host's /nix/store, open; -1 when it has none (store targets dangle) */
};

struct container_target {
    char path[PATH_MAX]; /* the container path it leads to ("/" for the top) */
    char host[PATH_MAX]; /* the same entry on the host: beneath root, or a store path */
    char kind;           /* d, f or o (not following anything: it is no link) */
};

/*
 * Resolves `text`, a link found in the container directory `dir` (a canonical container path).
 * 0 when it leads somewhere (out filled), 1 when it dangles (nothing there, a non-directory on the
 * way, a loop, a name too long, or /nix or /nix/store themselves), -1 with errno on a failure.
 */
int container_path_resolve(const struct container_path *c, const char *dir, const char *text,
                           struct container_target *out);

/*
 * Opens `host`, a path the walk reached (the rootfs, beneath it, or in a store object), with
 * `flags`, following no link on the way (openat2 RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS from the
 * rootfs or the store): a component swapped for a link since it was resolved fails (ELOOP) rather
 * than lead the read to the host. Any other path is EXDEV. -1 with errno on failure.
 */
int container_path_open_host(const struct container_path *c, const char *host, int flags);

/* 1 when name (of length n) is a store object's name: 32 nix-base32, '-', then a name not starting with '.'. */
int container_path_store_name(const char *name, size_t n);

#endif
