package dev.nucleus.linux.net;

import dev.nucleus.domain.value.IpAddress;
import dev.nucleus.domain.value.PortMapping;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.PolicyRejectedException;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.util.List;

/**
 * Whether the host can give each -p value its port: the host address must be one of the host's,
 * and no host process may hold the port (a DNAT would silently take its traffic away). Asked by
 * binding the address and port for a moment, TCP or UDP as the -p value says.
 */
public final class HostPorts {
    private HostPorts() {
    }

    public static void refuseUnusable(List<PortMapping> publish) throws LaunchFailedException {
        for (PortMapping p : publish) {
            InetAddress address = address(p);
            if (p.hostAddress().isPresent() && !local(address)) {
                throw new PolicyRejectedException("-p " + p + ": " + p.hostAddress().get()
                        + " is not an address of this host; publish on one of its addresses, or on all (HOST:CONTAINER)");
            }
            try {
                probe(p.protocol(), new InetSocketAddress(address, p.hostPort()));
            } catch (IOException e) {
                throw new PolicyRejectedException("-p " + p + ": host port " + p.hostPort() + "/" + p.protocol()
                        + " is in use by a host process (" + e.getMessage() + "); choose another host port", e);
            }
        }
    }

    private static InetAddress address(PortMapping p) throws LaunchFailedException {
        try {
            return InetAddress.getByName(p.hostAddress().map(IpAddress::toString).orElse("0.0.0.0"));
        } catch (IOException e) {
            throw new PolicyRejectedException("-p " + p + ": " + e.getMessage(), e);
        }
    }

    private static boolean local(InetAddress a) {
        try {
            return a.isAnyLocalAddress() || a.isLoopbackAddress() || NetworkInterface.getByInetAddress(a) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    private static void probe(PortMapping.Protocol protocol, InetSocketAddress at) throws IOException {
        if (protocol == PortMapping.Protocol.UDP) {
            try (DatagramSocket s = new DatagramSocket(null)) {
                s.bind(at);
            }
        } else {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true); // a port in TIME_WAIT is free; one a process listens on is not
                s.bind(at);
            }
        }
    }
}
