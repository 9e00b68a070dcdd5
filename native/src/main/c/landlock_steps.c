/*
 * The Landlock steps of the container process (LANDLOCK, LANDLOCK_SCOPE, LANDLOCK_NET; see
 * PLAN_FORMAT.md): each returns 0 or an errno, as every step does (steps.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/landlock.h>

#include "shim.h"

int step_landlock(const struct plan_step *s)
{
    long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    CHECK(abi);
    if ((long) s->u32[0] > abi) {
        return EOPNOTSUPP; /* the plan was made for a newer Landlock ABI than this kernel's */
    }
    /* Only handled_access_fs for now: the kernel accepts a struct that ends after it. */
    struct landlock_ruleset_attr attr = { .handled_access_fs = s->u64[0] };
    int rs = (int) syscall(SYS_landlock_create_ruleset, &attr, sizeof attr.handled_access_fs, 0);
    CHECK(rs);
    int err = 0;
    for (uint32_t i = 0; i < s->count && err == 0; i++) {
        const struct plan_landlock_rule *r = &s->rules[i];
        int fd = open(r->path, O_PATH | O_CLOEXEC);
        if (fd < 0) {
            if (!(errno == ENOENT && r->optional)) {
                err = errno;
            }
            continue;
        }
        /* A file takes only the file rights (the kernel refuses directory rights on it). */
        uint64_t access = r->access;
        struct stat st;
        if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode)) {
            /* TRUNCATE (ABI 3) and IOCTL_DEV (ABI 5) by value: bookworm's headers predate them. */
            access &= LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE
                      | (1ULL << 14) | (1ULL << 15);
        }
        struct landlock_path_beneath_attr pb = { .allowed_access = access, .parent_fd = fd };
        if (syscall(SYS_landlock_add_rule, rs, LANDLOCK_RULE_PATH_BENEATH, &pb, 0) < 0) {
            err = errno;
        }
        close(fd);
    }
    if (err == 0 && syscall(SYS_landlock_restrict_self, rs, 0) < 0) {
        err = errno;
    }
    close(rs);
    return err;
}

/*
 * A second Landlock layer that handles no access right, only scopes (ABI 6): abstract unix sockets
 * and signals are confined to the sandbox's own domain. Spelled out: bookworm's headers predate it.
 */
struct nucleus_landlock_ruleset_attr_v6 {
    uint64_t handled_access_fs;
    uint64_t handled_access_net;
    uint64_t scoped;
};

int step_landlock_scope(const struct plan_step *s)
{
    struct nucleus_landlock_ruleset_attr_v6 attr = { .handled_access_fs = 0, .handled_access_net = 0,
                                                     .scoped = s->u64[0] };
    int rs = (int) syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0);
    CHECK(rs);
    int err = syscall(SYS_landlock_restrict_self, rs, 0) < 0 ? errno : 0;
    close(rs);
    return err;
}

/*
 * A Landlock layer for TCP (ABI 4): bind and connect, as far as handled_net says, only to the
 * ports the rules name. (linux/landlock.h of bookworm predates ABI 4: the structs by value.)
 */
struct nucleus_landlock_net_port_attr {
    uint64_t allowed_access;
    uint64_t port;
};

int step_landlock_net(const struct plan_step *s)
{
    struct nucleus_landlock_ruleset_attr_v6 attr = { .handled_access_fs = 0, .handled_access_net = s->u64[0],
                                                     .scoped = 0 };
    int rs = (int) syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0);
    CHECK(rs);
    int err = 0;
    for (uint32_t i = 0; i < s->count && err == 0; i++) {
        struct nucleus_landlock_net_port_attr np = { .allowed_access = s->rules[i].access,
                                                     .port = s->rules[i].port };
        if (syscall(SYS_landlock_add_rule, rs, 2 /* LANDLOCK_RULE_NET_PORT */, &np, 0) < 0) {
            err = errno;
        }
    }
    if (err == 0 && syscall(SYS_landlock_restrict_self, rs, 0) < 0) {
        err = errno;
    }
    close(rs);
    return err;
}
