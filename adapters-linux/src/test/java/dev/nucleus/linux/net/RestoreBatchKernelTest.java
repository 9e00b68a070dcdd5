package dev.nucleus.linux.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.net.EgressRules;
import dev.nucleus.domain.rules.EgressPlan;
import dev.nucleus.domain.value.Cidr;
import dev.nucleus.domain.value.IpAddress;
import dev.nucleus.ports.LaunchFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches against the kernel, in a network namespace of the test's own (a {@code sleep} under
 * {@code unshare -n}, gone with it): egress rules installed in one transaction, a refused
 * command that leaves nothing of its batch behind, listed rules deleted as listed.
 */
@Tag("root")
class RestoreBatchKernelTest {
    @TempDir
    Path scratch;
    private Process holder;
    private long pid;

    @BeforeEach
    void ownNamespace() throws Exception {
        holder = new ProcessBuilder("unshare", "-n", "sleep", "600").start();
        pid = holder.pid();
        // unshare execs sleep in the new namespace: wait until the pid's namespace differs from ours
        for (int i = 0; i < 500 && Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "net"))
                .equals(Files.readSymbolicLink(Path.of("/proc/self/ns/net"))); i++) {
            Thread.sleep(10);
        }
        assertFalse(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "net"))
                .equals(Files.readSymbolicLink(Path.of("/proc/self/ns/net"))), "the holder has its own namespace");
    }

    @AfterEach
    void release() throws InterruptedException {
        holder.destroyForcibly().waitFor();
    }

    private String in(String tool, String... args) throws LaunchFailedException {
        return HostTools.runIn(pid, tool, List.of(args));
    }

    @Test
    void egressRulesOfBothFamiliesLandTogetherAsCommandsSay() throws Exception {
        EgressRules rules = EgressRules.of(new EgressPlan(EgressPlan.Kind.ALLOWLIST,
                        List.of(Cidr.parse("198.51.100.0/24")), List.of(), List.of(443), List.of(), true,
                        Optional.empty()),
                List.of(IpAddress.parse("10.0.42.1"), IpAddress.parse("fd00::53")), List.of());
        List<String> installed = EgressInstaller.install(pid, rules, scratch, "c1");

        assertEquals(rules.ipv4().size() + rules.ipv6().size(), installed.size());
        assertEquals("iptables " + String.join(" ", rules.ipv4().getFirst()), installed.getFirst());
        String v4 = in("iptables", "-S", "OUTPUT");
        assertTrue(v4.startsWith("-P OUTPUT DROP\n"), v4);
        assertTrue(v4.contains("-A OUTPUT -d 198.51.100.0/24 -p tcp -m tcp --dport 443 -j ACCEPT"), v4);
        assertTrue(v4.contains("-A OUTPUT -d 10.0.42.1/32 -p udp -m udp --dport 53 -j ACCEPT"), v4);
        assertTrue(v4.contains("--log-prefix \"nucleus-egress-denied: \""), "the prefix's blank kept: " + v4);
        String v6 = in("ip6tables", "-S", "OUTPUT");
        assertTrue(v6.startsWith("-P OUTPUT DROP\n"), v6);
        assertTrue(v6.contains("-A OUTPUT -d fd00::53/128 -p tcp -m tcp --dport 53 -j ACCEPT"), v6);
        assertEquals(List.of(), listFiles(), "the batch files are gone");
    }

    @Test
    void aRefusedCommandLeavesNothingOfItsBatchAndIsNamed() throws Exception {
        RestoreBatch batch = new RestoreBatch("iptables")
                .add("filter", List.of("-A", "OUTPUT", "-d", "192.0.2.1", "-j", "ACCEPT"))
                .add("filter", List.of("-A", "OUTPUT", "-j", "NO_SUCH_CHAIN"));
        LaunchFailedException e = assertThrows(LaunchFailedException.class, () -> batch.runIn(pid, scratch, "c2"));
        // nf_tables refuses it at the commit, which the tool numbers: the table's commands and the reason
        assertTrue(e.getMessage().startsWith("iptables -t filter (the table's 2 commands) failed (exit "),
                e.getMessage());
        assertTrue(e.getMessage().contains("Chain 'NO_SUCH_CHAIN' does not exist"), e.getMessage());
        assertFalse(in("iptables", "-S", "OUTPUT").contains("192.0.2.1"), "the first command was not kept");
        assertEquals(List.of(), listFiles());
    }

    @Test
    void listedRulesAreDeletedExactlyAsListed() throws Exception {
        new RestoreBatch("iptables")
                .add("nat", List.of("-A", "POSTROUTING", "-s", "10.9.0.0/24", "!", "-o", "br9", "-j", "MASQUERADE",
                        "-m", "comment", "--comment", "nucleus:bridge:br9"))
                .add("filter", List.of("-I", "FORWARD", "-i", "br9", "-j", "ACCEPT", "-m", "comment", "--comment",
                        "nucleus:bridge:br9"))
                .add("filter", List.of("-A", "FORWARD", "-i", "other0", "-j", "ACCEPT"))
                .runIn(pid, scratch, "c3");
        List<HostRules.Listed> ours = HostRules.parseSave(in("iptables-save"));
        assertEquals(2, ours.size(), ours.toString());

        RestoreBatch delete = new RestoreBatch("iptables");
        ours.forEach(l -> delete.delete(l.table(), l.line()));
        delete.runIn(pid, scratch, "c3");

        assertEquals(List.of(), HostRules.parseSave(in("iptables-save")));
        assertTrue(in("iptables", "-S", "FORWARD").contains("-A FORWARD -i other0 -j ACCEPT"), "others' rules stay");
    }

    private List<String> listFiles() throws IOException {
        try (var s = Files.list(scratch)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
