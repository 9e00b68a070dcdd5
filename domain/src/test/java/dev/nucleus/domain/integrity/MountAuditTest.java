package dev.nucleus.domain.integrity;

import static dev.nucleus.domain.plan.MountFlags.BIND;
import static dev.nucleus.domain.plan.MountFlags.NODEV;
import static dev.nucleus.domain.plan.MountFlags.NOEXEC;
import static dev.nucleus.domain.plan.MountFlags.NOSUID;
import static dev.nucleus.domain.plan.MountFlags.RDONLY;
import static dev.nucleus.domain.plan.MountFlags.REC;
import static dev.nucleus.domain.plan.MountFlags.REMOUNT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nucleus.domain.plan.IsolationPlan;
import dev.nucleus.domain.plan.Step;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class MountAuditTest {
    static final String ROOT = "/run/nucleus/abc/root";
    static final long RO_BIND = BIND | REMOUNT | RDONLY | NOSUID | NODEV;

    static IsolationPlan plan() {
        return new IsolationPlan(0, List.of(
                new Step.Mount("tmpfs", ROOT, "tmpfs", NOSUID | NODEV, "mode=0755"),
                new Step.Mount("/usr", ROOT + "/usr", "", BIND | REC, ""),
                new Step.Mount("", ROOT + "/usr", "", RO_BIND, ""),
                new Step.Mount("/srv/data", ROOT + "/data", "", BIND | REC, ""),       // a volume: not audited
                new Step.Mount("", ROOT + "/data", "", BIND | REMOUNT | NOSUID | NODEV, ""),
                new Step.Mount("proc", ROOT + "/proc", "proc", NOSUID | NODEV | NOEXEC, ""),
                new Step.Mount("", ROOT + "/proc", "", RO_BIND | NOEXEC, ""),
                new Step.Mount("tmpfs", ROOT + "/run/secrets", "tmpfs", NOSUID | NODEV | NOEXEC, "mode=0700"),
                new Step.Mount("/stage/db", ROOT + "/run/secrets/db", "", BIND, ""),
                new Step.Mount("", ROOT + "/run/secrets/db", "", RO_BIND | NOEXEC, ""),
                new Step.Mount("", ROOT, "", REMOUNT | RDONLY | NOSUID | NODEV, "mode=0755"),
                new Step.PivotRoot(ROOT, false),
                new Step.Exec("/bin/true", List.of("/bin/true"), List.of())));
    }



    @Test
    void expectationsAreThePlansFlagsOverTheProductionFloor() {
        assertEquals(List.of(
                new MountAudit.Expectation("/", Set.of("ro", "nosuid", "nodev")),
                new MountAudit.Expectation("/usr", Set.of("ro", "nosuid", "nodev")),
                new MountAudit.Expectation("/proc", Set.of("ro", "nosuid", "nodev", "noexec")),
                new MountAudit.Expectation("/run/secrets", Set.of("nosuid", "nodev", "noexec")),
                new MountAudit.Expectation("/run/secrets/db", Set.of("ro", "nosuid", "nodev", "noexec"))),
                MountAudit.expectations(plan()));
    }

    @Test
    void theProductionFloorAppliesEvenWhenThePlanAsksForLess() {
        IsolationPlan weak = new IsolationPlan(0, List.of(
                new Step.Mount("/etc/ssl", ROOT + "/etc/ssl", "", BIND, ""),
                new Step.PivotRoot(ROOT, false),
                new Step.Exec("/bin/true", List.of("/bin/true"), List.of())));
        assertEquals(List.of(new MountAudit.Expectation("/etc/ssl", Set.of("ro", "nosuid", "nodev"))),
                MountAudit.expectations(weak));
    }
}
