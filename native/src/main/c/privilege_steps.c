/*
 * The privilege steps of the container process (DROP_BOUNDING, SET_IDENTITY, CAPSET, AMBIENT,
 * RLIMIT; see PLAN_FORMAT.md): each returns 0 or an errno, as every step does (steps.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/capability.h>

#include "shim.h"

int step_drop_bounding(const struct plan_step *s)
{
    for (int cap = 0; cap < 64; cap++) {
        int have = prctl(PR_CAPBSET_READ, cap, 0, 0, 0);
        if (have < 0) {
            if (errno == EINVAL) {
                return 0; /* past the kernel's last capability */
            }
            return errno;
        }
        if (have == 1 && !(s->u64[0] & (1ull << cap))) {
            CHECK(prctl(PR_CAPBSET_DROP, cap, 0, 0, 0));
        }
    }
    return 0;
}

static int setgroups_denied(void)
{
    char buf[8] = { 0 };
    int fd = open("/proc/self/setgroups", O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return 0;
    }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    return n >= 4 && strncmp(buf, "deny", 4) == 0;
}

int step_set_identity(const struct plan_step *s)
{
    CHECK(prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0));
    gid_t gids[PLAN_MAX_COUNT];
    for (uint32_t i = 0; i < s->count; i++) {
        gids[i] = (gid_t) s->gids[i];
    }
    if (syscall(SYS_setgroups, (size_t) s->count, gids) < 0) {
        int err = errno;
        if (!(err == EPERM && s->count == 0 && setgroups_denied())) {
            return err;
        }
    }
    CHECK(syscall(SYS_setresgid, s->u32[1], s->u32[1], s->u32[1]));
    CHECK(syscall(SYS_setresuid, s->u32[0], s->u32[0], s->u32[0]));
    CHECK(prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0));
    return 0;
}

int step_capset(const struct plan_step *s)
{
    struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
    struct __user_cap_data_struct data[2];
    for (int i = 0; i < 2; i++) {
        data[i].effective = (uint32_t) (s->u64[0] >> (32 * i));
        data[i].permitted = (uint32_t) (s->u64[1] >> (32 * i));
        data[i].inheritable = (uint32_t) (s->u64[2] >> (32 * i));
    }
    CHECK(syscall(SYS_capset, &hdr, data));
    return 0;
}

int step_ambient(const struct plan_step *s)
{
    CHECK(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0));
    for (int cap = 0; cap < 64; cap++) {
        if (s->u64[0] & (1ull << cap)) {
            CHECK(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0));
        }
    }
    return 0;
}

int step_rlimit(const struct plan_step *s)
{
    struct rlimit rl = { .rlim_cur = (rlim_t) s->u64[0], .rlim_max = (rlim_t) s->u64[1] };
    CHECK(setrlimit((__rlimit_resource_t) s->u32[0], &rl));
    return 0;
}
