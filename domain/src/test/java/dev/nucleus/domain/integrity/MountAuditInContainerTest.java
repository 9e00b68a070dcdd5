package dev.nucleus.domain.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.plan.IsolationPlan;
import dev.nucleus.domain.plan.Step;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The in-container audit: one MOUNT_EXPECT per audited mount, just before fds are closed. */
class MountAuditInContainerTest {
    @Test
    void checksGoRightBeforeCloseFdsWithTheExpectedFlags() {
        IsolationPlan base = MountAuditTest.plan();
        java.util.List<Step> steps = new java.util.ArrayList<>(base.steps());
        steps.add(steps.size() - 1, new Step.CloseFds());
        IsolationPlan audited = MountAudit.inContainer(new IsolationPlan(base.cloneFlags(), steps));
        List<Step> out = audited.steps();
        int close = out.indexOf(new Step.CloseFds());
        List<Step> checks = out.subList(out.indexOf(out.stream().filter(Step.MountExpect.class::isInstance)
                .findFirst().orElseThrow()), close);
        assertTrue(checks.stream().allMatch(Step.MountExpect.class::isInstance), checks.toString());
        long roNosuidNodev = Step.MountExpect.RDONLY | Step.MountExpect.NOSUID | Step.MountExpect.NODEV;
        assertTrue(checks.contains(new Step.MountExpect("/", roNosuidNodev)), checks.toString());
        assertTrue(checks.contains(new Step.MountExpect("/usr", roNosuidNodev)), checks.toString());
        assertTrue(checks.contains(new Step.MountExpect("/proc",
                roNosuidNodev | Step.MountExpect.NOEXEC)), checks.toString());
        assertEquals("mount audit: /usr must be ro,nosuid,nodev",
                new Step.MountExpect("/usr", roNosuidNodev).describe());
    }
}
