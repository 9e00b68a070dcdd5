package dev.nucleus.domain.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CapabilityPolicyTest {
    private static Map<String, Object> keep(String section, String... caps) {
        return Map.of(section, Map.of("keep", List.of(caps)));
    }

    @Test
    void theTableRunsFromChownToCheckpointRestore() {
        assertEquals(0, CapabilityNames.number("CAP_CHOWN").orElseThrow());
        assertEquals(10, CapabilityNames.number("NET_BIND_SERVICE").orElseThrow());
        assertEquals(21, CapabilityNames.number("SYS_ADMIN").orElseThrow());
        assertEquals(38, CapabilityNames.number("PERFMON").orElseThrow());
        assertEquals(39, CapabilityNames.number("BPF").orElseThrow());
        assertEquals(40, CapabilityNames.number("CAP_CHECKPOINT_RESTORE").orElseThrow());
        assertEquals(40, CapabilityNames.LAST);
    }

    @Test
    void namesAreAcceptedWithOrWithoutCapAndInAnyCase() throws Exception {
        CapabilityPolicy p = CapabilityPolicy.fromDocument(Map.of(
                "bounding", Map.of("keep", List.of("cap_net_bind_service", "Kill", "CAP_CHOWN")),
                "effective", Map.of("keep", List.of("NET_BIND_SERVICE"))));
        assertEquals((1L << 10) | (1L << 5) | 1L, p.bounding());
        assertEquals(1L << 10, p.effective());
        assertEquals(1L << 10, p.permitted());
        assertEquals(List.of("CHOWN", "KILL", "NET_BIND_SERVICE"), p.keptNames());
    }

    @Test
    void anUnknownNameIsAnErrorNamingItAndTheNearestValidOne() {
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class,
                () -> CapabilityPolicy.fromDocument(keep("bounding", "NET_BIND_SERVIC")));
        assertEquals(List.of("[bounding] keep: unknown capability \"NET_BIND_SERVIC\" (did you mean CAP_NET_BIND_SERVICE?)"),
                e.problems());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> CapabilityPolicy.fromDocument(
                Map.of("bounding", Map.of("keep", List.of("SYS_ADMN"), "drop", List.of()),
                        "effective", Map.of("keep", List.of("KILL")),
                        "ambiant", Map.of())));
        assertEquals(4, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(0).contains("unknown key \"ambiant\" (did you mean \"ambient\"?)"), e.getMessage());
        assertTrue(e.getMessage().contains("[bounding] unknown key \"drop\""), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean CAP_SYS_ADMIN?"), e.getMessage());
        assertTrue(e.getMessage().contains("[effective] keeps CAP_KILL, which [bounding] drops"), e.getMessage());
    }

    @Test
    void keepMustBeAListOfStrings() {
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class,
                () -> CapabilityPolicy.fromDocument(Map.of("bounding", Map.of("keep", "KILL"))));
        assertTrue(e.getMessage().contains("[bounding] keep must be a list of strings"), e.getMessage());
    }

    @Test
    void ambientCapabilitiesAreAddedToPermittedAndInheritable() throws Exception {
        CapabilityPolicy p = CapabilityPolicy.fromDocument(Map.of(
                "bounding", Map.of("keep", List.of("NET_BIND_SERVICE", "KILL")),
                "ambient", Map.of("keep", List.of("NET_BIND_SERVICE")),
                "inheritable", Map.of("keep", List.of("KILL"))));
        assertEquals((1L << 10) | (1L << 5), p.permitted());
        assertEquals((1L << 10) | (1L << 5), p.inheritableWithAmbient());
        assertEquals(0, p.effective());
        assertEquals(1L << 10, p.ambient());
    }

    @Test
    void anEmptyDocumentDropsEverything() throws Exception {
        assertEquals(new CapabilityPolicy(0, 0, 0, 0), CapabilityPolicy.fromDocument(Map.of()));
    }
}
