package dev.nucleus.domain.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nucleus.domain.plan.IsolationPlan;
import dev.nucleus.domain.plan.LandlockAccess;
import dev.nucleus.domain.plan.LandlockRule;
import dev.nucleus.domain.plan.Step;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SecurityStatusTest {
    private static final Step EXEC = new Step.Exec("/bin/true", List.of("true"), List.of());

    @Test
    void theStatusIsWhatThePlanApplied() {
        IsolationPlan plan = new IsolationPlan(0, List.of(new Step.DropBounding(1L << 10),
                new Step.Capset(1L << 10, 1L << 10, 0),
                new Step.Landlock(5, LandlockAccess.handledBy(5), List.of(new LandlockRule("/usr", LandlockAccess.READ,
                        false), new LandlockRule("/tmp", LandlockAccess.READ_WRITE, true))),
                new Step.LandlockNet(2, List.of(new Step.LandlockNet.PortRule(2, 443))),
                new Step.LandlockScope(Step.LandlockScope.SIGNAL),
                new Step.Seccomp(2, new byte[8 * 12]), EXEC));
        SecurityStatus s = SecurityStatus.of(plan, "profile", true, Optional.of(7L));
        assertEquals(Optional.of(new SecurityStatus.Seccomp("enforce", "profile", 12, true)), s.seccomp());
        SecurityStatus.Landlock l = s.landlock().orElseThrow();
        assertEquals(5, l.abi());
        assertEquals(16, l.handledFs().size(), "ABI 5 handles all 16 filesystem rights: " + l.handledFs());
        assertEquals("ioctl_dev", l.handledFs().getLast());
        assertEquals(2, l.fsRules());
        assertEquals(Optional.empty(), l.bindTcp(), "bind is not handled: not restricted");
        assertEquals(Optional.of(List.of(443)), l.connectTcp());
        assertEquals(List.of("signal"), l.scopes());
        assertEquals(new SecurityStatus.Capabilities(List.of("NET_BIND_SERVICE"), List.of("NET_BIND_SERVICE")),
                s.capabilities());
        assertEquals(Optional.of(7L), s.auditSession());
    }

    @Test
    void aTraceFilterAndNoLandlockAreReportedAsSuch() {
        IsolationPlan plan = new IsolationPlan(0, List.of(new Step.DropBounding(0), new Step.Capset(0, 0, 0),
                new Step.Seccomp(0, new byte[8], true), EXEC));
        SecurityStatus s = SecurityStatus.of(plan, "default", false, Optional.empty());
        assertEquals(Optional.of(new SecurityStatus.Seccomp("trace", "trace", 1, false)), s.seccomp());
        assertEquals(Optional.empty(), s.landlock());
        assertEquals(new SecurityStatus.Capabilities(List.of(), List.of()), s.capabilities());
    }
}
