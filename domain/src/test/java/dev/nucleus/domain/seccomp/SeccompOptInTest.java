package dev.nucleus.domain.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.plan.Clone;

import java.util.List;

import org.junit.jupiter.api.Test;

class SeccompOptInTest {
    private static final SeccompProfile BASE = DefaultSeccompProfile.forRequest(false, false);

    @Test
    void optInNamesAreAddedAndCriticalOnesNever() {
        SeccompProfile p = SeccompOptIn.withAllowed(BASE, List.of("io_uring_setup", "unshare", "no_such_call", "read"));
        assertEquals(List.of(SyscallRule.of("io_uring_setup", SeccompAction.ALLOW)), p.rulesFor("io_uring_setup"));
        assertTrue(p.rulesFor("unshare").isEmpty());
        assertEquals(BASE.rulesFor("read"), p.rulesFor("read"), "already allowed: a no-op");
        assertEquals(List.of("no_such_call", "unshare"), SeccompOptIn.refused(List.of("io_uring_setup", "unshare",
                "no_such_call")));
    }

    @Test
    void anOptInReplacesTheEnosysAnswer() {
        SeccompProfile p = SeccompOptIn.withAllowed(BASE, List.of("sysinfo"));
        assertEquals(List.of(SyscallRule.of("sysinfo", SeccompAction.ALLOW)), p.rulesFor("sysinfo"));
    }

    @Test
    void theCloneFilterCoversEveryNamespaceFlagOfThePlan() {
        assertEquals(Clone.ALLOWED, DefaultSeccompProfile.CLONE_NEW_ALL);
    }

    @Test
    void noCriticalCallIsOptIn() {
        assertTrue(SeccompOptIn.critical().stream().noneMatch(SeccompOptIn.allowed()::contains));
    }
}
