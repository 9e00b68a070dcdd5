package dev.nucleus.linux.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.plan.IsolationPlan;
import dev.nucleus.domain.plan.MountFlags;
import dev.nucleus.domain.plan.Step;
import dev.nucleus.ports.LaunchFailedException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host side of the mount audit, on fake /proc/<pid> directories. */
class MountAuditorTest {
    @TempDir
    Path proc;

    static final IsolationPlan PLAN = new IsolationPlan(0, List.of(
            new Step.Mount("proc", "/r/proc", "proc", MountFlags.NOSUID | MountFlags.NODEV | MountFlags.NOEXEC, ""),
            new Step.PivotRoot("/r", false),
            new Step.Exec("/bin/true", List.of("/bin/true"), List.of())));

    @Test
    void readsTheContainersMountinfo() throws Exception {
        Files.writeString(proc.resolve("mountinfo"), "1 0 0:1 / /proc rw,nosuid,nodev - proc proc rw\n");
        assertEquals("[/proc is not noexec]", MountAuditor.audit(PLAN, proc).orElseThrow().toString());
    }

    @Test
    void aContainerThatAlreadyExitedIsNotAudited() throws Exception {
        assertTrue(MountAuditor.audit(PLAN, proc).isEmpty()); // neither mountinfo nor stat: reaped
        Files.writeString(proc.resolve("stat"), "42 (sh) Z 1 42 42 0\n");
        assertTrue(MountAuditor.audit(PLAN, proc).isEmpty());
    }

    @Test
    void anUnreadableMountinfoOfALiveContainerFailsClosed() throws Exception {
        Files.writeString(proc.resolve("stat"), "42 (a) b) S 1 42 42 0\n");
        assertThrows(LaunchFailedException.class, () -> MountAuditor.audit(PLAN, proc));
    }
}
