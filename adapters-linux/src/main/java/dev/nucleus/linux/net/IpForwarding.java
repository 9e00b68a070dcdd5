package dev.nucleus.linux.net;

import dev.nucleus.ports.LaunchFailedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * net.ipv4.ip_forward, counted: turned on with the first bridged container (its value before
 * saved), restored when the last one is gone. Called with the network lock held; the count is
 * the number of address leases, so a crashed runtime's lease keeps it on until rm.
 */
final class IpForwarding {
    private static final Path SYSCTL = Path.of("/proc/sys/net/ipv4/ip_forward");

    private IpForwarding() {
    }

    static void acquire(Path stateDir) throws LaunchFailedException {
        Path saved = stateDir.resolve("ip_forward.saved");
        try {
            if (!Files.exists(saved)) {
                Files.writeString(saved, Files.readString(SYSCTL).strip() + "\n");
            }
            Files.writeString(SYSCTL, "1");
        } catch (IOException e) {
            throw new LaunchFailedException("cannot turn on net.ipv4.ip_forward: " + e.getMessage(), e);
        }
    }

    /** With no lease left on any bridge: puts back the value from before the first. */
    static void restore(Path stateDir) throws LaunchFailedException {
        Path saved = stateDir.resolve("ip_forward.saved");
        try {
            if (Files.exists(saved)) {
                Files.writeString(SYSCTL, Files.readString(saved).strip());
                Files.delete(saved);
            }
        } catch (IOException e) {
            throw new LaunchFailedException("cannot restore net.ipv4.ip_forward: " + e.getMessage(), e);
        }
    }
}
