package dev.nucleus.linux.net;

import dev.nucleus.domain.spec.BridgeSettings;
import dev.nucleus.ports.LaunchFailedException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * IPAM for one bridge: a file per address in use, named by the address and holding the
 * container's id and its state root ({@link Lease}), created with O_EXCL under the network lock,
 * so that no address is ever handed out twice, whatever the number of concurrent starts. The lowest free address is taken.
 */
final class AddressLeases {
    private final Path dir;
    private final BridgeSettings bridge;
    private final Optional<Path> owner;

    AddressLeases(Path dir, BridgeSettings bridge) {
        this(dir, bridge, Optional.empty());
    }

    /** {@code owner}: the state root of the containers it leases to, written into each lease. */
    AddressLeases(Path dir, BridgeSettings bridge, Optional<Path> owner) {
        this.dir = dir;
        this.bridge = bridge;
        this.owner = owner;
    }

    /** Reserves an address for {@code id} (call with the network lock held); returns its host number. */
    long allocate(String id) throws LaunchFailedException {
        try {
            Files.createDirectories(dir);
            long last = bridge.containerAddresses() + 1;
            for (long n = 2; n <= last; n++) {
                Path file = dir.resolve(bridge.host(n).toString());
                try {
                    Files.writeString(file, new Lease(id, owner).text(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE);
                    return n;
                } catch (FileAlreadyExistsException taken) {
                    // the next one
                }
            }
        } catch (IOException e) {
            throw new LaunchFailedException("address leases " + dir + ": " + e.getMessage(), e);
        }
        throw new LaunchFailedException("bridge " + bridge.name() + " has no free address left in " + bridge.subnet());
    }

    /** Every lease: host number to container id. */
    Map<Long, String> all() throws LaunchFailedException {
        Map<Long, String> out = new TreeMap<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        long base = bridge.subnet().address().low();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String[] parts = f.getFileName().toString().split("\\.");
                if (parts.length != 4) {
                    continue;
                }
                long v = 0;
                for (String p : parts) {
                    v = v << 8 | Long.parseLong(p);
                }
                try {
                    out.put(v - base, Lease.read(f).id());
                } catch (NoSuchFileException gone) {
                    // released meanwhile
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new LaunchFailedException("address leases " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Drops every lease of {@code id} (call with the network lock held). */
    void release(String id) throws LaunchFailedException {
        for (var lease : all().entrySet()) {
            if (lease.getValue().equals(id)) {
                try {
                    Files.deleteIfExists(dir.resolve(bridge.host(lease.getKey()).toString()));
                } catch (IOException e) {
                    throw new LaunchFailedException("address lease of " + id + ": " + e.getMessage(), e);
                }
            }
        }
    }
}
