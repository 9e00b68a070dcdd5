package dev.nucleus.linux.backend;

import dev.nucleus.linux.sys.JvmFileLocks;
import dev.nucleus.linux.sys.SelfPid;
import dev.nucleus.ports.LaunchFailedException;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps --name unique among the containers this host runs while they are being launched and run
 * (generated names are random ids and need no claim): a name is claimed by creating
 * {@code <base>/names/<name>} holding the claiming runtime's pid and start time, and released at
 * exit. A claim whose owner is gone (a crashed runtime) is taken over.
 *
 * <p>Taking, taking over and releasing happen under one lock ({@code names/@lock}: a flock for
 * other processes, a JVM lock for this one's threads): a claim is two steps (its directory, then
 * its owner), and a racer that saw the first without the second took a live claim for a dead
 * one's and removed it, so two launches held one name, or the first failed (exit 125).
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
            try (JvmFileLocks.Held ignored = locked(names)) {
                try {
                    Files.createDirectory(claim);
                } catch (FileAlreadyExistsException e) {
                    if (ProcessOwner.alive(read(claim.resolve("owner")))) {
                        return java.util.Optional.empty();
                    }
                    // its runtime died without releasing it (an owner missing: died between the two steps)
                    Files.deleteIfExists(claim.resolve("owner"));
                }
                Files.writeString(claim.resolve("owner"), ProcessOwner.self());
                return java.util.Optional.of(new NameClaim(claim));
            }
        } catch (IOException e) {
            throw new LaunchFailedException("cannot claim the name '" + name + "': " + e.getMessage(), e);
        }
    }

    /**
     * Removes the claim on {@code name} when the runtime that holds it is gone (it was killed
     * before it could release it): for {@code rm}, which removes such a runtime's container.
     */
    static void releaseOrphaned(Path base, String name) throws IOException {
        Path names = base.resolve("names");
        Path claim = names.resolve(name);
        if (!Files.isDirectory(claim)) {
            return;
        }
        try (JvmFileLocks.Held ignored = locked(names)) {
            if (!ProcessOwner.alive(read(claim.resolve("owner")))) {
                Files.deleteIfExists(claim.resolve("owner"));
                Files.deleteIfExists(claim);
            }
        }
    }

    private static String read(Path owner) {
        try {
            return Files.readString(owner);
        } catch (IOException e) {
            return ""; // never written: its runtime died between the two steps
        }
    }

    @Override
    public void close() throws IOException {
        try (JvmFileLocks.Held ignored = locked(claim.getParent())) {
            Files.deleteIfExists(claim.resolve("owner"));
            Files.deleteIfExists(claim);
        }
    }

    /** {@code names/@lock} held: no container name has an {@code @}, so it is no claim's. */
    private static JvmFileLocks.Held locked(Path names) throws IOException {
        return JvmFileLocks.hold(names.resolve("@lock"), true);
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
            try { // a zombie (killed, its parent slow to reap it) holds no claim
                return dev.nucleus.linux.state.ProcStart.alive(new dev.nucleus.domain.lifecycle.ContainerProcess(
                        Long.parseLong(parts[0]), Long.parseLong(parts[1])));
            } catch (NumberFormatException e) {
                return false;
            }
        }

        static String startTime(long pid) throws IOException {
            return Long.toString(dev.nucleus.linux.state.ProcStart.of(pid)
                    .orElseThrow(() -> new IOException("no process " + pid)));
        }
    }
}
