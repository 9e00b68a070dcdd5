package dev.nucleus.domain.seccomp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The two profiles of the trace round trip: the filter trace mode installs, and the profile
 * {@code nucleus seccomp generate} makes from what it recorded.
 */
public final class TraceProfiles {
    private TraceProfiles() {
    }

    /**
     * Trace mode: every syscall is reported to the shim (SECCOMP_RET_USER_NOTIF), which lets it
     * run and counts it. {@code clone3} fails with ENOSYS exactly as under every enforcing
     * profile, so the workload takes the same {@code clone} path it will take when enforced.
     */
    public static SeccompProfile traceFilter() {
        return new SeccompProfile(SeccompAction.NOTIFY, List.of(SeccompArchitecture.X86_64),
                List.of(SyscallRule.of("clone3", SeccompAction.errno(DefaultSeccompProfile.ENOSYS))));
    }

    /**
     * A minimal profile allowing exactly {@code names} (sorted, each once) and killing the
     * process on anything else. {@code clone} is allowed only without namespace flags, as in the
     * default profile: a trace cannot tell which flags a workload will need, and new namespaces
     * are never part of a workload's ordinary work. {@code clone3} is left out: every loaded
     * profile answers it with ENOSYS.
     */
    public static SeccompProfile generated(Collection<String> names) {
        List<SyscallRule> rules = new ArrayList<>();
        for (String name : new TreeSet<>(names)) {
            if (name.equals("clone")) {
                rules.add(SyscallRule.of(name, SeccompAction.ALLOW,
                        ArgCondition.maskedEq(0, DefaultSeccompProfile.CLONE_NEW_ALL, 0)));
            } else if (!name.equals("clone3")) {
                rules.add(SyscallRule.of(name, SeccompAction.ALLOW));
            }
        }
        return new SeccompProfile(SeccompAction.KILL_PROCESS, List.of(SeccompArchitecture.X86_64), rules);
    }
}
