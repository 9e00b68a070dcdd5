package dev.nucleus.linux.jni;

/** pidfds for signalling one exact process, and this process's own end (see process_jni.c). */
public final class NativeProcess {
    private NativeProcess() {
    }

    /** A pidfd for {@code pid} (close-on-exec), or {@code -errno} (ESRCH: no such process). */
    public static int pidfdOpen(long pid) {
        NativeLibrary.load();
        return pidfdOpen0(pid);
    }

    /** Sends {@code signal} through the pidfd; 0, or the errno. */
    public static int pidfdSignal(int pidfd, int signal) {
        NativeLibrary.load();
        return pidfdSignal0(pidfd, signal);
    }

    /**
     * Waits up to {@code timeoutMillis} for the process of {@code pidfd} to exit (as a zombie too):
     * 1 it has, 0 it has not yet, or {@code -errno}.
     */
    public static int pidfdAwaitExit(int pidfd, int timeoutMillis) {
        NativeLibrary.load();
        return pidfdAwaitExit0(pidfd, timeoutMillis);
    }

    /**
     * Moves the calling thread (only it) into the network namespace of the process {@code pidfd}
     * refers to; 0, or the errno. For a thread of its own that ends afterwards (TCP probes).
     */
    public static int joinNetworkNamespace(int pidfd) {
        NativeLibrary.load();
        return joinNetworkNamespace0(pidfd);
    }

    /** Whether {@link #exitNow} can end this process without loading the library first: it is loaded. */
    public static boolean canExitNow() {
        return NativeLibrary.isLoaded();
    }

    /**
     * Ends this process at once with {@code status} (exit_group(2)): no JVM exit sequence, no
     * shutdown hooks, no agent told. With {@code handOffTeardown}, a child that ends right after
     * this process frees its memory, so that the parent's wait returns first (process_jni.c). The
     * caller flushes what it wrote first. Loads the library if need be; never returns.
     */
    public static void exitNow(int status, boolean handOffTeardown) {
        NativeLibrary.load();
        exitNow0(status, handOffTeardown);
        throw new IllegalStateException("exit_group returned"); // cannot happen
    }

    private static native void exitNow0(int status, boolean handOffTeardown);

    private static native int joinNetworkNamespace0(int pidfd);

    private static native int pidfdOpen0(long pid);

    private static native int pidfdSignal0(int pidfd, int signal);

    private static native int pidfdAwaitExit0(int pidfd, int timeoutMillis);
}
