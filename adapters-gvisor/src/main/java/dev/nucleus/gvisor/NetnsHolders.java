package dev.nucleus.gvisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Where the process holding a bridged sandbox's network namespace ({@link SandboxNetwork}) is
 * recorded: {@code <state>/gvisor/holders/<id>} says "pid starttime", so that `nucleus rm` ends a
 * holder its runtime could not (a runtime killed before it did), and never a process that got the
 * pid since (its start time differs).
 */
final class NetnsHolders {
    private static final long GONE_WAIT_MILLIS = 5_000;

    private NetnsHolders() {
    }

    static Path file(Path stateBase, String id) {
        return stateBase.resolve("gvisor").resolve("holders").resolve(id);
    }

    /** Records {@code pid} (running now) as the holder of {@code id}'s namespace; written whole or not at all. */
    static void record(Path stateBase, String id, long pid) throws IOException {
        Path file = file(stateBase, id);
        Files.createDirectories(file.getParent());
        String started = startTime(pid).orElseThrow(() -> new IOException("the namespace holder " + pid + " is gone"));
        Path temp = file.resolveSibling(id + ".tmp");
        Files.writeString(temp, pid + " " + started + "\n");
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Forgets the record (its holder was ended by its runtime). */
    static void forget(Path stateBase, String id) {
        try {
            Files.deleteIfExists(file(stateBase, id).resolveSibling(id + ".tmp"));
            Files.deleteIfExists(file(stateBase, id));
        } catch (IOException e) {
            // nothing to end is left behind it: a later rm only finds the holder gone
        }
    }

    /**
     * Ends the recorded holder of {@code id}'s namespace if it still runs (SIGKILL, then waits for
     * it to be gone), and forgets it; idempotent.
     */
    static void end(Path stateBase, String id) throws IOException {
        Path file = file(stateBase, id);
        if (!Files.exists(file)) {
            return;
        }
        String[] recorded = Files.readString(file).strip().split(" ");
        if (recorded.length == 2 && recorded[0].matches("[0-9]+")) {
            long pid = Long.parseLong(recorded[0]);
            if (startTime(pid).filter(recorded[1]::equals).isPresent()) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                long deadline = System.nanoTime() + GONE_WAIT_MILLIS * 1_000_000;
                while (startTime(pid).filter(recorded[1]::equals).isPresent() && System.nanoTime() < deadline) {
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while the namespace holder " + pid + " ended", e);
                    }
                }
                if (startTime(pid).filter(recorded[1]::equals).isPresent()) {
                    throw new IOException("the namespace holder " + pid + " did not end within "
                            + GONE_WAIT_MILLIS / 1000 + " s of SIGKILL");
                }
            }
        }
        forget(stateBase, id);
    }

    /**
     * A live process's start time in clock ticks since boot (/proc/PID/stat field 22); empty when
     * there is no such process or it is a zombie (which holds no namespace any more).
     */
    static Optional<String> startTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return f[0].equals("Z") || f[0].equals("X") ? Optional.empty() : Optional.of(f[19]);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
