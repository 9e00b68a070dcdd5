package dev.nucleus.linux.backend;

import dev.nucleus.linux.sys.SelfPid;
import dev.nucleus.ports.LaunchFailedException;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps --name unique among the containers this host runs while they are being launched and run
 * (generated names are random ids and need no claim): a name is claimed by creating
 * {@code <base>/names/<name>} (atomic: one creator wins) holding the claiming runtime's pid and start
 * time, and released at exit. A claim whose owner is gone (a crashed runtime) is taken over.
 */
final class NameClaim implements AutoCloseable {
    private final Path claim;

    private NameClaim(Path claim) {
        this.claim = claim;
    }

    /** The claim, or empty when a live runtime holds the name. */
    static java.util.Optional<NameClaim> take(Path base, String name) throws LaunchFailedException {
        Path names = base.resolve("names");
        Path claim = names.resolve(name);
        try {
            Files.createDirectories(names);
            for (int attempt = 0; attempt < 2; attempt++) {
                try {
                    Files.createDirectory(claim);
                    Files.writeString(claim.resolve("owner"), ProcessOwner.self());
                    return java.util.Optional.of(new NameClaim(claim));
                } catch (FileAlreadyExistsException e) {
                    if (ProcessOwner.alive(read(claim.resolve("owner")))) {
                        return java.util.Optional.empty();
                    }
                    remove(claim); // its runtime died without releasing it
                }
            }
            throw new LaunchFailedException("could not claim the name '" + name + "'");
        } catch (IOException e) {
            throw new LaunchFailedException("cannot claim the name '" + name + "': " + e.getMessage(), e);
        }
    }

    private static String read(Path owner) {
        try {
            return Files.readString(owner);
        } catch (IOException e) {
            return ""; // half-written by a runtime that died between the two steps: not alive
        }
    }

    private static void remove(Path claim) throws IOException {
        Files.deleteIfExists(claim.resolve("owner"));
        Files.deleteIfExists(claim);
    }

    @Override
    public void close() throws IOException {
        remove(claim);
    }

    /** "pid starttime" of a process, so a recycled pid is not mistaken for the owner. */
    static final class ProcessOwner {
        private ProcessOwner() {
        }

        // By the mounted /proc's numbering, which alive() reads it back with; not ProcessHandle,
        // whose first call starts the JDK's process-reaper pool.
        static String self() throws IOException {
            long pid = SelfPid.get();
            return pid + " " + startTime(pid);
        }

        static boolean alive(String owner) {
            String[] parts = owner.strip().split(" ");
            if (parts.length != 2) {
                return false;
            }
            try {
                return startTime(Long.parseLong(parts[0])).equals(parts[1]);
            } catch (IOException | NumberFormatException e) {
                return false;
            }
        }

        static String startTime(long pid) throws IOException {
            return Long.toString(dev.nucleus.linux.state.ProcStart.of(pid)
                    .orElseThrow(() -> new IOException("no process " + pid)));
        }
    }
}
