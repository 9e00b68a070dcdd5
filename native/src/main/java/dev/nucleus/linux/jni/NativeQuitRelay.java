package dev.nucleus.linux.jni;

/**
 * Sends SIGQUIT on to a foreground container. The JVM keeps SIGQUIT for thread dumps and refuses
 * it to {@code sun.misc.Signal}; while started, a native handler takes it instead and writes one
 * SIGNAL message to the shim's control socket. Only for the CLI's own foreground runs: in an
 * application that embeds Nucleus, SIGQUIT is the application's.
 */
public final class NativeQuitRelay {
    private NativeQuitRelay() {
    }

    /** SIGQUIT goes to the shim on {@code controlFd} until {@link #stop()}. */
    public static void start(int controlFd) {
        NativeLibrary.load();
        start0(controlFd);
    }

    /**
     * A socket pair for a relay without a shim (a gVisor run): {@code {reader, writer}}, both
     * close-on-exec. {@link #start} the relay on the writer; each SIGQUIT then arrives on the
     * reader as one SIGNAL message ({@link NativeShim#receive}).
     */
    public static int[] pair() {
        NativeLibrary.load();
        return pair0();
    }

    /** The JVM's own SIGQUIT handler again. */
    public static void stop() {
        NativeLibrary.load();
        stop0();
    }

    private static native void start0(int controlFd);

    private static native void stop0();

    private static native int[] pair0();
}
