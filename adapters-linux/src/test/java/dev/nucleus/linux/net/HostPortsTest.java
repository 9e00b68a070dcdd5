package dev.nucleus.linux.net;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.value.PortMapping;
import dev.nucleus.ports.PolicyRejectedException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host ports a -p value may not take: a host process's, another container's, an address the host lacks. */
class HostPortsTest {
    @TempDir
    Path dir;

    private static List<PortMapping> p(String... values) throws Exception {
        List<PortMapping> out = new java.util.ArrayList<>();
        for (String v : values) {
            out.add(PortMapping.parse(v));
        }
        return out;
    }

    @Test
    void aPortAHostProcessListensOnIsRefusedNamingTheValue() throws Exception {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = s.getLocalPort();
            var e = assertThrows(PolicyRejectedException.class, () -> HostPorts.refuseUnusable(p(port + ":80")));
            assertTrue(e.getMessage().startsWith("-p " + port + ":80/tcp: host port " + port
                    + "/tcp is in use by a host process"), e.getMessage());
            assertDoesNotThrow(() -> HostPorts.refuseUnusable(p(port + ":80/udp")), "UDP is another port");
        }
    }

    @Test
    void aUdpPortInUseIsRefused() throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int port = s.getLocalPort();
            var e = assertThrows(PolicyRejectedException.class,
                    () -> HostPorts.refuseUnusable(p("127.0.0.1:" + port + ":53/udp")));
            assertTrue(e.getMessage().contains("/udp is in use by a host process"), e.getMessage());
        }
    }

    @Test
    void anAddressTheHostLacksIsRefused() throws Exception {
        var e = assertThrows(PolicyRejectedException.class, () -> HostPorts.refuseUnusable(p("192.0.2.77:18503:80")));
        assertTrue(e.getMessage().startsWith("-p 192.0.2.77:18503:80/tcp: 192.0.2.77 is not an address of this host"),
                e.getMessage());
    }

    @Test
    void aFreePortOnALocalAddressPasses() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int free = port;
        assertDoesNotThrow(() -> HostPorts.refuseUnusable(p("127.0.0.1:" + free + ":80", free + ":80/udp")));
    }

    @Test
    void aPortAnotherLeaseHolderPublishesIsRefusedNamingIt() throws Exception {
        String other = "ab".repeat(16);
        PublishedPorts.record(dir, other, p("18961:80"));
        var lease = new LeaseTable.Held("br", dir.resolve("leases/br/10.0.0.2"), new Lease(other, Optional.empty()));
        var e = assertThrows(PolicyRejectedException.class,
                () -> PublishedPorts.refuseConflicts(dir, "cd".repeat(16), p("127.0.0.1:18961:81"), List.of(lease)));
        assertTrue(e.getMessage().startsWith("-p 127.0.0.1:18961:81/tcp: host port 18961/tcp is already published by"
                + " container " + other), e.getMessage());
        assertDoesNotThrow(() -> PublishedPorts.refuseConflicts(dir, "cd".repeat(16), p("18961:80/udp", "18962:80"),
                List.of(lease)));
        assertDoesNotThrow(() -> PublishedPorts.refuseConflicts(dir, "cd".repeat(16), p("18961:80"), List.of()),
                "a container without a lease holds nothing");
        assertDoesNotThrow(() -> PublishedPorts.refuseConflicts(dir, other, p("18961:80"), List.of(lease)),
                "its own record (a restart) is no conflict");
    }
}
