package dev.nucleus.domain.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.mode.ServiceMode;
import dev.nucleus.domain.seccomp.ArgCondition;
import dev.nucleus.domain.seccomp.DefaultSeccompProfile;
import dev.nucleus.domain.seccomp.SeccompAction;
import dev.nucleus.domain.seccomp.SeccompArchitecture;
import dev.nucleus.domain.seccomp.SeccompProfile;
import dev.nucleus.domain.seccomp.SyscallRule;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Strict modes keep their guarantees under a user's seccomp profile; agent mode runs what it is given. */
class SeccompProfileRulesTest {
    private static SeccompProfile profile(SeccompAction defaultAction, SyscallRule... rules) {
        return new SeccompProfile(defaultAction, List.of(SeccompArchitecture.X86_64), List.of(rules));
    }

    private static List<String> broken(ServiceMode mode, SeccompProfile p) {
        return PolicyContentRules.checkSeccompProfile(mode, p).stream().map(Violation::rule).toList();
    }

    @Test
    void aProfileThatAllowsByDefaultIsRefusedInStrictModes() {
        SeccompProfile allowAll = profile(SeccompAction.ALLOW, SyscallRule.of("mount", SeccompAction.errno(1)));
        assertEquals(List.of("seccomp-profile-default-denies"), broken(ServiceMode.STRICT_AGENT, allowAll));
        assertEquals(List.of("seccomp-profile-default-denies"), broken(ServiceMode.PRODUCTION, allowAll));
        assertTrue(broken(ServiceMode.AGENT, allowAll).isEmpty());
        assertEquals(List.of("seccomp-profile-default-denies"),
                broken(ServiceMode.PRODUCTION, profile(SeccompAction.LOG)), "logging is not refusing");
    }

    @Test
    void criticalCallsAndUnfilteredCloneAreRefusedByName() {
        SeccompProfile p = profile(SeccompAction.errno(1), SyscallRule.of("read", SeccompAction.ALLOW),
                SyscallRule.of("unshare", SeccompAction.ALLOW), SyscallRule.of("keyctl", SeccompAction.LOG),
                SyscallRule.of("clone", SeccompAction.ALLOW));
        List<Violation> v = PolicyContentRules.checkSeccompProfile(ServiceMode.PRODUCTION, p);
        assertEquals(1, v.size());
        assertTrue(v.getFirst().message().contains("lets through clone, keyctl, unshare ("), v.getFirst().message());
    }

    @Test
    void filteredCloneAndRefusedCriticalCallsPass() {
        SeccompProfile p = profile(SeccompAction.KILL_PROCESS, SyscallRule.of("read", SeccompAction.ALLOW),
                SyscallRule.of("clone", SeccompAction.ALLOW, ArgCondition.maskedEq(0, 0x7E020000L, 0)),
                SyscallRule.of("mount", SeccompAction.errno(1)));
        assertTrue(broken(ServiceMode.PRODUCTION, p).isEmpty());
    }

    @Test
    void theDefaultProfileKeepsEveryGuarantee() {
        assertTrue(broken(ServiceMode.PRODUCTION, DefaultSeccompProfile.forRequest(true, false)).isEmpty());
    }
}
