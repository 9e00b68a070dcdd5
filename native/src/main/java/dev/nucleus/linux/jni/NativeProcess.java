package dev.nucleus.linux.jni;

/** pidfds for signalling one exact process (see process_jni.c). */
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

    private static native int pidfdOpen0(long pid);

    private static native int pidfdSignal0(int pidfd, int signal);
}
