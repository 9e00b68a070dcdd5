package dev.nucleus.linux.jni;

/**
 * The sd_notify(3) datagram protocol (see notify_jni.c): send a state such as {@code READY=1} to
 * a NOTIFY_SOCKET, or bind one and receive what a workload sends. An address starting with
 * {@code @} is in the abstract namespace. Java's own channels have no AF_UNIX datagrams.
 */
public final class NativeNotify {
    private NativeNotify() {
    }

    /** Sends {@code message} as one datagram to {@code address}; 0, or the errno. */
    public static int send(String address, byte[] message) {
        NativeLibrary.load();
        return send0(address, message);
    }

    /** A datagram socket bound to {@code path} (close-on-exec); throws naming the errno. */
    public static int bind(String path) {
        NativeLibrary.load();
        return bind0(path);
    }

    /** The next datagram on {@code fd}, or null when none came within {@code timeoutMillis}. */
    public static byte[] receive(int fd, int timeoutMillis) {
        NativeLibrary.load();
        return receive0(fd, timeoutMillis);
    }

    private static native int send0(String address, byte[] message);

    private static native int bind0(String path);

    private static native byte[] receive0(int fd, int timeoutMillis);
}
