package dev.nucleus.domain.integrity;

import static dev.nucleus.domain.plan.MountFlags.BIND;
import static dev.nucleus.domain.plan.MountFlags.NODEV;
import static dev.nucleus.domain.plan.MountFlags.NOEXEC;
import static dev.nucleus.domain.plan.MountFlags.NOSUID;
import static dev.nucleus.domain.plan.MountFlags.RDONLY;
import static dev.nucleus.domain.plan.MountFlags.REC;
import static dev.nucleus.domain.plan.MountFlags.REMOUNT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

    static final String GOOD = """
            99 43 0:62 / / ro,nosuid,nodev,relatime - tmpfs tmpfs ro,size=65536k,mode=755
            100 99 254:0 /usr /usr ro,nosuid,nodev,relatime - ext4 /dev/vda rw
            101 99 254:0 /srv/data /data rw,nosuid,nodev,relatime - ext4 /dev/vda rw
            111 99 0:67 / /proc ro,nosuid,nodev,noexec,relatime - proc proc rw,hidepid=invisible
            112 111 0:6 /null /proc/kallsyms rw,relatime - devtmpfs devtmpfs rw
            120 99 0:70 / /run/secrets rw,nosuid,nodev,noexec,relatime - tmpfs tmpfs rw,mode=700
            121 120 0:70 /db /run/secrets/db ro,nosuid,nodev,noexec,relatime - tmpfs tmpfs rw,mode=700
            """;

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
    void aContainerAsPlannedPasses() {
        assertEquals(List.of(), MountAudit.audit(MountAudit.expectations(plan()), MountAudit.parseMountinfo(GOOD)));
    }

    @Test
    void aMissingFlagOrMountIsNamed() {
        String bad = GOOD.replace("/usr /usr ro,nosuid,nodev", "/usr /usr rw,nodev")
                .replace("/ /proc ro,nosuid,nodev,noexec", "/ /proc ro,nosuid,nodev")
                .lines().filter(l -> !l.contains("/run/secrets/db")).reduce("", (a, b) -> a + b + "\n");
        List<MountAudit.Violation> v = MountAudit.audit(MountAudit.expectations(plan()), MountAudit.parseMountinfo(bad));
        assertEquals(List.of("/usr is not ro", "/usr is not nosuid", "/proc is not noexec",
                "/run/secrets/db is not mounted"), v.stream().map(Object::toString).toList());
    }

    @Test
    void theTopmostMountAtAPathCountsAndReadOnlyMayComeFromTheSuperblock() {
        String over = GOOD + "130 100 0:80 / /usr rw,nosuid,nodev,relatime - tmpfs tmpfs ro\n"
                + "131 99 0:81 / /proc rw,nosuid,nodev,relatime - proc proc rw\n";
        assertEquals(List.of("/proc is not ro", "/proc is not noexec"),
                MountAudit.audit(MountAudit.expectations(plan()), MountAudit.parseMountinfo(over)).stream()
                        .map(Object::toString).toList());
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

    @Test
    void mountinfoEscapesAreDecodedAndGarbageRefused() {
        List<MountAudit.Mount> m = MountAudit.parseMountinfo(
                "1 0 0:1 / /my\\040dir rw,nosuid shared:1 - tmpfs tmpfs rw\n");
        assertEquals("/my dir", m.getFirst().mountPoint());
        assertEquals(Set.of("rw", "nosuid"), m.getFirst().options());
        assertThrows(IllegalArgumentException.class, () -> MountAudit.parseMountinfo("1 0 0:1 / /x rw\n"));
    }
}
