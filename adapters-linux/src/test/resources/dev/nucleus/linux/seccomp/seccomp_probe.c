/*
 * Test helper for SeccompEnforcementTest: installs a BPF program read from a file, then makes
 * one raw syscall and reports what happened.
 *
 *   seccomp_probe <program.bpf> <syscall> [arg0 .. arg5]
 *
 * Arguments are numbers (strtoull base 0: 0x.., decimal) or one of the tokens
 *   page   the address of a private anonymous RW page (for mprotect)
 *   buf    the address of a zeroed 4 KiB buffer (out-parameters)
 *   empty  the address of the empty string ""
 * Output on stdout: "ret=<n> errno=<e>", exit status 0. When the filter kills the process the
 * parent sees SIGSYS instead. Exit 125: the helper itself failed before the syscall.
 * A child created by an allowed clone/clone3 exits at once; the parent reaps it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct { const char *name; long nr; } SYSCALLS[] = {
    {"getpid", SYS_getpid}, {"clone", SYS_clone}, {"clone3", SYS_clone3}, {"unshare", SYS_unshare},
    {"socket", SYS_socket}, {"ioctl", SYS_ioctl}, {"mprotect", SYS_mprotect}, {"prctl", SYS_prctl},
    {"prlimit64", SYS_prlimit64}, {"execveat", SYS_execveat}, {"preadv2", SYS_preadv2},
    {"pwritev2", SYS_pwritev2}, {"setns", SYS_setns}, {"mount", SYS_mount}, {"bpf", SYS_bpf},
    {"keyctl", SYS_keyctl}, {"ptrace", SYS_ptrace}, {"io_uring_setup", SYS_io_uring_setup},
    {"userfaultfd", SYS_userfaultfd}, {"memfd_create", SYS_memfd_create}, {"fork", SYS_fork},
    {"sendto", SYS_sendto}, {"bind", SYS_bind}, {"uname", SYS_uname},
};

static void die(const char *what)
{
    dprintf(2, "seccomp_probe: %s: %s\n", what, strerror(errno));
    _exit(125);
}

static long parse_arg(const char *s, void *page, void *buf)
{
    if (strcmp(s, "page") == 0) return (long) page;
    if (strcmp(s, "buf") == 0) return (long) buf;
    if (strcmp(s, "empty") == 0) return (long) "";
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno != 0 || *end != '\0') {
        dprintf(2, "seccomp_probe: bad argument '%s'\n", s);
        _exit(125);
    }
    return (long) v;
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 9) {
        dprintf(2, "usage: seccomp_probe <program.bpf> <syscall> [arg0..arg5]\n");
        return 125;
    }
    long nr = -1;
    for (size_t i = 0; i < sizeof SYSCALLS / sizeof SYSCALLS[0]; i++) {
        if (strcmp(SYSCALLS[i].name, argv[2]) == 0) nr = SYSCALLS[i].nr;
    }
    if (nr < 0) {
        dprintf(2, "seccomp_probe: unknown syscall '%s'\n", argv[2]);
        return 125;
    }

    static unsigned char program[4096 * sizeof(struct sock_filter) + 1];
    int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
    if (fd < 0) die("open program");
    size_t len = 0;
    for (;;) {
        ssize_t n = read(fd, program + len, sizeof program - len);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) die("read program");
        if (n == 0) break;
        len += (size_t) n;
        if (len == sizeof program) break;
    }
    close(fd);
    if (len == 0 || len % sizeof(struct sock_filter) != 0 || len > 4096 * sizeof(struct sock_filter)) {
        dprintf(2, "seccomp_probe: program of %zu bytes is not 1..4096 sock_filter instructions\n", len);
        return 125;
    }

    void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) die("mmap");
    static char buf[4096];
    long a[6] = {0};
    for (int i = 3; i < argc; i++) a[i - 3] = parse_arg(argv[i], page, buf);

    struct rlimit no_core = {0, 0};
    if (setrlimit(RLIMIT_CORE, &no_core) != 0) die("setrlimit(RLIMIT_CORE)");
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) die("prctl(PR_SET_NO_NEW_PRIVS)");
    struct sock_fprog prog = {.len = (unsigned short) (len / sizeof(struct sock_filter)),
                              .filter = (struct sock_filter *) program};
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) die("seccomp(SECCOMP_SET_MODE_FILTER)");

    long ret = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
    int err = ret < 0 ? errno : 0;
    if ((nr == SYS_clone || nr == SYS_clone3 || nr == SYS_fork) && ret == 0) {
        _exit(0); /* the child of an allowed clone */
    }
    if ((nr == SYS_clone || nr == SYS_clone3 || nr == SYS_fork) && ret > 0) {
        int status;
        while (waitpid((pid_t) ret, &status, __WALL) < 0 && errno == EINTR) {
        }
    }
    char line[64];
    int n = snprintf(line, sizeof line, "ret=%ld errno=%d\n", ret, err);
    if (write(1, line, (size_t) n) != n) _exit(125);
    _exit(0);
}
