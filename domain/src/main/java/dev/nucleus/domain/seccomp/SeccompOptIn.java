package dev.nucleus.domain.seccomp;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code --seccomp-allow}: syscalls a request may add to its filter by name, from a fixed opt-in
 * list (the reference's, without {@code open_by_handle_at}, the "shocker" escape). Namespace and
 * keyring calls are never opt-in. Names already allowed are no-ops.
 */
public final class SeccompOptIn {
    private SeccompOptIn() {
    }

    /** Never allowed, whatever is asked. */
    public static Set<String> critical() {
        return Names.CRITICAL;
    }

    /** What may be added. */
    public static Set<String> allowed() {
        return Names.ALLOWED;
    }

    /** Names that cannot be added, for the mode to refuse (strict modes) or warn about (agent). */
    public static List<String> refused(List<String> asked) {
        if (asked.isEmpty()) {
            return List.of(); // the usual launch: no stream pipeline to build, cold
        }
        return asked.stream().filter(n -> Names.CRITICAL.contains(n) || !Names.ALLOWED.contains(n))
                .distinct().sorted().toList();
    }

    /** The profile plus an ALLOW rule for each acceptable asked name it does not already allow. */
    public static SeccompProfile withAllowed(SeccompProfile profile, List<String> asked) {
        if (asked.isEmpty()) {
            return profile;
        }
        Set<String> present = new TreeSet<>(profile.unconditionalNames(SeccompAction.ALLOW));
        List<SyscallRule> rules = new ArrayList<>(profile.rules());
        asked.stream().filter(Names.ALLOWED::contains).filter(n -> !Names.CRITICAL.contains(n)).distinct()
                .filter(present::add)
                .forEach(n -> {
                    rules.removeIf(r -> r.name().equals(n)); // an unconditional allow replaces filtered ones
                    rules.add(SyscallRule.of(n, SeccompAction.ALLOW));
                });
        return new SeccompProfile(profile.defaultAction(), profile.architectures(), rules);
    }

    /**
     * The names, hashed on first use: the usual launch asks for no syscall, and every launch's
     * validation and filter ask whether it did (some 120 names hashed cold at each start otherwise).
     */
    private static final class Names {
        /** Never allowed, whatever is asked. */
        static final Set<String> CRITICAL = Set.of("clone3", "unshare", "setns", "add_key", "request_key",
                "keyctl", "mount", "umount2", "pivot_root", "bpf", "ptrace", "init_module", "finit_module",
                "delete_module", "kexec_load", "kexec_file_load", "open_by_handle_at", "userfaultfd",
                "perf_event_open");

        /** What may be added. */
        static final Set<String> ALLOWED = Set.of(
                "io_uring_setup", "io_uring_enter", "io_uring_register",
                "msgget", "msgsnd", "msgrcv", "msgctl",
                "mq_open", "mq_unlink", "mq_timedsend", "mq_timedreceive", "mq_notify", "mq_getsetattr",
                "timer_create", "timer_settime", "timer_gettime", "timer_getoverrun", "timer_delete",
                "inotify_init", "inotify_init1", "inotify_add_watch", "inotify_rm_watch",
                "fanotify_init", "fanotify_mark", "mincore", "mlockall", "munlockall", "membarrier",
                "mbind", "set_mempolicy", "get_mempolicy", "pkey_mprotect", "pkey_alloc", "pkey_free",
                "sync", "syncfs", "readahead", "vmsplice", "openat2", "creat", "utime", "utimes", "futimesat",
                "setxattr", "lsetxattr", "fsetxattr", "removexattr", "lremovexattr", "fremovexattr",
                "recvmmsg", "sendmmsg", "sched_setparam", "sched_setscheduler", "sched_setattr", "sched_getattr",
                "sched_get_priority_max", "sched_get_priority_min", "sched_rr_get_interval", "setrlimit",
                "getpriority", "setpriority", "ioprio_get", "ioprio_set", "pause", "alarm", "tkill",
                "sysinfo", "personality", "pidfd_open", "pidfd_send_signal", "pidfd_getfd",
                "setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid", "setfsuid", "setfsgid",
                "setgroups", "capget", "mknod", "mknodat", "syslog", "clock_settime", "adjtimex", "clock_adjtime",
                "kcmp", "epoll_pwait2", "futex_waitv", "memfd_create", "name_to_handle_at", "process_madvise",
                "fork");

        private Names() {
        }
    }
}
