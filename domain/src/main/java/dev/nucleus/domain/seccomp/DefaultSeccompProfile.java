package dev.nucleus.domain.seccomp;


import static dev.nucleus.domain.seccomp.ArgCondition.eq;
import static dev.nucleus.domain.seccomp.ArgCondition.low32Eq;
import static dev.nucleus.domain.seccomp.ArgCondition.maskedEq;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The built-in profile, the reference's default allowlist (REFERENCE.md 4.1) with x86_64 names:
 * default {@code KILL_PROCESS}; 173 syscalls allowed unconditionally; 10 more only with a
 * network; 9 allowed with argument filters; {@code clone3} fails with {@code ENOSYS} so libc
 * falls back to the filtered {@code clone}.
 *
 * <p>Where the reference compares 32 bits ({@code Dword}: socket domain, ioctl request, prctl
 * option) the rules compare the low 32 bits ({@link ArgCondition#low32Eq}); where it compares
 * 64 bits ({@code Qword}: prlimit64 new_limit, preadv2/pwritev2 flags, clone flags) they
 * compare all 64. The masks of mprotect, clone and execveat lie in the low word, so the width
 * does not matter there.
 */
public final class DefaultSeccompProfile {
    private DefaultSeccompProfile() {
    }

    /** Allowed unconditionally, x86_64 names, the reference's grouping; 173 distinct. */
    public static final List<String> UNCONDITIONAL = List.of(
            // file I/O and legacy file calls
            "read", "write", "open", "openat", "close", "fstat", "stat", "lstat", "newfstatat", "statx", "lseek",
            "fcntl", "readv", "writev", "pread64", "pwrite64", "preadv", "pwritev", "readlink", "readlinkat",
            "access", "faccessat", "faccessat2", "dup", "dup2", "dup3", "pipe", "pipe2", "unlink", "unlinkat",
            "rename", "renameat", "renameat2", "link", "linkat", "symlink", "symlinkat", "chmod", "fchmod",
            "fchmodat", "chown", "fchown", "lchown", "fchownat", "truncate", "ftruncate", "fallocate",
            "fadvise64", "fsync", "fdatasync", "sync_file_range", "flock", "fstatfs", "statfs", "sendfile",
            "copy_file_range", "splice", "tee", "mkdir", "mkdirat", "rmdir", "getdents", "getdents64", "getcwd",
            "chdir", "fchdir", "umask",
            // memory
            "mmap", "munmap", "brk", "mremap", "madvise", "msync", "mlock", "mlock2", "munlock",
            // SysV IPC (own IPC namespace)
            "shmget", "shmat", "shmdt", "shmctl", "semget", "semop", "semctl", "semtimedop",
            // process
            "execve", "wait4", "waitid", "exit", "exit_group", "getpid", "gettid", "getppid", "getuid", "getgid",
            "geteuid", "getegid", "getresuid", "getresgid", "getgroups", "setsid", "setpgid", "getpgid",
            "getpgrp", "kill", "tgkill", "arch_prctl", "getrlimit", "getrusage", "times",
            // signals
            "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "rt_sigsuspend", "rt_sigtimedwait",
            "rt_sigpending", "rt_sigqueueinfo", "sigaltstack", "restart_syscall",
            // time
            "clock_gettime", "clock_getres", "clock_nanosleep", "gettimeofday", "nanosleep", "setitimer",
            "getitimer",
            // scheduling and misc
            "sched_yield", "sched_getaffinity", "sched_setaffinity", "sched_getparam", "sched_getscheduler",
            "getcpu", "uname", "getrandom", "futex", "set_tid_address", "set_robust_list", "get_robust_list",
            "rseq", "close_range",
            // xattr, read-only
            "getxattr", "lgetxattr", "fgetxattr", "listxattr", "llistxattr", "flistxattr",
            // legacy AIO
            "io_setup", "io_destroy", "io_submit", "io_getevents",
            // Landlock
            "landlock_create_ruleset", "landlock_add_rule", "landlock_restrict_self",
            // sockets, local (socket() itself is filtered by domain)
            "getsockname", "getpeername", "socketpair", "getsockopt", "connect",
            // polling
            "poll", "ppoll", "select", "pselect6", "epoll_create", "epoll_create1", "epoll_ctl", "epoll_wait",
            "epoll_pwait", "eventfd", "eventfd2", "signalfd", "signalfd4", "timerfd_create", "timerfd_settime",
            "timerfd_gettime");

    /** Added unconditionally only when the container has a network. */
    public static final List<String> NETWORK_ONLY = List.of(
            "sendto", "recvfrom", "sendmsg", "recvmsg", "shutdown", "bind", "listen", "accept", "accept4",
            "setsockopt");

    /**
     * Added for {@code --readiness-sd-notify} without a network: sd_notify(3) sends a datagram.
     * Without a network socket() takes AF_UNIX only, so these reach local sockets alone.
     */
    public static final List<String> SD_NOTIFY = List.of("sendto", "sendmsg");

    /** {@code profile} plus {@link #SD_NOTIFY}, for a workload that reports its own readiness. */
    public static SeccompProfile withSdNotify(SeccompProfile profile) {
        Set<String> present = profile.unconditionalNames(SeccompAction.ALLOW);
        List<SyscallRule> rules = new ArrayList<>(profile.rules());
        for (String name : SD_NOTIFY) {
            if (!present.contains(name)) {
                rules.add(SyscallRule.of(name, SeccompAction.ALLOW));
            }
        }
        return new SeccompProfile(profile.defaultAction(), profile.architectures(), rules);
    }

    /**
     * {@code profile} plus the set*id calls that change nothing: each of the workload's own ids
     * ({@code setuid(uid)}, {@code setresgid(gid, gid, gid)}, ...), which its real, effective and
     * saved ids all are already. Debian's busybox, run as any user but root, starts every applet
     * with {@code setgid(getgid()); setuid(getuid())} (its privilege drop for a setuid binary),
     * and died of SIGSYS. Any other id stays absent, as in {@link #DELIBERATELY_ABSENT}.
     */
    public static SeccompProfile withOwnIds(SeccompProfile profile, long uid, long gid) {
        List<SyscallRule> rules = new ArrayList<>(profile.rules());
        keepOwn(rules, "setuid", "setreuid", "setresuid", uid);
        keepOwn(rules, "setgid", "setregid", "setresgid", gid);
        return new SeccompProfile(profile.defaultAction(), profile.architectures(), rules);
    }

    private static void keepOwn(List<SyscallRule> rules, String set, String setre, String setres, long id) {
        rules.add(SyscallRule.of(set, SeccompAction.ALLOW, low32Eq(0, id)));
        rules.add(SyscallRule.of(setre, SeccompAction.ALLOW, low32Eq(0, id), low32Eq(1, id)));
        rules.add(SyscallRule.of(setres, SeccompAction.ALLOW, low32Eq(0, id), low32Eq(1, id), low32Eq(2, id)));
    }

    /** Allowed only when their argument conditions hold. */
    public static final List<String> ARGUMENT_FILTERED = List.of(
            "socket", "ioctl", "prctl", "prlimit64", "mprotect", "preadv2", "pwritev2", "clone", "execveat");

    /**
     * Deliberately without a rule, so the default action kills the caller (the reference's
     * list, with its families spelled out). Of the set*id family, a launch allows only the calls
     * that keep the workload's own ids ({@link #withOwnIds}).
     */
    public static final List<String> DELIBERATELY_ABSENT = List.of(
            "fork", "memfd_create", "ptrace", "bpf", "perf_event_open", "userfaultfd",
            "keyctl", "add_key", "request_key", "unshare", "setns", "mount",
            "setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid", "setfsuid", "setfsgid",
            "setgroups", "io_uring_setup", "io_uring_enter", "io_uring_register",
            "inotify_init", "inotify_init1", "inotify_add_watch", "inotify_rm_watch",
            "timer_settime", "timer_gettime", "timer_getoverrun", "timer_delete");

    /**
     * {@code alarm}, allowed beyond the reference: it is {@code setitimer(ITIMER_REAL)}, which the
     * reference allows, by another name, and coreutils' {@code timeout} (once timer_create says
     * ENOSYS), Python's {@code signal.alarm} and busybox's httpd were killed for it.
     */
    public static final List<String> SETITIMER_ALIASES = List.of("alarm");

    /**
     * Allowed beyond the reference, because ordinary tools die without them: {@code vfork} (Debian's
     * {@code /bin/sh}, dash, starts every command with it, so the reference's default kills
     * {@code sh -c id}; it makes no namespace and shares nothing {@code clone} without CLONE_NEW*
     * cannot) and {@code utimensat} ({@code touch}, {@code cp -p}, {@code tar}, {@code make}; it only
     * sets times on files the caller may already write, which Landlock confines) and {@code creat}
     * (open with O_CREAT|O_WRONLY|O_TRUNC; {@code tar} uses it).
     */
    public static final List<String> NUCLEUS_ADDITIONS = List.of("vfork", "utimensat", "creat");

    /**
     * Answered with ENOSYS instead of killing the caller: {@code sysinfo} would show the host's
     * memory, load and uptime, so it stays denied, but {@code sort}, Python and glibc's
     * {@code get_phys_pages} call it at start and cope with a failure, not with SIGSYS. So do the
     * reference's absent {@code timer_create} (coreutils' {@code timeout} then uses {@code alarm})
     * and {@code get_mempolicy} (procps' {@code ps} asks it for NUMA details, as a kernel without
     * NUMA answers). {@code --seccomp-allow} still opts them in.
     */
    public static final List<String> DENIED_WITH_ENOSYS = List.of("sysinfo", "timer_create", "get_mempolicy");

    /**
     * Answered with EOPNOTSUPP instead of killing the caller: setting or removing extended
     * attributes stays denied (the reference's xattr access is read-only), but {@code cp -p}
     * copies a file's ACL with {@code fsetxattr} and takes "not supported" as no ACLs to keep, as
     * on a file system without them; SIGSYS killed it. {@code --seccomp-allow} still opts in.
     */
    public static final List<String> DENIED_WITH_EOPNOTSUPP = List.of("setxattr", "lsetxattr", "fsetxattr",
            "removexattr", "lremovexattr", "fremovexattr");

    /** {@code ENOSYS} on x86_64 (and every Linux architecture). */
    public static final int ENOSYS = 38;
    /** {@code EOPNOTSUPP} (= ENOTSUP) on x86_64. */
    public static final int EOPNOTSUPP = 95;
    /** {@code EAFNOSUPPORT} on x86_64: "address family not supported by protocol". */
    public static final int EAFNOSUPPORT = 97;

    // socket(2) domains
    public static final long AF_UNIX = 1;
    public static final long AF_INET = 2;
    public static final long AF_INET6 = 10;
    /**
     * One past the highest address family Linux defines (AF_MCTP is 45). Each family below it
     * that a launch does not allow is answered EAFNOSUPPORT, as a kernel built without it
     * would: the reference kills the caller, so without a network Python's
     * {@code socket.socket()}, {@code ip addr} (netlink) and busybox's {@code wget} died with
     * SIGSYS instead of reporting that there is no network. Only the families' exact values
     * (low 32 bits) are answered; any other domain still meets the default action.
     */
    public static final long AF_MAX = 46;

    /**
     * ioctl(2) requests the default allows (x86_64 values): the reference's terminal and fd-flag
     * requests, TCGETS through FIONCLEX, and beyond it the reflink requests FICLONE, FICLONERANGE
     * and FIDEDUPERANGE, which GNU cp (coreutils 9) tries first on every copy: killing it there
     * made {@code cp} unusable in a sandbox. They share extents between files the caller already
     * holds open, the destination for writing.
     */
    public static final List<Long> IOCTL_REQUESTS = List.of(
            0x5401L,      // TCGETS
            0x802C542AL,  // TCGETS2 = _IOR('T', 0x2A, struct termios2)
            0x5402L,      // TCSETS
            0x5403L,      // TCSETSW
            0x5404L,      // TCSETSF
            0x540BL,      // TCFLSH
            0x540EL,      // TIOCSCTTY
            0x540FL,      // TIOCGPGRP
            0x5410L,      // TIOCSPGRP
            0x5413L,      // TIOCGWINSZ
            0x5429L,      // TIOCGSID
            0x541BL,      // FIONREAD
            0x5421L,      // FIONBIO
            0x5451L,      // FIOCLEX
            0x5450L,      // FIONCLEX
            0x40049409L,  // FICLONE = _IOW(0x94, 9, int)
            0x4020940DL,  // FICLONERANGE = _IOW(0x94, 13, struct file_clone_range)
            0xC0189436L); // FIDEDUPERANGE = _IOWR(0x94, 54, struct file_dedupe_range)

    public static final long PR_SET_MM = 35;
    public static final long PR_CAP_AMBIENT = 47;
    public static final long PR_CAP_AMBIENT_IS_SET = 1;

    /**
     * prctl(2) options the default allows: SET/GET_PDEATHSIG (1, 2), SET/GET_NAME (15, 16),
     * CAPBSET_READ (23), GET_SECUREBITS (27), SET/GET_CHILD_SUBREAPER (36, 37),
     * SET/GET_NO_NEW_PRIVS (38, 39), GET_TID_ADDRESS (40), SET_MM (35, kernel-gated by
     * CAP_SYS_RESOURCE, which the container no longer has). PR_CAP_AMBIENT only with IS_SET.
     */
    public static final List<Long> PRCTL_OPTIONS = List.of(1L, 2L, 15L, 16L, 23L, 27L, 36L, 37L, 38L, 39L, 40L,
            PR_SET_MM);

    public static final long PROT_WRITE = 0x2;
    public static final long PROT_EXEC = 0x4;
    public static final long AT_EMPTY_PATH = 0x1000;

    /**
     * Every CLONE_NEW* flag (NEWTIME|NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET): a plain
     * clone may create none of them. Spelled out (not taken from the plan package, which depends
     * on the rules that depend on this one); a test holds it equal to {@code Clone.ALLOWED}.
     */
    public static final long CLONE_NEW_ALL = 0x7E02_0080L;

    /**
     * The default profile for a request.
     *
     * @param networked       the container has a network (anything but none): adds
     *                        {@link #NETWORK_ONLY} and AF_INET/AF_INET6 sockets
     * @param allowAllIoctls  GPU mode: ioctl is allowed unconditionally instead of the terminal set
     */
    public static SeccompProfile forRequest(boolean networked, boolean allowAllIoctls) {
        return new SeccompProfile(SeccompAction.KILL_PROCESS, List.of(SeccompArchitecture.X86_64),
                rules(networked, allowAllIoctls));
    }

    /**
     * {@code withOwnIds(forRequest(networked, allowAllIoctls), uid, gid)}, made as one profile: a
     * launch builds it cold, and each profile checks its some 300 rules on construction.
     */
    public static SeccompProfile forWorkload(boolean networked, boolean allowAllIoctls, long uid, long gid) {
        List<SyscallRule> rules = rules(networked, allowAllIoctls);
        keepOwn(rules, "setuid", "setreuid", "setresuid", uid);
        keepOwn(rules, "setgid", "setregid", "setresgid", gid);
        return new SeccompProfile(SeccompAction.KILL_PROCESS, List.of(SeccompArchitecture.X86_64), rules);
    }

    private static List<SyscallRule> rules(boolean networked, boolean allowAllIoctls) {
        List<SyscallRule> rules = new ArrayList<>();
        // Loops, not streams, here: the profile is built cold at every launch.
        for (List<String> names : networked ? List.of(UNCONDITIONAL, NUCLEUS_ADDITIONS, SETITIMER_ALIASES, NETWORK_ONLY)
                : List.of(UNCONDITIONAL, NUCLEUS_ADDITIONS, SETITIMER_ALIASES)) {
            for (String name : names) {
                rules.add(SyscallRule.of(name, SeccompAction.ALLOW));
            }
        }

        List<Long> domains = networked ? List.of(AF_UNIX, AF_INET, AF_INET6) : List.of(AF_UNIX);
        SeccompAction unsupported = SeccompAction.errno(EAFNOSUPPORT);
        for (long family = 0; family < AF_MAX; family++) {
            rules.add(SyscallRule.of("socket", domains.contains(family) ? SeccompAction.ALLOW : unsupported,
                    low32Eq(0, family)));
        }

        if (allowAllIoctls) {
            rules.add(SyscallRule.of("ioctl", SeccompAction.ALLOW));
        } else {
            IOCTL_REQUESTS.forEach(request -> rules.add(SyscallRule.of("ioctl", SeccompAction.ALLOW, low32Eq(1, request))));
        }

        PRCTL_OPTIONS.forEach(option -> rules.add(SyscallRule.of("prctl", SeccompAction.ALLOW, low32Eq(0, option))));
        rules.add(SyscallRule.of("prctl", SeccompAction.ALLOW,
                low32Eq(0, PR_CAP_AMBIENT), low32Eq(1, PR_CAP_AMBIENT_IS_SET)));

        // new_limit == NULL: read limits, never raise them.
        rules.add(SyscallRule.of("prlimit64", SeccompAction.ALLOW, eq(2, 0)));

        // (prot & (W|X)) != (W|X), as the three allowed values of the masked pair.
        for (long allowed : new long[] {0, PROT_WRITE, PROT_EXEC}) {
            rules.add(SyscallRule.of("mprotect", SeccompAction.ALLOW, maskedEq(2, PROT_WRITE | PROT_EXEC, allowed)));
        }

        // flags == 0: plain preadv/pwritev, no RWF_* behaviour the filter cannot review.
        rules.add(SyscallRule.of("preadv2", SeccompAction.ALLOW, eq(5, 0)));
        rules.add(SyscallRule.of("pwritev2", SeccompAction.ALLOW, eq(5, 0)));

        rules.add(SyscallRule.of("clone", SeccompAction.ALLOW, maskedEq(0, CLONE_NEW_ALL, 0)));

        // No AT_EMPTY_PATH: no executing an open fd (memfd, unlinked file, ...).
        rules.add(SyscallRule.of("execveat", SeccompAction.ALLOW, maskedEq(4, AT_EMPTY_PATH, 0)));

        // clone3 keeps its flags behind a pointer seccomp cannot read: ENOSYS makes libc use clone.
        rules.add(SyscallRule.of("clone3", SeccompAction.errno(ENOSYS)));
        DENIED_WITH_ENOSYS.forEach(name -> rules.add(SyscallRule.of(name, SeccompAction.errno(ENOSYS))));
        DENIED_WITH_EOPNOTSUPP.forEach(name -> rules.add(SyscallRule.of(name, SeccompAction.errno(EOPNOTSUPP))));
        return rules;
    }
}
