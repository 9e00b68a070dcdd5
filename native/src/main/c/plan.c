/*
 * Plan decoder (PLAN_FORMAT.md, "Buffer layout"). One pass over the buffer with a bounded
 * cursor; every read is checked against the end of the current payload before memcpy. The
 * first error wins and records its reason and offset; nothing is executed until the whole
 * buffer decoded cleanly.
 */
#include "plan.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct cursor {
    const uint8_t *buf;
    uint32_t pos;
    uint32_t end; /* end of the current payload (or of the buffer) */
    enum plan_reason reason;
    uint32_t bad;
};

static bool fail(struct cursor *c, enum plan_reason reason, uint32_t offset)
{
    if (c->reason == PLAN_OK) {
        c->reason = reason;
        c->bad = offset;
    }
    return false;
}

/* A field running past its payload is a payload that does not fill its length exactly. */
static bool need(struct cursor *c, uint32_t n)
{
    if (c->end - c->pos < n) {
        return fail(c, PLAN_BAD_PAYLOAD, c->pos);
    }
    return true;
}

static uint16_t le16(const uint8_t *p)
{
    return (uint16_t) (p[0] | (p[1] << 8));
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
    return (uint64_t) le32(p) | (uint64_t) le32(p + 4) << 32;
}

static bool rd_u32(struct cursor *c, uint32_t *v)
{
    if (!need(c, 4)) {
        return false;
    }
    *v = le32(c->buf + c->pos);
    c->pos += 4;
    return true;
}

static bool rd_u64(struct cursor *c, uint64_t *v)
{
    if (!need(c, 8)) {
        return false;
    }
    *v = le64(c->buf + c->pos);
    c->pos += 8;
    return true;
}

/*
 * str: u32 length + bytes, no NUL, length <= 4096. Returns a NUL-terminated heap copy, or NULL
 * for length 0 when allow_empty_null; required strings (required) may not be empty.
 * mode: 0 = empty means NULL, 1 = required non-empty, 2 = empty is "" (list elements).
 */
enum str_mode { STR_NULLABLE, STR_REQUIRED, STR_EMPTY_OK };

static bool rd_str_max(struct cursor *c, enum str_mode mode, uint32_t max, char **out)
{
    uint32_t at = c->pos;
    uint32_t n;
    *out = NULL;
    if (!rd_u32(c, &n)) {
        return false;
    }
    if (n > max) {
        return fail(c, PLAN_BAD_STRING, at);
    }
    if (n == 0 && mode == STR_REQUIRED) {
        return fail(c, PLAN_BAD_STRUCTURE, at);
    }
    if (!need(c, n)) {
        return false;
    }
    const uint8_t *nul = memchr(c->buf + c->pos, 0, n);
    if (nul != NULL) {
        return fail(c, PLAN_BAD_STRING, c->pos + (uint32_t) (nul - (c->buf + c->pos)));
    }
    if (n == 0 && mode == STR_NULLABLE) {
        return true;
    }
    char *s = malloc((size_t) n + 1);
    if (s == NULL) {
        return fail(c, PLAN_BAD_LENGTH, 0);
    }
    memcpy(s, c->buf + c->pos, n);
    s[n] = '\0';
    c->pos += n;
    *out = s;
    return true;
}

static bool rd_str(struct cursor *c, enum str_mode mode, char **out)
{
    return rd_str_max(c, mode, PLAN_MAX_STR, out);
}

static bool rd_count_max(struct cursor *c, uint32_t max, uint32_t *n)
{
    uint32_t at = c->pos;
    if (!rd_u32(c, n)) {
        return false;
    }
    if (*n > max) {
        return fail(c, PLAN_BAD_COUNT, at);
    }
    return true;
}

static bool rd_count(struct cursor *c, uint32_t *n)
{
    return rd_count_max(c, PLAN_MAX_COUNT, n);
}

