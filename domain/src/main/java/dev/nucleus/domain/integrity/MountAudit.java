package dev.nucleus.domain.integrity;

import dev.nucleus.domain.plan.IsolationPlan;
import dev.nucleus.domain.plan.MountFlags;
import dev.nucleus.domain.plan.Step;
import dev.nucleus.domain.value.Lists;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The production mount audit: after setup, each security-relevant mount of the container must
 * carry the flags the plan asked for, and at least the production minimum (REFERENCE §4.6):
 * {@code ro,nosuid,nodev} on the root and on system binds (/bin, /sbin, /usr, /lib, /lib64, /etc,
 * /nix and below), {@code nosuid,nodev,noexec} on /proc and /run/secrets (and the secrets bound
 * below it). Flags beyond those asked for are fine: only a missing restriction is a violation.
 * Pure: the adapter reads {@code /proc/<pid>/mountinfo} and hands over its text.
 */
public final class MountAudit {
    private static final List<String> SYSTEM = List.of("/bin", "/sbin", "/usr", "/lib", "/lib64", "/etc", "/nix");
    private static final List<String> FLAG_NAMES = List.of("ro", "nosuid", "nodev", "noexec");
    private static final long[] FLAG_BITS = {MountFlags.RDONLY, MountFlags.NOSUID, MountFlags.NODEV, MountFlags.NOEXEC};

    /** A mount the audit checks, by its path inside the container, and the flags it must carry. */
    public record Expectation(String mountPoint, Set<String> flags) {
        public Expectation {
            flags = Set.copyOf(flags);
        }
    }

    /** One mount the container sees: its mount point and its per-mount and superblock options. */
    /** A mount that is absent, or lacks a flag. */
    private MountAudit() {
    }

    /** What the audit expects of the container that {@code plan} builds, in plan order. */
    public static List<Expectation> expectations(IsolationPlan plan) {
        String root = null;
        for (Step step : plan.steps()) {
            if (step instanceof Step.PivotRoot pivot) {
                root = pivot.newRoot();
                break;
            }
        }
        if (root == null) {
            return List.of();
        }
        Map<String, Long> last = new LinkedHashMap<>();
        for (Step step : plan.steps()) {
            if (step instanceof Step.Mount m) {
                inside(root, m.target()).ifPresent(path -> last.put(path, m.flags()));
            }
        }
        List<Expectation> out = new ArrayList<>();
        last.forEach((path, flags) -> {
            Set<String> floor = floor(path);
            if (floor == null) {
                return;
            }
            Set<String> want = new LinkedHashSet<>();
            for (int i = 0; i < FLAG_NAMES.size(); i++) {
                if ((flags & FLAG_BITS[i]) != 0 || floor.contains(FLAG_NAMES.get(i))) {
                    want.add(FLAG_NAMES.get(i));
                }
            }
            out.add(new Expectation(path, want));
        });
        return out;
    }

    /**
     * The plan with the audit done by the container process itself, right before fds are closed
     * and seccomp is installed: one MOUNT_EXPECT step per audited mount, so a mismatch stops the
     * launch before the workload runs an instruction, and the failing step names mount and flags.
     */
    public static IsolationPlan inContainer(IsolationPlan plan) {
        List<Step> steps = new ArrayList<>(plan.steps());
        int at = 0;
        while (at < steps.size() && !(steps.get(at) instanceof Step.CloseFds)) {
            at++;
        }
        List<Step> checks = new ArrayList<>();
        for (Expectation e : expectations(plan)) {
            long flags = 0;
            for (String f : e.flags()) {
                flags |= switch (f) {
                    case "ro" -> Step.MountExpect.RDONLY;
                    case "nosuid" -> Step.MountExpect.NOSUID;
                    case "nodev" -> Step.MountExpect.NODEV;
                    case "noexec" -> Step.MountExpect.NOEXEC;
                    default -> 0;
                };
            }
            checks.add(new Step.MountExpect(e.mountPoint(), flags));
        }
        steps.addAll(at, checks);
        return new IsolationPlan(plan.cloneFlags(), steps);
    }

    /** The production minimum for an audited path; null for a path outside the audit. */
    static Set<String> floor(String path) {
        if (path.equals("/") || Lists.anyMatch(SYSTEM, s -> under(path, s))) {
            return Set.of("ro", "nosuid", "nodev");
        }
        if (path.equals("/proc") || under(path, "/run/secrets")) {
            return Set.of("nosuid", "nodev", "noexec");
        }
        return null;
    }

    private static boolean under(String path, String dir) {
        return path.equals(dir) || path.startsWith(dir + "/");
    }

    private static Optional<String> inside(String root, String target) {
        if (target.equals(root)) {
            return Optional.of("/");
        }
        return target.startsWith(root + "/") ? Optional.of(target.substring(root.length())) : Optional.empty();
    }
}
