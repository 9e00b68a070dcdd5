package dev.nucleus.domain.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.policy.CapabilityPolicy;
import dev.nucleus.domain.policy.LandlockPolicy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PolicyContentRulesTest {
    private static final Enforcement PRODUCTION = new Enforcement(FailureAction.FATAL, FailureAction.FATAL,
            FailureAction.FATAL, new LandlockRequirement(LandlockRequirement.Kind.MINIMUM_ABI, 3), Pid1.MINI_INIT,
            true, true, true, ModeEnforcement.PRODUCTION_FORBIDDEN_CAPABILITIES, true);
    private static final Enforcement AGENT = new Enforcement(FailureAction.FATAL, FailureAction.WARN,
            FailureAction.WARN, new LandlockRequirement(LandlockRequirement.Kind.BEST_AVAILABLE, 1), Pid1.WORKLOAD,
            false, true, false, Set.of(), false);

    private static CapabilityPolicy caps(String... bounding) throws Exception {
        return CapabilityPolicy.fromDocument(Map.of("bounding", Map.of("keep", List.of(bounding))));
    }

    private static LandlockPolicy writeExecute() throws Exception {
        return LandlockPolicy.fromDocument(Map.of("rules",
                List.of(Map.of("path", "/srv", "access", List.of("read", "write", "execute")))));
    }

    @Test
    void productionRefusesDangerousCapabilities() throws Exception {
        List<Violation> v = PolicyContentRules.check(PRODUCTION, Optional.of(caps("cap_sys_admin", "NET_BIND_SERVICE")),
                Optional.empty(), 7);
        assertEquals(1, v.size(), v.toString());
        assertEquals("dangerous-capability-forbidden", v.getFirst().rule());
        assertTrue(v.getFirst().message().contains("CAP_SYS_ADMIN"));
        assertEquals(List.of(), PolicyContentRules.check(PRODUCTION, Optional.of(caps("NET_BIND_SERVICE")),
                Optional.empty(), 7));
        assertEquals(List.of(), PolicyContentRules.check(AGENT, Optional.of(caps("SYS_ADMIN")), Optional.empty(), 7));
    }

    @Test
    void productionRefusesWriteAndExecuteOnOnePath() throws Exception {
        List<Violation> v = PolicyContentRules.check(PRODUCTION, Optional.empty(), Optional.of(writeExecute()), 7);
        assertEquals(List.of("landlock-write-execute-forbidden"), v.stream().map(Violation::rule).toList());
        assertEquals(List.of(), PolicyContentRules.check(AGENT, Optional.empty(), Optional.of(writeExecute()), 7));
    }

    @Test
    void aKernelBelowMinAbiIsRefusedInEveryMode() throws Exception {
        LandlockPolicy p = LandlockPolicy.fromDocument(Map.of("min_abi", 8));
        assertEquals(List.of("landlock-policy-min-abi"), PolicyContentRules.check(AGENT, Optional.empty(),
                Optional.of(p), 7).stream().map(Violation::rule).toList());
    }

    @Test
    void netRulesAndScopesTheKernelCannotEnforceAreRefusedOnlyInStrictModes() throws Exception {
        LandlockPolicy p = LandlockPolicy.fromDocument(Map.of("scopes", List.of("signal"),
                "net", Map.of("connect_tcp", List.of(443L))));
        assertEquals(List.of("landlock-policy-unenforceable", "landlock-policy-unenforceable"),
                PolicyContentRules.check(PRODUCTION, Optional.empty(), Optional.of(p), 3).stream()
                        .map(Violation::rule).toList());
        assertEquals(List.of(), PolicyContentRules.check(PRODUCTION, Optional.empty(), Optional.of(p), 6));
        assertEquals(List.of(), PolicyContentRules.check(AGENT, Optional.empty(), Optional.of(p), 3),
                "agent mode runs without them and warns");
    }
}