/* strlist: u32 count + strs; a NULL-terminated heap array (elements may be ""). EXEC's argv and env. */
static bool rd_strlist_max(struct cursor *c, uint32_t max_count, uint32_t max_str, char ***out)
{
    uint32_t n;
    *out = NULL;
    if (!rd_count_max(c, max_count, &n)) {
        return false;
    }
    char **list = calloc((size_t) n + 1, sizeof *list);
    if (list == NULL) {
        return fail(c, PLAN_BAD_LENGTH, 0);
    }
    *out = list;
    for (uint32_t i = 0; i < n; i++) {
        if (!rd_str_max(c, STR_EMPTY_OK, max_str, &list[i])) {
            return false;
        }
    }
    return true;
}


/* bytes: u32 length (<= 1 MiB) + bytes; an 8-byte-aligned heap copy (malloc alignment). */
static bool rd_bytes(struct cursor *c, const uint8_t **out, uint32_t *len)
{
    uint32_t at = c->pos;
    uint32_t n;
    *out = NULL;
    if (!rd_u32(c, &n)) {
        return false;
    }
    if (n > PLAN_MAX_BYTES) {
        return fail(c, PLAN_BAD_STRING, at);
    }
    if (!need(c, n)) {
        return false;
    }
    uint8_t *copy = malloc(n == 0 ? 1 : n);
    if (copy == NULL) {
        return fail(c, PLAN_BAD_LENGTH, 0);
    }
    memcpy(copy, c->buf + c->pos, n);
    c->pos += n;
    *out = copy;
    *len = n;
    return true;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* CGROUP_JOIN's path: /sys/fs/cgroup/.../tasks, with no "." or ".." component. */
static bool cgroup_tasks_path(const char *p)
{
    if (strncmp(p, PLAN_CGROUP_PREFIX, strlen(PLAN_CGROUP_PREFIX)) != 0 || !ends_with(p, PLAN_CGROUP_TASKS)) {
        return false;
    }
    for (const char *q = p; (q = strstr(q, "/.")) != NULL; q++) {
        if (q[2] == '/' || q[2] == '\0' || (q[2] == '.' && (q[3] == '/' || q[3] == '\0'))) {
            return false;
        }
    }
    return true;
}

static bool decode_payload(struct cursor *c, struct plan_step *s)
{
    char **str = (char **) s->str;
    uint32_t at;
    switch (s->op) {
    case OP_CLONE_FLAGS:
        at = c->pos;
        if (!rd_u64(c, &s->u64[0])) {
            return false;
        }
        if (s->u64[0] & ~PLAN_ALLOWED_CLONE_FLAGS) {
            return fail(c, PLAN_BAD_STRUCTURE, at);
        }
        return true;
    case OP_MOUNT: /* source, target, fstype, flags, data */
        return rd_str(c, STR_NULLABLE, &str[0]) && rd_str(c, STR_REQUIRED, &str[1])
            && rd_str(c, STR_NULLABLE, &str[2]) && rd_u64(c, &s->u64[0])
            && rd_str(c, STR_NULLABLE, &str[3]);
    case OP_MKDIR:
    case OP_MKFILE:
        return rd_str(c, STR_REQUIRED, &str[0]) && rd_u32(c, &s->u32[0]);
    case OP_WRITE_FILE:
        return rd_str(c, STR_REQUIRED, &str[0]) && rd_u32(c, &s->u32[0])
            && rd_bytes(c, &s->bytes, &s->bytes_len);
    case OP_SYMLINK:
        return rd_str(c, STR_REQUIRED, &str[0]) && rd_str(c, STR_REQUIRED, &str[1]);
    case OP_PIVOT_ROOT:
        return rd_str(c, STR_REQUIRED, &str[0]) && rd_u32(c, &s->u32[0]);
    case OP_SETHOSTNAME:
        return rd_str(c, STR_EMPTY_OK, &str[0]);
    case OP_MOUNT_EXPECT: /* path, flags */
        return rd_str(c, STR_REQUIRED, &str[0]) && rd_u64(c, &s->u64[0]);
    case OP_CGROUP_JOIN: /* a v1 tasks file beneath /sys/fs/cgroup, no ".." in it */
        at = c->pos;
        if (!rd_str(c, STR_REQUIRED, &str[0])) {
            return false;
        }
        if (!cgroup_tasks_path(str[0])) {
            return fail(c, PLAN_BAD_STRUCTURE, at);
        }
        return true;
    case OP_CHDIR:
    case OP_MASK_PATH:
    case OP_READONLY_PATH:
    case OP_ATTACH_ROOTFS:
    case OP_ATTACH_LAYER:
        return rd_str(c, STR_REQUIRED, &str[0]);
    case OP_MAKE_PRIVATE:
    case OP_NO_NEW_PRIVS:
    case OP_CLOSE_FDS:
    case OP_MINI_INIT:
    case OP_LOOPBACK_UP:
    case OP_CONTROLLING_TERMINAL:
    case OP_HOOK_PAUSE:
    case OP_AWAIT_GO:
    case OP_AWAIT_MAPS:
        return true;
    case OP_PTY_OPEN: /* rows, cols */
        return rd_u32(c, &s->u32[0]) && rd_u32(c, &s->u32[1]);
    case OP_DROP_BOUNDING:
    case OP_AMBIENT:
    case OP_LANDLOCK_SCOPE:
        return rd_u64(c, &s->u64[0]);
    case OP_UNSHARE: /* only a cgroup namespace: it must start after the cgroup was joined */
        at = c->pos;
        if (!rd_u64(c, &s->u64[0])) {
            return false;
        }
        if (s->u64[0] != PLAN_CLONE_NEWCGROUP) {
            return fail(c, PLAN_BAD_STRUCTURE, at);
        }
        return true;
    case OP_SET_IDENTITY: /* uid, gid, count, gid x count */
        if (!rd_u32(c, &s->u32[0]) || !rd_u32(c, &s->u32[1]) || !rd_count(c, &s->count)) {
            return false;
        }
        s->gids = calloc(s->count == 0 ? 1 : s->count, sizeof *s->gids);
        if (s->gids == NULL) {
            return fail(c, PLAN_BAD_LENGTH, 0);
        }
        for (uint32_t i = 0; i < s->count; i++) {
            if (!rd_u32(c, &s->gids[i])) {
                return false;
            }
        }
        return true;
    case OP_CAPSET: /* effective, permitted, inheritable */
        return rd_u64(c, &s->u64[0]) && rd_u64(c, &s->u64[1]) && rd_u64(c, &s->u64[2]);
    case OP_RLIMIT: /* resource, soft, hard */
        return rd_u32(c, &s->u32[0]) && rd_u64(c, &s->u64[0]) && rd_u64(c, &s->u64[1]);
    case OP_LANDLOCK: /* abi, handled_fs, count, (path, access, optional) x count */
        if (!rd_u32(c, &s->u32[0]) || !rd_u64(c, &s->u64[0]) || !rd_count(c, &s->count)) {
            return false;
        }
        s->rules = calloc(s->count == 0 ? 1 : s->count, sizeof *s->rules);
        if (s->rules == NULL) {
            return fail(c, PLAN_BAD_LENGTH, 0);
        }
        for (uint32_t i = 0; i < s->count; i++) {
            struct plan_landlock_rule *r = &s->rules[i];
            if (!rd_str(c, STR_REQUIRED, (char **) &r->path) || !rd_u64(c, &r->access)
                || !rd_u32(c, &r->optional)) {
                return false;
            }
        }
        return true;
    case OP_LANDLOCK_NET: /* handled_net, count, (access, port) x count */
        at = c->pos;
        if (!rd_u64(c, &s->u64[0])) {
            return false;
        }
        if (s->u64[0] == 0 || (s->u64[0] & ~PLAN_LANDLOCK_NET_RIGHTS) != 0) {
            return fail(c, PLAN_BAD_STRUCTURE, at);
        }
        if (!rd_count(c, &s->count)) {
            return false;
        }
        s->rules = calloc(s->count == 0 ? 1 : s->count, sizeof *s->rules);
        if (s->rules == NULL) {
            return fail(c, PLAN_BAD_LENGTH, 0);
        }
        for (uint32_t i = 0; i < s->count; i++) {
            struct plan_landlock_rule *r = &s->rules[i];
            at = c->pos;
            if (!rd_u64(c, &r->access) || !rd_u64(c, &r->port)) {
                return false;
            }
            if (r->access == 0 || (r->access & ~s->u64[0]) != 0 || r->port > PLAN_MAX_PORT) {
                return fail(c, PLAN_BAD_STRUCTURE, at);
            }
        }
        return true;
    case OP_SECCOMP: /* flags, program */
    case OP_SECCOMP_TRACE:
        if (!rd_u32(c, &s->u32[0])) {
            return false;
        }
        at = c->pos;
        if (!rd_bytes(c, &s->bytes, &s->bytes_len)) {
            return false;
        }
        if (s->bytes_len == 0 || s->bytes_len % 8 != 0 || s->bytes_len / 8 > PLAN_MAX_BPF_INSNS) {
            return fail(c, PLAN_BAD_STRUCTURE, at);
        }
        return true;
    case OP_EXEC: /* path, argv, env */
        at = c->pos;
        if (!rd_str(c, STR_REQUIRED, &str[0]) || !rd_strlist_max(c, PLAN_MAX_ARGS, PLAN_MAX_ARG_STR, &s->argv)) {
            return false;
        }
        if (s->argv[0] == NULL) {
            return fail(c, PLAN_BAD_STRUCTURE, at); /* argv[0] is required */
        }
        return rd_strlist_max(c, PLAN_MAX_ARGS, PLAN_MAX_ARG_STR, &s->envp);
    default:
        return fail(c, PLAN_UNKNOWN_OP, c->pos);
    }
}

static bool known_op(uint16_t op)
{
    return op == OP_CLONE_FLAGS || (op >= OP_MOUNT && op <= OP_EXEC) || op == OP_LOOPBACK_UP || op == OP_UNSHARE
           || op == OP_CONTROLLING_TERMINAL || op == OP_PTY_OPEN || op == OP_LANDLOCK_SCOPE
           || op == OP_MOUNT_EXPECT || op == OP_SECCOMP_TRACE || op == OP_LANDLOCK_NET || op == OP_HOOK_PAUSE
           || op == OP_CGROUP_JOIN || op == OP_AWAIT_GO || op == OP_ATTACH_ROOTFS || op == OP_ATTACH_LAYER
           || op == OP_AWAIT_MAPS;
}

enum plan_reason plan_decode(const uint8_t *buf, size_t len, struct plan *out, uint32_t *bad_offset)
{
    struct cursor c = { .buf = buf, .pos = 0, .end = 0, .reason = PLAN_OK, .bad = 0 };
    memset(out, 0, sizeof *out);
    *bad_offset = 0;

    if (len >= 4 && le32(buf) != PLAN_MAGIC) {
        fail(&c, PLAN_BAD_MAGIC, 0);
    } else if (len >= 6 && le16(buf + 4) != PLAN_VERSION) {
        fail(&c, PLAN_BAD_VERSION, 4);
    } else if (len < PLAN_HEADER_SIZE || len > PLAN_MAX_SIZE) {
        fail(&c, PLAN_BAD_LENGTH, len < PLAN_HEADER_SIZE ? (uint32_t) len : 8);
    } else if (le16(buf + 6) != 0) {
        fail(&c, PLAN_BAD_STRUCTURE, 6);
    } else if (le32(buf + 8) != len) {
        fail(&c, PLAN_BAD_LENGTH, 8);
    } else if (le32(buf + 12) > PLAN_MAX_RECORDS) {
        fail(&c, PLAN_BAD_STRUCTURE, 12);
    }
    if (c.reason != PLAN_OK) {
        *bad_offset = c.bad;
        return c.reason;
    }

    uint32_t count = le32(buf + 12);
    uint32_t size = (uint32_t) len;
    out->count = count;
    out->steps = calloc(count == 0 ? 1 : count, sizeof *out->steps);
    if (out->steps == NULL) {
        fail(&c, PLAN_BAD_LENGTH, 0);
    }
    c.pos = PLAN_HEADER_SIZE;
    uint32_t awaits = 0;
    uint32_t maps = 0;
    uint32_t maps_at = 0;
    for (uint32_t i = 0; c.reason == PLAN_OK && i < count; i++) {
        uint32_t at = c.pos;
        if (size - at < 8) {
            fail(&c, PLAN_RECORD_OVERRUN, at);
            break;
        }
        uint16_t op = le16(buf + at);
        uint32_t payload = le32(buf + at + 4);
        if (payload > size - at - 8) {
            fail(&c, PLAN_RECORD_OVERRUN, at + 4);
        } else if (!known_op(op)) {
            fail(&c, PLAN_UNKNOWN_OP, at);
        } else if (le16(buf + at + 2) != 0) {
            fail(&c, PLAN_BAD_STRUCTURE, at + 2);
        } else if ((i == 0) != (op == OP_CLONE_FLAGS)) {
            fail(&c, PLAN_BAD_STRUCTURE, at); /* CLONE_FLAGS first, and only there */
        } else if ((i == count - 1) != (op == OP_EXEC)) {
            fail(&c, PLAN_BAD_STRUCTURE, at); /* EXEC last, and only there */
        } else if (op == OP_AWAIT_GO && awaits++ > 0) {
            fail(&c, PLAN_BAD_STRUCTURE, at); /* one GO, read once */
        } else if (op == OP_AWAIT_MAPS && (maps++ > 0 || awaits > 0)) {
            fail(&c, PLAN_BAD_STRUCTURE, at); /* one MAPS, read before GO */
        }
        if (op == OP_AWAIT_MAPS) {
            maps_at = at;
        }
        if (c.reason != PLAN_OK) {
            break;
        }
        struct plan_step *s = &out->steps[i];
        s->op = op;
        c.pos = at + 8;
        c.end = at + 8 + payload;
        if (decode_payload(&c, s) && c.pos != c.end) {
            fail(&c, PLAN_BAD_PAYLOAD, c.pos); /* fields shorter than payload_length */
        }
    }
    if (c.reason == PLAN_OK && c.pos != size) {
        fail(&c, PLAN_BAD_LENGTH, c.pos); /* bytes after the last record */
    }
    if (c.reason == PLAN_OK && (count == 0 || out->steps[count - 1].op != OP_EXEC)) {
        fail(&c, PLAN_BAD_STRUCTURE, size); /* no records at all: EXEC is missing */
    }
    if (c.reason == PLAN_OK && maps > 0 && awaits == 0) {
        fail(&c, PLAN_BAD_STRUCTURE, maps_at); /* MAPS without a GO after it */
    }
    if (c.reason != PLAN_OK) {
        plan_free(out);
        *bad_offset = c.bad;
        return c.reason;
    }
    out->clone_flags = out->steps[0].u64[0];
    return PLAN_OK;
}

static void free_list(char **list)
{
    if (list != NULL) {
        for (char **p = list; *p != NULL; p++) {
            free(*p);
        }
        free(list);
    }
}

void plan_free(struct plan *plan)
{
    if (plan->steps != NULL) {
        for (uint32_t i = 0; i < plan->count; i++) {
            struct plan_step *s = &plan->steps[i];
            for (size_t k = 0; k < sizeof s->str / sizeof s->str[0]; k++) {
                free((char *) s->str[k]);
            }
            free((uint8_t *) s->bytes);
            free_list(s->argv);
            free_list(s->envp);
            free(s->gids);
            if (s->rules != NULL) {
                for (uint32_t k = 0; k < s->count; k++) {
                    free((char *) s->rules[k].path);
                }
                free(s->rules);
            }
        }
        free(plan->steps);
    }
    memset(plan, 0, sizeof *plan);
}
