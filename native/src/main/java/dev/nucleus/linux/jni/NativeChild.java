package dev.nucleus.linux.jni;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A helper program started with {@code posix_spawn} (see child_jni.c), for the launch path: the
 * JDK's first {@code ProcessBuilder.start} looks up the {@code System.Logger} backend (a
 * {@code ServiceLoader} scan of the whole class path, some 14 ms of a cold start here) and sets up
 * its process reaper. The child gets this JVM's environment (or the one given), stdin from the JVM
 * or /dev/null, and
 * stdout and stderr through pipes ({@link #stdout()}, {@link #stderr()}); nothing else of the JVM's.
 */
public final class NativeChild implements AutoCloseable {
    private final long pid;
    private final int pidfd;
    private final InputStream stdout;
    private final InputStream stderr;
    private volatile Integer exitCode;
    private boolean closed;

    private NativeChild(long pid, int pidfd, InputStream stdout, InputStream stderr) {
        this.pid = pid;
        this.pidfd = pidfd;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code argv}, whose first element is the program's absolute path (no PATH search). */
    public static NativeChild start(List<String> argv, boolean stdinFromDevNull) throws IOException {
        return start(argv, null, stdinFromDevNull);
    }

    /** As {@link #start(List, boolean)}, with {@code environment} ({@code KEY=value}s) instead of this JVM's. */
    public static NativeChild start(List<String> argv, List<String> environment, boolean stdinFromDevNull)
            throws IOException {
        return start(argv, environment, stdinFromDevNull, null, false);
    }

    /**
     * A hook's start: {@code stdin} is what it reads on fd 0 (the bytes, from a memory file), and its
     * stderr goes to its stdout's pipe ({@link #stdout()}; {@link #stderr()} is then empty), so the
     * two stay in the order written.
     */
    public static NativeChild startMerged(List<String> argv, List<String> environment, byte[] stdin)
            throws IOException {
        return start(argv, environment, true, stdin, true);
    }

    private static NativeChild start(List<String> argv, List<String> environment, boolean stdinFromDevNull,
                                     byte[] stdin, boolean merge) throws IOException {
        if (argv.isEmpty() || !argv.getFirst().startsWith("/")) {
            throw new IllegalArgumentException("the program must be an absolute path: " + argv);
        }
        NativeLibrary.load();
        long[] started;
        try {
            started = start0(argv.toArray(String[]::new),
                    environment == null ? null : environment.toArray(String[]::new), stdinFromDevNull, stdin, merge);
        } catch (NativeShimException e) {
            throw new IOException("cannot start " + argv.getFirst() + ": " + e.getMessage(), e);
        }
        int pidfd = (int) started[1];
        return new NativeChild(started[0], pidfd, reading((int) started[2]),
                started[3] < 0 ? InputStream.nullInputStream() : reading((int) started[3]));
    }

    /** A stream of its own on the pipe (through /proc/self/fd), after which the raw fd is closed. */
    private static InputStream reading(int fd) throws IOException {
        try {
            return new FileInputStream("/proc/self/fd/" + fd);
        } finally {
            close0(fd);
        }
    }

    public long pid() {
        return pid;
    }

    public InputStream stdout() {
        return stdout;
    }

    public InputStream stderr() {
        return stderr;
    }

    /** Whether it is still running (never blocks, also while another thread waits for it). */
    public boolean isAlive() {
        return exitCode == null && !ended0(pidfd, 0);
    }

    /** Waits up to {@code millis} for it to end: whether it has (it is reaped by {@link #waitFor()}). */
    public boolean awaitEnd(int millis) {
        return exitCode != null || ended0(pidfd, millis);
    }

    /** Waits for it to end (one thread at a time): its exit code, or 128 + the signal that ended it. */
    public synchronized int waitFor() {
        if (exitCode == null) {
            int status = NativeShim.waitPid(pidfd); // a raw wait status
            exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
        }
        return exitCode;
    }

    /**
     * Closes the pidfd; a child still running is left running (and unreaped). The streams are their
     * readers' to close (another thread may still be reading one).
     */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            close0(pidfd);
        }
    }

    private static native long[] start0(String[] argv, String[] environment, boolean stdinFromDevNull, byte[] stdin,
                                        boolean merge);

    private static native boolean ended0(int pidfd, int timeoutMillis);

    private static native void close0(int fd);
}
