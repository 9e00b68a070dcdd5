package dev.nucleus.linux.net;

import dev.nucleus.domain.spec.BridgeSettings;
import dev.nucleus.domain.value.AsciiText;
import dev.nucleus.domain.value.Cidr;
import dev.nucleus.domain.value.InvalidValueException;
import dev.nucleus.domain.value.IpAddress;
import dev.nucleus.ports.LaunchFailedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The bridge itself: created on first use with the gateway addresses (IPv4 and the IPv6 ULA),
 * route_localnet set on it alone (so that the host's own 127.0.0.1:PORT forwards can be routed
 * to a container, and nowhere else), brought up; removed when its last container is gone, if
 * Nucleus made it ({@code made/<bridge>} in the network state records that it did). An existing
 * bridge of that name with another address is refused, never reconfigured; one with that address
 * (an administrator's) is used and left in place.
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
                throw new dev.nucleus.ports.PolicyRejectedException("bridge " + b.name() + " exists without " + cidr
                        + " (it has: "
                        + String.join(" ", AsciiText.words(addrs.strip()))
                        + "); choose another --bridge or --bridge-subnet");
            }
            return;
        }
        if (!Files.isDirectory(Path.of("/sys/class/net"))) {
            throw new LaunchFailedException("no /sys/class/net: cannot manage network links here");
        }
        refuseOverlap(b, HostTools.run("ip", List.of("-o", "-4", "addr", "show")));
        recordMade(scratch, b.name()); // first: a crash right after the link's creation still leaves it known
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
            forgetMade(scratch, b.name());
            throw e;
        }
    }

    /** Whether Nucleus made bridge {@code name} (network lock held): only such a bridge is ever removed. */
    static boolean made(Path stateDir, String name) {
        return Files.exists(stateDir.resolve("made").resolve(name));
    }

    private static void recordMade(Path stateDir, String name) throws LaunchFailedException {
        try {
            Files.createDirectories(stateDir.resolve("made"));
            Files.writeString(stateDir.resolve("made").resolve(name), "");
        } catch (IOException e) {
            throw new LaunchFailedException("cannot record bridge " + name + " in " + stateDir + ": " + e.getMessage(), e);
        }
    }

    /** After the bridge's removal. */
    static void forgetMade(Path stateDir, String name) throws LaunchFailedException {
        try {
            Files.deleteIfExists(stateDir.resolve("made").resolve(name));
        } catch (IOException e) {
            throw new LaunchFailedException("cannot forget bridge " + name + " in " + stateDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A new bridge whose subnet overlaps an address the host already has (another bridge's, a
     * link's) would make routes to both ambiguous: refused, naming the interface, as the request's
     * own conflict (exit 2, in every mode: agent mode does not run on with loopback alone).
     * {@code addresses} is {@code ip -o -4 addr show}: "N: IFACE    inet A.B.C.D/P ...".
     */
    static void refuseOverlap(BridgeSettings b, String addresses) throws LaunchFailedException {
        for (String line : addresses.lines().toList()) {
            List<String> words = AsciiText.words(line.trim()); // trim().split("\\s+"), no regex
            for (int i = 0; i + 1 < words.size(); i++) {
                if (!words.get(i).equals("inet")) {
                    continue;
                }
                String address = words.get(i + 1);
                try {
                    int slash = address.indexOf('/');
                    Cidr network = Cidr.enclosing(IpAddress.parseV4Only(address.substring(0, slash)),
                            Integer.parseInt(address.substring(slash + 1)));
                    if (network.overlaps(b.subnet())) {
                        String link = words.get(1); // "IFACE:"
                        String iface = link.endsWith(":") ? link.substring(0, link.length() - 1) : link;
                        throw new dev.nucleus.ports.PolicyRejectedException("bridge " + b.name() + ": its subnet "
                                + b.subnet()
                                + " overlaps " + address + " on " + iface + "; choose another --bridge-subnet"
                                + " (or a topology network's subnet)");
                    }
                } catch (InvalidValueException | RuntimeException e) {
                    // not an address line we can read: nothing to compare
                }
            }
        }
    }

    /** Whether any link (a veth, whoever's) other than {@code leaving} is attached to bridge {@code name}. */
    static boolean hasPortsBut(String name, List<String> leaving) {
        try (var ports = Files.newDirectoryStream(Path.of("/sys/class/net", name, "brif"))) {
            for (Path port : ports) {
                if (!leaving.contains(port.getFileName().toString())) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false; // no such bridge
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
