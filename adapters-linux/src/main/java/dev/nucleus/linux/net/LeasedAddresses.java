package dev.nucleus.linux.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The IPv4 address a container holds on a bridge, as its lease records it: for {@code compose},
 * which names each service in the hosts file of the services that start after it.
 */
public final class LeasedAddresses {
    private LeasedAddresses() {
    }

    /** The address leased to {@code containerId} on {@code bridge}, if it holds one. */
    public static Optional<String> of(Path stateBase, String bridge, String containerId) {
        Path dir = new NetworkState(stateBase).leases(bridge);
        try (DirectoryStream<Path> leases = Files.newDirectoryStream(dir)) {
            for (Path lease : leases) {
                try {
                    if (Files.readString(lease, StandardCharsets.UTF_8).strip().equals(containerId)) {
                        return Optional.of(lease.getFileName().toString());
                    }
                } catch (NoSuchFileException e) {
                    // released meanwhile
                }
            }
        } catch (NoSuchFileException e) {
            return Optional.empty(); // no container on that bridge yet
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
