package dev.nucleus.linux.backend;

import dev.nucleus.linux.sys.SmallFiles;

import java.io.IOException;
import java.util.Optional;

/**
 * kauditd, the kernel thread that takes the audit records processes queue (a seccomp denial's
 * among them) and, with no audit daemon, prints them to the kernel log. It sleeps only once its
 * queue is empty, and a record queued wakes it at once: so once a process has exited, kauditd
 * seen asleep means each record that process made is in the log. (A fixed wait instead either
 * costs every launch its length or, on a busy host, is too short.)
 */
final class KernelAuditThread {
    private static final String NAME = "(kauditd)";
    private static final char NOT_KAUDITD = '\0';

    private final String stat;

    private KernelAuditThread(long pid) {
        this.stat = "/proc/" + pid + "/stat";
    }

    /**
     * kauditd among the kernel threads (kthreadd's children), or empty: audit off in this kernel,
     * or a /proc that does not show the host's kernel threads (this runtime in a pid namespace).
     */
    static Optional<KernelAuditThread> find() {
        String children;
        try {
            children = SmallFiles.read("/proc/2/task/2/children");
        } catch (IOException e) {
            return Optional.empty();
        }
        for (String pid : children.trim().split(" ")) {
            if (pid.isEmpty()) {
                continue;
            }
            KernelAuditThread candidate = new KernelAuditThread(Long.parseLong(pid));
            if (candidate.state() != NOT_KAUDITD) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Whether it sleeps, its queue empty (state S); false also when it cannot be read. */
    boolean idle() {
        return state() == 'S';
    }

    /** Its state letter (field 3 of its stat), or {@link #NOT_KAUDITD}. */
    private char state() {
        try {
            String s = SmallFiles.read(stat);
            int name = s.indexOf(' ') + 1;
            int state = name + NAME.length() + 1;
            return name > 0 && s.startsWith(NAME, name) && s.length() > state ? s.charAt(state) : NOT_KAUDITD;
        } catch (IOException e) {
            return NOT_KAUDITD;
        }
    }
}
