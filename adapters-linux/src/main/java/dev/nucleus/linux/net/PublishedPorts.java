package dev.nucleus.linux.net;

import dev.nucleus.domain.value.InvalidValueException;
import dev.nucleus.domain.value.PortMapping;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.PolicyRejectedException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The host ports each bridged container publishes ({@code published/<id>}, one -p value a line),
 * next to its lease in the host-wide network state: a second DNAT for a port another container
 * already forwards would never match, so a launch asking for one is refused. Read and written
 * with the network lock held; a container's file goes with its lease.
 */
final class PublishedPorts {
    private PublishedPorts() {
    }

    private static Path file(Path stateDir, String id) {
        return stateDir.resolve("published").resolve(id);
    }

    /**
     * Refuses (exit 2) a -p value of container {@code id} that takes a host port another container
     * holding a lease publishes (its own earlier record, as on a restart, is no conflict).
     */
    static void refuseConflicts(Path stateDir, String id, List<PortMapping> wanted, List<LeaseTable.Held> leases)
            throws LaunchFailedException {
        if (wanted.isEmpty()) {
            return;
        }
        Set<String> holders = new LinkedHashSet<>();
        leases.forEach(h -> holders.add(h.lease().id()));
        holders.remove(id);
        for (String holder : holders) {
            for (PortMapping theirs : read(stateDir, holder)) {
                for (PortMapping p : wanted) {
                    if (p.clashesWith(theirs)) {
                        throw new PolicyRejectedException("-p " + p + ": host port " + p.hostPort() + "/"
                                + p.protocol() + " is already published by container " + holder + " (-p " + theirs
                                + "); choose another host port, or remove that container first");
                    }
                }
            }
        }
    }

    static void record(Path stateDir, String id, List<PortMapping> publish) throws LaunchFailedException {
        if (publish.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        publish.forEach(p -> text.append(p).append('\n'));
        try {
            Files.createDirectories(file(stateDir, id).getParent());
            Files.writeString(file(stateDir, id), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LaunchFailedException("published ports of " + id + ": " + e.getMessage(), e);
        }
    }

    static List<PortMapping> read(Path stateDir, String id) throws LaunchFailedException {
        List<PortMapping> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file(stateDir, id), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(PortMapping.parse(line));
                }
            }
        } catch (NoSuchFileException none) {
            return out;
        } catch (IOException | InvalidValueException e) {
            throw new LaunchFailedException("published ports of " + id + ": " + e.getMessage(), e);
        }
        return out;
    }

    static void forget(Path stateDir, String id) throws IOException {
        Files.deleteIfExists(file(stateDir, id));
    }
}
