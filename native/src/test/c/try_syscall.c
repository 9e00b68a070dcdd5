/*
 * try_syscall NAME [ARG]: the e2e hardening probe (HardeningIT). Makes one named syscall with
 * arguments chosen so that a call the sandbox lets through fails harmlessly (EBADF, EFAULT,
 * EINVAL, ...) or, where the point is the operation itself (unshare, ptrace, socket, open for
 * writing, mkdir), is attempted for real. Prints exactly one line:
 *
 *   NAME allowed errno=ERRNAME   the kernel executed the call (errno=0: it succeeded)
 *   NAME denied errno=ERRNAME    refused by seccomp (errno action), capabilities or LSM
 *
 * and exits 0. A call the seccomp filter kills never prints: the shell sees 159 (128+SIGSYS).
 * Exit 2: usage. Built static so it runs in a bare busybox rootfs. Never writes file data:
 * open_write only opens (without O_TRUNC).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#ifndef AF_ALG
#define AF_ALG 38
#endif
#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif
#ifndef PTRACE_SEIZE
#define PTRACE_SEIZE 0x4206
#endif

static const char *errname(int e) {
    switch (e) {
    case 0: return "0";
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case EIO: return "EIO";
    case ENOEXEC: return "ENOEXEC";
    case EBADF: return "EBADF";
    case EACCES: return "EACCES";
    case EFAULT: return "EFAULT";
    case EBUSY: return "EBUSY";
    case EEXIST: return "EEXIST";
    case ENODEV: return "ENODEV";
    case EINVAL: return "EINVAL";
    case ENOTTY: return "ENOTTY";
    case ETXTBSY: return "ETXTBSY";
    case EROFS: return "EROFS";
    case ENOSYS: return "ENOSYS";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
    case ESOCKTNOSUPPORT: return "ESOCKTNOSUPPORT";
    case ENOKEY: return "ENOKEY";
    default: {
        static char buf[16];
        snprintf(buf, sizeof buf, "%d", e);
        return buf;
    }
    }
}

static int report(const char *name, long ret, int err) {
    int e = ret < 0 ? err : 0;
    int denied = e == EPERM || e == EACCES || e == ENOSYS || e == EAFNOSUPPORT;
    printf("%s %s errno=%s\n", name, denied ? "denied" : "allowed", errname(e));
    fflush(stdout);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: try_syscall NAME [ARG]\n");
        return 2;
    }
    const char *n = argv[1];
    const char *arg = argc > 2 ? argv[2] : NULL;
    long r;
    errno = 0;
    if (!strcmp(n, "mount")) {
        /* an unknown filesystem type: ENODEV once past the filter and CAP_SYS_ADMIN */
        r = syscall(SYS_mount, "none", "/", "nucleus-no-such-fs", 0UL, NULL);
    } else if (!strcmp(n, "mount_cgroup")) {
        /* the release_agent escape starts with a writable cgroup v1 hierarchy */
        r = syscall(SYS_mount, "cgroup", arg ? arg : "/tmp", "cgroup", 0UL, "rdma");
    } else if (!strcmp(n, "unshare")) {
        r = syscall(SYS_unshare, CLONE_NEWUSER); /* for real: the process is about to exit */
    } else if (!strcmp(n, "setns")) {
        r = syscall(SYS_setns, -1, CLONE_NEWNS);
    } else if (!strcmp(n, "keyctl")) {
        r = syscall(SYS_keyctl, 0x7fffffffL, 0L, 0L, 0L, 0L);
    } else if (!strcmp(n, "add_key")) {
        r = syscall(SYS_add_key, NULL, NULL, NULL, 0UL, 0L);
    } else if (!strcmp(n, "userfaultfd")) {
        r = syscall(SYS_userfaultfd, ~0U);
    } else if (!strcmp(n, "bpf")) {
        r = syscall(SYS_bpf, -1, NULL, 0U);
    } else if (!strcmp(n, "perf_event_open")) {
        r = syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0UL);
    } else if (!strcmp(n, "io_uring_setup")) {
        r = syscall(SYS_io_uring_setup, 0U, NULL);
    } else if (!strcmp(n, "open_by_handle_at")) {
        r = syscall(SYS_open_by_handle_at, -1, NULL, 0);
    } else if (!strcmp(n, "init_module")) {
        r = syscall(SYS_init_module, NULL, 0UL, "");
    } else if (!strcmp(n, "kexec_load")) {
        r = syscall(SYS_kexec_load, 0UL, 0UL, NULL, ~0UL); /* invalid flags: never unloads */
    } else if (!strcmp(n, "syslog")) {
        r = syscall(SYS_syslog, 9999, NULL, 0);
    } else if (!strcmp(n, "ptrace")) {
        /* a real PTRACE_SEIZE (does not stop the tracee; detached when this process exits) */
        r = syscall(SYS_ptrace, PTRACE_SEIZE, arg ? atol(arg) : 1L, 0L, 0L);
    } else if (!strcmp(n, "tiocsti")) {
        r = syscall(SYS_ioctl, -1, (unsigned long)TIOCSTI, NULL);
    } else if (!strcmp(n, "tiocsti_high")) {
        /* the kernel truncates cmd to 32 bits; a filter comparing all 64 must not be fooled */
        r = syscall(SYS_ioctl, -1, (unsigned long)TIOCSTI | 0x100000000UL, NULL);
    } else if (!strcmp(n, "tcgets")) {
        /* control: an ordinary tty ioctl is let through (the filter looks at the request) */
        r = syscall(SYS_ioctl, -1, (unsigned long)TCGETS, NULL);
    } else if (!strcmp(n, "tcgets_high")) {
        r = syscall(SYS_ioctl, -1, (unsigned long)TCGETS | 0x100000000UL, NULL);
    } else if (!strcmp(n, "socket_unix")) {
        /* control: an ordinary family is let through (the filter looks at the family) */
        r = syscall(SYS_socket, AF_UNIX, SOCK_STREAM, 0);
    } else if (!strcmp(n, "socket_alg")) {
        r = syscall(SYS_socket, AF_ALG, SOCK_SEQPACKET, 0);
    } else if (!strcmp(n, "socket_vsock")) {
        r = syscall(SYS_socket, AF_VSOCK, SOCK_STREAM, 0);
    } else if (!strcmp(n, "socket_netlink")) {
        /* families every kernel here has: a refusal in the container is the filter's */
        r = syscall(SYS_socket, AF_NETLINK, SOCK_RAW, 0);
    } else if (!strcmp(n, "socket_inet")) {
        r = syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
    } else if (!strcmp(n, "mknod")) {
        r = syscall(SYS_mknodat, AT_FDCWD, arg ? arg : "/tmp/nucleus-null", (unsigned long)(S_IFCHR | 0600),
                (unsigned long)makedev(1, 3));
    } else if (!strcmp(n, "mkdir")) {
        r = syscall(SYS_mkdirat, AT_FDCWD, arg ? arg : "/sys/fs/cgroup/nucleus-escape", 0700);
    } else if (!strcmp(n, "open_write")) {
        if (!arg) {
            fprintf(stderr, "open_write needs a path\n");
            return 2;
        }
        r = syscall(SYS_openat, AT_FDCWD, arg, O_WRONLY | O_CLOEXEC);
    } else if (!strcmp(n, "reopen_write")) {
        /* the CVE-2019-5736 variant: hold an O_PATH handle, reopen it for writing via /proc/self/fd */
        if (!arg) {
            fprintf(stderr, "reopen_write needs a path\n");
            return 2;
        }
        long fd = syscall(SYS_openat, AT_FDCWD, arg, O_PATH | O_CLOEXEC);
        if (fd < 0) {
            r = fd;
        } else {
            char link[64];
            snprintf(link, sizeof link, "/proc/self/fd/%ld", fd);
            r = syscall(SYS_openat, AT_FDCWD, link, O_WRONLY | O_CLOEXEC);
        }
    } else {
        fprintf(stderr, "try_syscall: unknown name %s\n", n);
        return 2;
    }
    return report(n, r, errno);
}
