package dev.nucleus.linux.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweep over a host-wide network state shared by two state roots, against the host's real
 * iptables and links: it frees only what the leases of provably dead containers hold (their
 * owner's state says so), never another root's live container's and never a rule no lease names;
 * a bridge goes only when no link is attached to it. Rules live in a chain of this run's own.
 */
@Tag("root")
class KernelBridgeSweepTest {
    private static final String SUFFIX = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private static final String CHAIN = "NUCSWEEP" + SUFFIX.substring(0, 6).toUpperCase();
    private static final String BRIDGE = "nsw" + SUFFIX;

    @TempDir
    Path tmp;
    private Path hostDir;
    private Path rootA;
    private Path rootB;
    private final String idA = id('a');
    private final String idB = id('b');
    private final String idC = id('c');

    private static String id(char c) {
        return String.valueOf(c).repeat(8) + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
                + "0".repeat(8);
    }

    @BeforeEach
    void chain() throws Exception {
        hostDir = tmp.resolve("host");
        rootA = tmp.resolve("rootA");
        rootB = tmp.resolve("rootB");
        HostTools.run("iptables", List.of("-w", "-N", CHAIN));
        for (String id : List.of(idA, idB, idC)) {
            HostTools.run("iptables", List.of("-w", "-A", CHAIN, "-m", "comment", "--comment",
                    HostRules.containerTag(id), "-j", "RETURN"));
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        HostTools.exec("iptables", List.of("-w", "-F", CHAIN));
        HostTools.exec("iptables", List.of("-w", "-X", CHAIN));
        HostTools.exec("ip", List.of("link", "del", "nsv" + SUFFIX));
        HostTools.exec("ip", List.of("link", "del", BRIDGE));
    }

    private void lease(String address, String id, Path owner) throws Exception {
        Path dir = hostDir.resolve("leases").resolve(BRIDGE);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(address), new Lease(id, Optional.of(owner)).text());
    }

    private Set<String> tagged() throws Exception {
        return Set.copyOf(HostRules.listed().stream().filter(l -> l.line().startsWith("-A " + CHAIN + " "))
                .map(HostRules.Listed::tag).toList());
    }

    private KernelBridge bridgeOf(Path root, Map<Path, Set<String>> liveByRoot) {
        return new KernelBridge(new NetworkState(hostDir, root), r -> liveByRoot.getOrDefault(r, Set.of()));
    }

    @Test
    void aStartUnderOneRootKeepsAnotherRootsLiveContainerAndUnknownRules() throws Exception {
        lease("10.231.9.2", idA, rootA);
        lease("10.231.9.3", idB, rootB);

        // Root B's launch: its own idB is dead; root A says idA is alive.
        Set<String> swept = bridgeOf(rootB, Map.of(rootA, Set.of(idA))).sweep(Set::of);

        assertEquals(Set.of(idB), swept);
        assertEquals(Set.of(HostRules.containerTag(idA), HostRules.containerTag(idC)), tagged(),
                "idA lives in another root; idC is known to no lease");
        assertTrue(Files.exists(hostDir.resolve("leases").resolve(BRIDGE).resolve("10.231.9.2")));
        assertFalse(Files.exists(hostDir.resolve("leases").resolve(BRIDGE).resolve("10.231.9.3")));
    }

    @Test
    void aContainerWhoseRootSaysItIsGoneIsSwept() throws Exception {
        lease("10.231.9.2", idA, rootA);
        Set<String> swept = bridgeOf(rootB, Map.of()).sweep(Set::of);
        assertEquals(Set.of(idA), swept, "root A holds no live idA (its state is gone)");
        assertEquals(Set.of(HostRules.containerTag(idB), HostRules.containerTag(idC)), tagged());
    }

    @Test
    void aSweepWithNoLeaseTouchesNothing() throws Exception {
        assertEquals(Set.of(), bridgeOf(rootB, Map.of()).sweep(() -> {
            throw new AssertionError("no state is read when no lease exists");
        }));
        assertEquals(3, tagged().size());
    }

    @Test
    void aBridgeWithALinkAttachedIsKeptUntilTheLinkIsGone() throws Exception {
        HostTools.run("ip", List.of("link", "add", BRIDGE, "type", "bridge"));
        Files.createDirectories(hostDir.resolve("made"));
        Files.writeString(hostDir.resolve("made").resolve(BRIDGE), ""); // as BridgeLink.ensure records one it made
        HostTools.run("ip", List.of("link", "add", "nsv" + SUFFIX, "type", "veth", "peer", "name", "nsp" + SUFFIX));
        HostTools.run("ip", List.of("link", "set", "nsv" + SUFFIX, "master", BRIDGE));
        lease("10.231.9.2", idA, rootA);

        bridgeOf(rootA, Map.of()).release(idA);
        assertTrue(BridgeLink.exists(BRIDGE), "a link not of idA is still attached");
        assertTrue(Files.isDirectory(hostDir.resolve("leases").resolve(BRIDGE)));

        HostTools.run("ip", List.of("link", "del", "nsv" + SUFFIX));
        bridgeOf(rootA, Map.of()).release(idA);
        assertFalse(BridgeLink.exists(BRIDGE), "nothing attached and no lease: the bridge goes");
        assertFalse(Files.exists(hostDir.resolve("leases").resolve(BRIDGE)));
        assertFalse(BridgeLink.made(hostDir, BRIDGE), "and the record that Nucleus made it");
    }

    @Test
    void aBridgeNucleusDidNotMakeIsNeverRemoved() throws Exception {
        HostTools.run("ip", List.of("link", "add", BRIDGE, "type", "bridge")); // an administrator's
        lease("10.231.9.2", idA, rootA);
        bridgeOf(rootA, Map.of()).release(idA);
        assertTrue(BridgeLink.exists(BRIDGE), "emptied, but not Nucleus's to remove");
        assertFalse(Files.exists(hostDir.resolve("leases").resolve(BRIDGE)), "its leases go");
    }

    @Test
    void leasesNameTheirOwnersStateRoot() throws Exception {
        var b = new dev.nucleus.domain.spec.BridgeSettings(BRIDGE,
                dev.nucleus.domain.spec.BridgeSettings.parseSubnet("10.231.9.0/24"));
        NetworkState s = new NetworkState(hostDir, rootA);
        new AddressLeases(s.leases(BRIDGE), b, Optional.of(s.owner())).allocate(idA);
        Lease l = Lease.read(s.leases(BRIDGE).resolve("10.231.9.2"));
        assertEquals(new Lease(idA, Optional.of(rootA.toAbsolutePath())), l);
        assertEquals(Map.of(2L, idA), new AddressLeases(s.leases(BRIDGE), b).all());
    }

    @Test
    void asRootTheNetworkStateIsHostWideWhateverTheRoot() {
        assertEquals(NetworkState.HOST_DIR, NetworkState.of(rootA).dir());
        assertEquals(NetworkState.HOST_DIR, NetworkState.of(rootB).dir());
        assertEquals(rootB.toAbsolutePath(), NetworkState.of(rootB).owner());
    }
}
