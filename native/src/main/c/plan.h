/*
 * Isolation plan buffer, format v1 (native/PLAN_FORMAT.md): constants and the decoder.
 * plan_decode() validates the WHOLE buffer before anything runs and never crashes on bad input
 * (fuzzed by src/test/c/fuzz_plan.c). No syscalls here: it is pure parsing.
 */
#ifndef NUCLEUS_PLAN_H
#define NUCLEUS_PLAN_H

#include <stddef.h>
#include <stdint.h>

#define PLAN_MAGIC 0x5043554Eu /* "NUCP" little-endian */
#define PLAN_VERSION 1
#define PLAN_HEADER_SIZE 16u
#define PLAN_MAX_SIZE (16u << 20)
#define PLAN_MAX_RECORDS 4096u
#define PLAN_MAX_STR 4096u
#define PLAN_MAX_COUNT 4096u
/* EXEC's argv and env: elements as long as the kernel takes (MAX_ARG_STRLEN), and as many. */
#define PLAN_MAX_ARG_STR 131072u
#define PLAN_MAX_ARGS 65536u
#define PLAN_MAX_BYTES (1u << 20)
#define PLAN_MAX_BPF_INSNS 4096u

/* PLAN_REJECTED reason codes. */
enum plan_reason {
    PLAN_OK = 0,
    PLAN_BAD_MAGIC = 1,
    PLAN_BAD_VERSION = 2,
    PLAN_BAD_LENGTH = 3,
    PLAN_RECORD_OVERRUN = 4,
    PLAN_UNKNOWN_OP = 5,
    PLAN_BAD_PAYLOAD = 6,
    PLAN_BAD_STRING = 7,
    PLAN_BAD_COUNT = 8,
    PLAN_BAD_STRUCTURE = 9,
    PLAN_NAMESPACES_AHEAD = 10, /* the shim made a network namespace ahead the plan cannot take */
};

enum plan_op {
    OP_CLONE_FLAGS = 1,
    OP_MOUNT = 10,
    OP_MKDIR = 11,
    OP_MKFILE = 12,
    OP_WRITE_FILE = 13,
    OP_SYMLINK = 14,
    OP_PIVOT_ROOT = 15,
    OP_SETHOSTNAME = 16,
    OP_CHDIR = 17,
    OP_MAKE_PRIVATE = 18,
    OP_MASK_PATH = 19,
    OP_READONLY_PATH = 20,
    OP_DROP_BOUNDING = 21,
    OP_SET_IDENTITY = 22,
    OP_CAPSET = 23,
    OP_AMBIENT = 24,
    OP_RLIMIT = 25,
    OP_NO_NEW_PRIVS = 26,
    OP_LANDLOCK = 27,
    OP_CLOSE_FDS = 28,
    OP_SECCOMP = 29,
    OP_MINI_INIT = 30,
    OP_EXEC = 31,
    OP_LOOPBACK_UP = 32,
    OP_UNSHARE = 33,
    OP_CONTROLLING_TERMINAL = 34,
    OP_PTY_OPEN = 35,
    OP_LANDLOCK_SCOPE = 36,
    OP_MOUNT_EXPECT = 37,
    OP_SECCOMP_TRACE = 38,
    OP_LANDLOCK_NET = 39,
    OP_HOOK_PAUSE = 40,
    OP_CGROUP_JOIN = 41,
    OP_AWAIT_GO = 42,
    OP_ATTACH_ROOTFS = 43,
    OP_ATTACH_LAYER = 44,
    OP_AWAIT_MAPS = 45,
};

struct plan_landlock_rule {
    const char *path; /* LANDLOCK; NULL for LANDLOCK_NET */
    uint64_t access;
    uint32_t optional;
    uint64_t port; /* LANDLOCK_NET */
};

/* LANDLOCK_NET's rights (linux/landlock.h, ABI 4): BIND_TCP, CONNECT_TCP. */
#define PLAN_LANDLOCK_NET_RIGHTS 3ull
#define PLAN_MAX_PORT 65535ull

/*
 * One decoded record. Which fields are used depends on op (see plan.c, decode_payload):
 * strings are NUL-terminated copies (NULL where an empty string means "none"). CGROUP_JOIN's
 * u32[0] is no payload: the shim puts there the fd it opened str[0] with (shim.c).
 */
struct plan_step {
    uint16_t op;
    const char *str[4];
    uint64_t u64[3];
    uint32_t u32[2];
    const uint8_t *bytes; /* WRITE_FILE content, SECCOMP program (8-byte aligned copy) */
    uint32_t bytes_len;
    char **argv; /* EXEC, NULL-terminated */
    char **envp; /* EXEC, NULL-terminated */
    uint32_t *gids; /* SET_IDENTITY */
    uint32_t count; /* SET_IDENTITY gids, LANDLOCK and LANDLOCK_NET rules */
    struct plan_landlock_rule *rules;
};

struct plan {
    uint64_t clone_flags;
    uint32_t count; /* records, CLONE_FLAGS (index 0) and EXEC (last) included */
    struct plan_step *steps;
};

/* The only CLONE_NEW* bits a plan may ask for. */
#define PLAN_ALLOWED_CLONE_FLAGS                                                              \
    (0x00020000ull /* NEWNS */ | 0x04000000ull /* NEWUTS */ | 0x08000000ull /* NEWIPC */ |    \
     0x10000000ull /* NEWUSER */ | 0x20000000ull /* NEWPID */ | 0x40000000ull /* NEWNET */ |   \
     0x02000000ull /* NEWCGROUP */ | 0x00000080ull /* NEWTIME */)

/* The one namespace UNSHARE may create (after the runtime joined the process to its cgroup). */
#define PLAN_CLONE_NEWCGROUP 0x02000000ull

/* Where a CGROUP_JOIN path must lie, and what it must name: a v1 hierarchy's tasks file. */
#define PLAN_CGROUP_PREFIX "/sys/fs/cgroup/"
#define PLAN_CGROUP_TASKS "/tasks"

/*
 * Decodes and validates buf[0..len). Returns PLAN_OK and fills *out (free with plan_free), or a
 * reason code with *bad_offset set to the first bad byte; *out is then empty. Out of memory is
 * reported as PLAN_BAD_LENGTH at offset 0 (it cannot happen within the size limits in practice).
 */
enum plan_reason plan_decode(const uint8_t *buf, size_t len, struct plan *out, uint32_t *bad_offset);

void plan_free(struct plan *plan);

/* Does the plan hold a record with this op? */
static inline int plan_has_op(const struct plan *plan, uint16_t op)
{
    for (uint32_t i = 0; i < plan->count; i++) {
        if (plan->steps[i].op == op) {
            return 1;
        }
    }
    return 0;
}

#endif
