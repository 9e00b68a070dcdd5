package dev.nucleus.linux.net;

import dev.nucleus.domain.spec.BridgeSettings;
import dev.nucleus.ports.LaunchFailedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The bridge itself: created on first use with the gateway addresses (IPv4 and the IPv6 ULA),
 * route_localnet set on it alone (so that the host's own 127.0.0.1:PORT forwards can be routed
 * to a container, and nowhere else), brought up; removed when its last container is gone. An
 * existing bridge of that name with another address is refused, never reconfigured.
 */
final class BridgeLink {
    private BridgeLink() {
    }

    static boolean exists(String name) {
        return Files.isDirectory(Path.of("/sys/class/net", name));
    }

    /** {@code scratch}: a root-only directory for the ip commands' batch file ({@link IpBatch}). */
    static void ensure(BridgeSettings b, Path scratch) throws LaunchFailedException {
        String cidr = b.gateway() + "/" + b.subnet().prefixLength();
        if (exists(b.name())) {
            String addrs = HostTools.run("ip", List.of("-o", "-4", "addr", "show", "dev", b.name()));
            if (!addrs.contains(" " + cidr + " ")) {
                throw new LaunchFailedException("bridge " + b.name() + " exists without " + cidr + " (it has: "
                        + addrs.strip().replaceAll("\\s+", " ") + "); choose another --bridge or --bridge-subnet");
            }
            return;
        }
        if (!Files.isDirectory(Path.of("/sys/class/net"))) {
            throw new LaunchFailedException("no /sys/class/net: cannot manage network links here");
        }
        HostTools.run("ip", List.of("link", "add", b.name(), "type", "bridge"));
        try {
            sysctl("net/ipv4/conf/" + b.name() + "/route_localnet", "1");
            new IpBatch()
                    .add("addr", "add", cidr, "dev", b.name())
                    .add("addr", "add", b.ipv6Host(1) + "/64", "dev", b.name(), "nodad") // the family from the address
                    .add("link", "set", b.name(), "up")
                    .run(scratch, b.name());
        } catch (LaunchFailedException e) {
            remove(b.name());
            throw e;
        }
    }

    static void remove(String name) throws LaunchFailedException {
        if (exists(name)) {
            HostTools.Result r = HostTools.exec("ip", List.of("link", "del", name));
            if (r.exit() != 0 && exists(name)) {
                throw new LaunchFailedException("ip link del " + name + ": " + r.err().strip());
            }
        }
    }

    static void sysctl(String key, String value) throws LaunchFailedException {
        try {
            Files.writeString(Path.of("/proc/sys", key), value);
        } catch (IOException e) {
            throw new LaunchFailedException("cannot set " + key.replace('/', '.') + "=" + value + ": " + e.getMessage(), e);
        }
    }
}
