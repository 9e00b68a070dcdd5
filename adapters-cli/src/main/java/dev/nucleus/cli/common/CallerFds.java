package dev.nucleus.cli.common;

import java.nio.file.Path;
import java.util.Map;

/**
 * The file descriptors a caller may name in {@code --events-fd}, {@code --env-fd} and
 * {@code --config-fd}. Each answer is the {@code /proc/self/fd} path to open, once the fd is
 * known to be one the caller passed, open the way the option needs.
 */
public sealed interface CallerFds permits InheritedFds, CallerFds.InProcess {
    /** The path to read {@code fd} through, or why {@code option} cannot name it. */
    Path readable(String option, int fd) throws UsageException;

    /** The path to append to {@code fd} through, or why {@code option} cannot name it. */
    Path writable(String option, int fd) throws UsageException;

    /**
     * The fds this process holds from its caller, read before any thread of ours opens a file;
     * see {@link InheritedFds#snapshot}.
     */
    static CallerFds snapshot() {
        return InheritedFds.snapshot();
    }

    /** No fd at all was passed (a process the CLI started itself, such as the supervisor). */
    static CallerFds none() {
        return new InheritedFds(Map.of());
    }

    /** The embedded API: the caller shares this process, so any fd open in it is the caller's to name. */
    static CallerFds inProcess() {
        return new InProcess();
    }

    /** An fd option's number from its text: a usage error names the option when it is not one. */
    static int number(String option, String text) throws UsageException {
        try {
            int fd = Integer.parseInt(text);
            if (fd >= 0) {
                return fd;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new UsageException(option + " " + text + ": not a file descriptor number");
    }

    /** Any open fd: an in-process caller opened it itself. */
    record InProcess() implements CallerFds {
        @Override
        public Path readable(String option, int fd) throws UsageException {
            return open(option, fd);
        }

        @Override
        public Path writable(String option, int fd) throws UsageException {
            return open(option, fd);
        }

        private static Path open(String option, int fd) throws UsageException {
            Path path = Path.of("/proc/self/fd/" + fd);
            if (!java.nio.file.Files.exists(path)) {
                throw new UsageException(option + " " + fd + ": no such open file descriptor");
            }
            return path;
        }
    }
}
