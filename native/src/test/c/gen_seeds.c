/*
 * Writes the fuzzer's seed corpus: valid plans (one using every op) and a few near misses, with
 * a tiny encoder of PLAN_FORMAT.md v1. Usage: gen_seeds DIR
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "plan.h"

static uint8_t buf[65536];
static size_t len;
static uint32_t records;
static size_t rec_start;

static void u16(uint16_t v) { buf[len++] = (uint8_t) v; buf[len++] = (uint8_t) (v >> 8); }
static void u32(uint32_t v) { for (int i = 0; i < 4; i++) buf[len++] = (uint8_t) (v >> (8 * i)); }
static void u64(uint64_t v) { for (int i = 0; i < 8; i++) buf[len++] = (uint8_t) (v >> (8 * i)); }
static void str(const char *s) { u32((uint32_t) strlen(s)); memcpy(buf + len, s, strlen(s)); len += strlen(s); }

static void begin(void) { len = 16; records = 0; }
static void rec(uint16_t op) { rec_start = len; u16(op); u16(0); u32(0); }
static void end_rec(void)
{
    uint32_t n = (uint32_t) (len - rec_start - 8);
    for (int i = 0; i < 4; i++) buf[rec_start + 4 + i] = (uint8_t) (n >> (8 * i));
    records++;
}

static void exec_true(void)
{
    rec(OP_EXEC); str("/bin/true"); u32(1); str("true"); u32(1); str("PATH=/bin"); end_rec();
}

static void finish(const char *dir, const char *name)
{
    size_t save = len;
    len = 0;
    u32(PLAN_MAGIC); u16(PLAN_VERSION); u16(0); u32((uint32_t) save); u32(records);
    len = save;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(buf, 1, len, f) != len || fclose(f) != 0) {
        perror(path);
        _exit(1);
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gen_seeds DIR\n");
        return 2;
    }
    const char *dir = argv[1];

    begin();
    rec(OP_CLONE_FLAGS); u64(0); end_rec();
    exec_true();
    finish(dir, "minimal");

    begin();
    rec(OP_CLONE_FLAGS); u64(PLAN_ALLOWED_CLONE_FLAGS); end_rec();
    rec(OP_MAKE_PRIVATE); end_rec();
    rec(OP_MOUNT); str("tmpfs"); str("/r"); str("tmpfs"); u64(0); str("mode=0755"); end_rec();
    rec(OP_MOUNT); str(""); str("/r/x"); str(""); u64(4096); str(""); end_rec();
    rec(OP_MKDIR); str("/r/bin"); u32(0755); end_rec();
    rec(OP_CGROUP_JOIN); str("/sys/fs/cgroup/pids/nucleus/c1/tasks"); end_rec();
    rec(OP_ATTACH_ROOTFS); str("/r"); end_rec();
    rec(OP_ATTACH_LAYER); str("/l"); end_rec();
    rec(OP_MKFILE); str("/r/out"); u32(0644); end_rec();
    rec(OP_WRITE_FILE); str("/r/etc/hosts"); u32(0644); u32(10); memcpy(buf + len, "127.0.0.1\n", 10); len += 10; end_rec();
    rec(OP_SYMLINK); str("busybox"); str("/r/bin/sh"); end_rec();
    rec(OP_PIVOT_ROOT); str("/r"); u32(1); end_rec();
    rec(OP_SETHOSTNAME); str("box"); end_rec();
    rec(OP_CHDIR); str("/"); end_rec();
    rec(OP_MASK_PATH); str("/proc/kcore"); end_rec();
    rec(OP_READONLY_PATH); str("/proc/sys"); end_rec();
    rec(OP_DROP_BOUNDING); u64(0x20); end_rec();
    rec(OP_SET_IDENTITY); u32(1000); u32(1000); u32(2); u32(1000); u32(2000); end_rec();
    rec(OP_CAPSET); u64(0); u64(0); u64(0); end_rec();
    rec(OP_AMBIENT); u64(0); end_rec();
    rec(OP_RLIMIT); u32(7); u64(1024); u64(UINT64_MAX); end_rec();
    rec(OP_NO_NEW_PRIVS); end_rec();
    rec(OP_LANDLOCK); u32(1); u64(0x1fff); u32(2); str("/"); u64(0xd); u32(0); str("/tmp"); u64(0x1fff); u32(1); end_rec();
    rec(OP_LANDLOCK_NET); u64(3); u32(2); u64(1); u64(8080); u64(2); u64(443); end_rec();
    rec(OP_HOOK_PAUSE); end_rec();
    rec(OP_CLOSE_FDS); end_rec();
    rec(OP_SECCOMP); u32(0); u32(16);
    /* ld [0]; ret ALLOW */
    u16(0x20); buf[len++] = 0; buf[len++] = 0; u32(0); u16(0x06); buf[len++] = 0; buf[len++] = 0; u32(0x7fff0000); end_rec();
    rec(OP_SECCOMP_TRACE); u32(0); u32(8);
    /* ret USER_NOTIF */
    u16(0x06); buf[len++] = 0; buf[len++] = 0; u32(0x7fc00000); end_rec();
    rec(OP_MINI_INIT); end_rec();
    rec(OP_EXEC); str("/bin/sh"); u32(3); str("sh"); str("-c"); str("echo $0"); u32(2); str("PATH=/bin"); str(""); end_rec();
    finish(dir, "every-op");

    begin();
    rec(OP_CLONE_FLAGS); u64(0x20000); end_rec();
    rec(OP_MKDIR); str("/x"); u32(0755); u32(0); end_rec(); /* payload longer than its fields */
    exec_true();
    finish(dir, "payload-mismatch");

    begin();
    rec(OP_CLONE_FLAGS); u64(0); end_rec();
    rec(OP_MAKE_PRIVATE); end_rec(); /* no EXEC */
    finish(dir, "exec-missing");
    return 0;
}
