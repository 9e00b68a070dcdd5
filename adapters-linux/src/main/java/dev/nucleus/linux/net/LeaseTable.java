package dev.nucleus.linux.net;

import dev.nucleus.ports.LaunchFailedException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every address lease on every bridge of a network state directory ({@code leases/<bridge>/<address>}):
 * what the sweep and removals reason over. Read with the network lock held.
 */
final class LeaseTable {
    /** One lease: the bridge it is on, its file, its content. */
    record Held(String bridge, Path file, Lease lease) {
    }

    private LeaseTable() {
    }

    /** The bridges that have a lease directory (some may have no lease left in it). */
    static List<String> bridges(Path stateDir) throws LaunchFailedException {
        List<String> out = new ArrayList<>();
        Path leases = stateDir.resolve("leases");
        if (!Files.isDirectory(leases, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(leases)) {
            dirs.forEach(d -> out.add(d.getFileName().toString()));
        } catch (IOException e) {
            throw new LaunchFailedException("address leases: " + e.getMessage(), e);
        }
        return out;
    }

    static List<Held> read(Path stateDir) throws LaunchFailedException {
        List<Held> out = new ArrayList<>();
        for (String bridge : bridges(stateDir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(stateDir.resolve("leases").resolve(bridge))) {
                for (Path f : files) {
                    try {
                        out.add(new Held(bridge, f, Lease.read(f)));
                    } catch (NoSuchFileException gone) {
                        // released meanwhile
                    }
                }
            } catch (IOException e) {
                throw new LaunchFailedException("address leases: " + e.getMessage(), e);
            }
        }
        return out;
    }
}
