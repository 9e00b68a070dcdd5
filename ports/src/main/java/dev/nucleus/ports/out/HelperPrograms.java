package dev.nucleus.ports.out;

import dev.nucleus.ports.LaunchFailedException;

import java.util.List;

/**
 * Runs the helper programs a backend starts (runsc for gVisor), their stdout and stderr copied
 * through pipes to this process's own as they come. Through this port the composition root decides
 * how: the Linux adapter starts them with {@code posix_spawn}, not the JDK's {@code ProcessBuilder},
 * whose first start costs a cold JVM a {@code ServiceLoader} scan of the whole class path.
 */
public interface HelperPrograms {
    /**
     * Starts {@code argv} (its first element the program's absolute path), stdin inherited or, with
     * {@code stdinFromDevNull}, /dev/null.
     */
    Running start(List<String> argv, boolean stdinFromDevNull) throws LaunchFailedException;

    /** A helper program that was started. */
    interface Running extends AutoCloseable {
        /** Whether it is still running; never blocks. */
        boolean isAlive();

        /**
         * Waits for it to end, then for the rest of its output (which children of its own may hold
         * open a while: ten seconds at most): its exit code, or 128 + the signal that ended it.
         */
        int waitFor() throws InterruptedException;

        /** The last bytes (about 1 KiB) it wrote to stderr, which was passed on: its own last words. */
        String stderrTail();

        /** Releases the handle on it; a helper still running goes on. */
        @Override
        void close();
    }
}
