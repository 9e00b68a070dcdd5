package dev.nucleus.linux.integrity;

import dev.nucleus.domain.integrity.MountAudit;
import dev.nucleus.domain.plan.IsolationPlan;
import dev.nucleus.ports.LaunchFailedException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads a running container's {@code /proc/<pid>/mountinfo} from the host (paths there are relative
 * to the container's own root) and audits it against the plan with {@link MountAudit}.
 *
 * <p>The audit runs after the workload has started, so a workload that ends at once may be gone
 * before its mounts can be read: that is reported as "not audited" (empty), not as a violation.
 */
public final class MountAuditor {
    private static final System.Logger LOG = System.getLogger(MountAuditor.class.getName());

    private MountAuditor() {
    }

    /** The violations in the container {@code pid}; empty Optional when the container has already exited. */
    public static Optional<List<MountAudit.Violation>> audit(IsolationPlan plan, long pid) throws LaunchFailedException {
        return audit(plan, Path.of("/proc", Long.toString(pid)));
    }

    /** As {@link #audit(IsolationPlan, long)}, for a {@code /proc/<pid>}-shaped directory. */
    static Optional<List<MountAudit.Violation>> audit(IsolationPlan plan, Path procPid) throws LaunchFailedException {
        String text;
        try {
            text = Files.readString(procPid.resolve("mountinfo"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            if (gone(procPid)) {
                return Optional.empty(); // the caller reports that the audit could not run

            }
            throw new LaunchFailedException("mount audit: cannot read " + procPid.resolve("mountinfo") + ": "
                    + e.getMessage(), e);
        }
        try {
            List<MountAudit.Expectation> expected = MountAudit.expectations(plan);
            List<MountAudit.Violation> violations = MountAudit.audit(expected, MountAudit.parseMountinfo(text));
            LOG.log(System.Logger.Level.DEBUG, "mount audit: " + expected.size() + " mounts checked, "
                    + violations.size() + " violations");
            return Optional.of(violations);
        } catch (IllegalArgumentException e) {
            throw new LaunchFailedException("mount audit: " + e.getMessage(), e);
        }
    }

    /** Whether the process is gone or a zombie (mountinfo then fails with ENOENT or EINVAL). */
    private static boolean gone(Path procPid) {
        try {
            String stat = Files.readString(procPid.resolve("stat"), StandardCharsets.UTF_8);
            int close = stat.lastIndexOf(')');
            char state = close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
            return state == 'Z' || state == 'X';
        } catch (IOException e) {
            return true;
        }
    }
}
