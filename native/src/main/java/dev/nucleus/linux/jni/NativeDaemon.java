package dev.nucleus.linux.jni;

/**
 * Detaching a supervisor from the command that started it (see daemon_jni.c): a double fork with
 * {@code setsid} in between, so the supervisor belongs to no terminal's session, is nobody's
 * child once the command exits, and can never acquire a controlling terminal again.
 */
public final class NativeDaemon {
    private NativeDaemon() {
    }

    /**
     * Starts {@code path} with {@code argv} and {@code env}, detached: stdin is /dev/null, stdout
     * and stderr and fd 3 are {@code statusFd}; nothing else is inherited. Returns its pid.
     */
    public static long spawnDetached(String path, String[] argv, String[] env, int statusFd) {
        return spawnDetached(path, argv, env, statusFd, -1);
    }

    /** {@link #spawnDetached(String, String[], String[], int)} with {@code inputFd} as its stdin (-1: /dev/null). */
    public static long spawnDetached(String path, String[] argv, String[] env, int statusFd, int inputFd) {
        NativeLibrary.load();
        return spawnDetached0(path, argv, env, statusFd, inputFd);
    }

    /** A pipe, both ends close-on-exec: {read, write}. */
    public static int[] pipe() {
        NativeLibrary.load();
        return pipe0();
    }

    /** {@code dup2(from, to)}: {@code to} is then inherited across exec (no close-on-exec). */
    public static void dup2(int from, int to) {
        NativeLibrary.load();
        dup20(from, to);
    }

    /** Points {@code fd} at /dev/null (closing what it was). */
    public static void devNullOnto(int fd) {
        NativeLibrary.load();
        devNullOnto0(fd);
    }

    private static native void devNullOnto0(int fd);

    private static native long spawnDetached0(String path, String[] argv, String[] env, int statusFd, int inputFd);

    private static native int[] pipe0();

    private static native void dup20(int from, int to);
}
