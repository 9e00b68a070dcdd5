package dev.nucleus.linux.jni;

/**
 * Copies bytes from one fd to another in the calling thread, until the source ends or a stop fd
 * turns readable or hangs up (the write end of a pipe closed). Used to relay the caller's
 * terminal to a command that must not hold it. Errors are {@link NativeShimException}s.
 */
public final class NativeRelay {
    private NativeRelay() {
    }

    /**
     * Relays {@code from} to {@code to}. Returns at the source's end (0 bytes, or EIO from a
     * terminal that hung up), when {@code to}'s reader is gone (EPIPE), or at the stop: with
     * {@code drainAtStop} after copying what {@code from} holds already (what a command wrote
     * before it ended), else at once, reading nothing more (input typed after it is left alone).
     *
     * @return the bytes copied
     */
    public static long pump(int from, int to, int stop, boolean drainAtStop) {
        NativeLibrary.load();
        return pump0(from, to, stop, drainAtStop);
    }

    /** Whether {@code fd} is a terminal ({@code isatty}). */
    public static boolean isTerminal(int fd) {
        NativeLibrary.load();
        return isTerminal0(fd);
    }

    private static native boolean isTerminal0(int fd);

    private static native long pump0(int from, int to, int stop, boolean drainAtStop);
}
