package dev.nucleus.domain.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.plan.LandlockAccess;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class LandlockPolicyTest {
    private static LandlockPolicy.Rule rule(String... access) throws Exception {
        return LandlockPolicy.fromDocument(Map.of("rules",
                List.of(Map.of("path", "/data", "access", List.of(access))))).rules().getFirst();
    }

    @Test
    void theBitsAreTheKernels() {
        assertEquals(LandlockAccess.EXECUTE, LandlockPolicy.EXECUTE);
        assertEquals(LandlockAccess.WRITE_FILE, LandlockPolicy.WRITE_FILE);
        assertEquals(LandlockAccess.READ_FILE, LandlockPolicy.READ_FILE);
        assertEquals(LandlockAccess.READ_DIR, LandlockPolicy.READ_DIR);
        assertEquals(LandlockAccess.REMOVE_DIR, LandlockPolicy.REMOVE_DIR);
        assertEquals(LandlockAccess.REMOVE_FILE, LandlockPolicy.REMOVE_FILE);
        assertEquals(LandlockAccess.MAKE_CHAR, LandlockPolicy.MAKE_CHAR);
        assertEquals(LandlockAccess.MAKE_DIR, LandlockPolicy.MAKE_DIR);
        assertEquals(LandlockAccess.MAKE_REG, LandlockPolicy.MAKE_REG);
        assertEquals(LandlockAccess.MAKE_SOCK, LandlockPolicy.MAKE_SOCK);
        assertEquals(LandlockAccess.MAKE_FIFO, LandlockPolicy.MAKE_FIFO);
        assertEquals(LandlockAccess.MAKE_BLOCK, LandlockPolicy.MAKE_BLOCK);
        assertEquals(LandlockAccess.MAKE_SYM, LandlockPolicy.MAKE_SYM);
        assertEquals(LandlockAccess.REFER, LandlockPolicy.REFER);
        assertEquals(LandlockAccess.TRUNCATE, LandlockPolicy.TRUNCATE);
        assertEquals(LandlockAccess.IOCTL_DEV, LandlockPolicy.IOCTL_DEV);
    }

    @Test
    void namesMapToKernelRights() throws Exception {
        assertEquals(LandlockAccess.READ_FILE, rule("read").rights(7));
        assertEquals(LandlockAccess.READ_DIR, rule("readdir").rights(7));
        assertEquals(LandlockAccess.WRITE_FILE, rule("write").rights(7));
        assertEquals(LandlockAccess.EXECUTE, rule("execute").rights(7));
        assertEquals(LandlockAccess.MAKE_REG | LandlockAccess.MAKE_DIR | LandlockAccess.MAKE_SYM
                | LandlockAccess.MAKE_SOCK | LandlockAccess.MAKE_FIFO, rule("create").rights(7));
        assertEquals(LandlockAccess.REMOVE_FILE | LandlockAccess.REMOVE_DIR, rule("remove").rights(7));
        assertEquals(LandlockAccess.MAKE_CHAR | LandlockAccess.MAKE_BLOCK, rule("make_char", "make_block").rights(7));
        assertEquals(LandlockAccess.READ_FILE | LandlockAccess.WRITE_FILE, rule("READ", "Write").rights(7));
    }

    @Test
    void rightsAboveTheAbiAreDropped() throws Exception {
        LandlockPolicy.Rule r = rule("read", "refer", "truncate", "ioctl_dev");
        assertEquals(LandlockAccess.READ_FILE, r.rights(1));
        assertEquals(LandlockAccess.READ_FILE | LandlockAccess.REFER, r.rights(2));
        assertEquals(LandlockAccess.READ_FILE | LandlockAccess.REFER | LandlockAccess.TRUNCATE, r.rights(4));
        assertEquals(LandlockAccess.READ_FILE | LandlockAccess.REFER | LandlockAccess.TRUNCATE
                | LandlockAccess.IOCTL_DEV, r.rights(5));
    }

    @Test
    void minAbiAboveTheKernelsIsARefusal() throws Exception {
        LandlockPolicy p = LandlockPolicy.fromDocument(Map.of("min_abi", 5L, "rules", List.of()));
        assertEquals(5, p.minAbi());
        assertEquals(Optional.of("the Landlock policy requires ABI 5 (min_abi) but this kernel has ABI 4"),
                p.refusalFor(4));
        assertEquals(Optional.empty(), p.refusalFor(5));
        assertTrue(LandlockPolicy.fromDocument(Map.of()).refusalFor(0).isPresent(), "default min_abi is 1");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> LandlockPolicy.fromDocument(
                Map.of("min_abi", "three", "rule", List.of(), "rules", List.of(
                        Map.of("path", "usr", "access", List.of("read")),
                        Map.of("path", "/tmp", "access", List.of("wirte"), "mode", "x"),
                        Map.of("path", "/etc")))));
        String m = e.getMessage();
        assertEquals(6, e.problems().size(), m);
        assertTrue(m.contains("unknown key \"rule\" (did you mean \"rules\"?)"), m);
        assertTrue(m.contains("min_abi must be a whole number"), m);
        assertTrue(m.contains("path \"usr\" must be absolute"), m);
        assertTrue(m.contains("(/tmp) access: unknown right \"wirte\" (did you mean \"write\"?)"), m);
        assertTrue(m.contains("#2 unknown key \"mode\""), m);
        assertTrue(m.contains("(/etc) access is missing"), m);
    }

    @Test
    void netRulesAndScopesAreReadAndTheirAbiIsKnown() throws Exception {
        LandlockPolicy p = LandlockPolicy.fromDocument(Map.of("scopes", List.of("SIGNAL"),
                "net", Map.of("bind_tcp", List.of(8080L, 8080L), "connect_tcp", List.of(443L, 53L))));
        assertEquals(Optional.of(new LandlockPolicy.Net(List.of(8080), List.of(53, 443))), p.net());
        assertEquals(Optional.of(java.util.Set.of("signal")), p.scopes());
        assertEquals(2L, p.scopeBits());
        assertEquals(List.of(), p.unenforcedOn(6));
        assertEquals(List.of("[net] TCP port rules need Landlock ABI 4 (this kernel: 3)",
                "scopes signal need Landlock ABI 6 (this kernel: 3)"), p.unenforcedOn(3));
        assertEquals(List.of("scopes signal need Landlock ABI 6 (this kernel: 5)"), p.unenforcedOn(5));
    }

    @Test
    void withoutScopesBothDefaultScopesApplyAndNothingIsDemanded() throws Exception {
        LandlockPolicy p = LandlockPolicy.fromDocument(Map.of());
        assertEquals(3L, p.scopeBits());
        assertEquals(List.of(), p.unenforcedOn(1), "the default scopes are best effort, never a demand");
        LandlockPolicy none = LandlockPolicy.fromDocument(Map.of("scopes", List.of(), "net", Map.of()));
        assertEquals(0L, none.scopeBits());
        assertEquals(Optional.of(new LandlockPolicy.Net(List.of(), List.of())), none.net(), "[net] alone denies all TCP");
    }

    @Test
    void badNetRulesAndScopesAreEachNamed() {
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> LandlockPolicy.fromDocument(
                Map.of("scopes", List.of("signals"), "net", Map.of("bind_tcp", List.of(70000L, -1L, "http"),
                        "conect_tcp", List.of(1L)))));
        String m = e.getMessage();
        assertEquals(5, e.problems().size(), m);
        assertTrue(m.contains("[net] unknown key \"conect_tcp\" (did you mean \"connect_tcp\"?)"), m);
        assertTrue(m.contains("[net] bind_tcp: the value 70000 is not a port (0-65535)"), m);
        assertTrue(m.contains("[net] bind_tcp: the value -1 is not a port"), m);
        assertTrue(m.contains("[net] bind_tcp: the string \"http\" is not a port"), m);
        assertTrue(m.contains("scopes: unknown scope \"signals\""), m);
        assertThrows(InvalidPolicyException.class, () -> LandlockPolicy.fromDocument(Map.of("net", List.of(1L))));
    }
}
