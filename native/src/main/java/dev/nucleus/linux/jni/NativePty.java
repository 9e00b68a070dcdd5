package dev.nucleus.linux.jni;

/**
 * Terminal helpers for {@code --terminal} and {@code --console-socket} (the pty itself is opened
 * inside the container): window sizes, raw mode for the user's terminal, byte relaying, and
 * passing the master over a console socket with SCM_RIGHTS. Errors are {@link NativeShimException}s carrying the errno.
 */
public final class NativePty {
    private NativePty() {
    }

    /** {@code {rows, cols}} of a terminal, or null when {@code fd} is not one. */
    public static int[] windowSize(int fd) {
        NativeLibrary.load();
        return windowSize0(fd);
    }

    public static void setWindowSize(int fd, int rows, int cols) {
        NativeLibrary.load();
        setWindowSize0(fd, rows, cols);
    }

    /** Puts a terminal in raw mode; returns what to restore, or null when {@code fd} is not a terminal. */
    public static byte[] makeRaw(int fd) {
        NativeLibrary.load();
        return makeRaw0(fd);
    }

    public static void restore(int fd, byte[] saved) {
        NativeLibrary.load();
        restore0(fd, saved);
    }

    /** Reads once into {@code buf}; 0 at the end (for a pty master: once the container side is gone). */
    public static int read(int fd, byte[] buf) {
        NativeLibrary.load();
        return read0(fd, buf);
    }

    public static void write(int fd, byte[] buf, int len) {
        NativeLibrary.load();
        write0(fd, buf, len);
    }

    /** Connects to an AF_UNIX stream socket and sends {@code fd} with SCM_RIGHTS. */
    public static void sendFd(String socketPath, int fd) {
        NativeLibrary.load();
        sendFd0(socketPath, fd);
    }

    /** A listening AF_UNIX socket at {@code path}, for a runtime to send a pty master to. */
    public static int listen(String path) {
        NativeLibrary.load();
        return listen0(path);
    }

    /** The fd sent by the first connection to {@code listeningFd}, waiting at most {@code timeoutMillis}. */
    public static int acceptFd(int listeningFd, int timeoutMillis) {
        NativeLibrary.load();
        return acceptFd0(listeningFd, timeoutMillis);
    }

    private static native int listen0(String path);

    private static native int acceptFd0(int listeningFd, int timeoutMillis);

    private static native int[] windowSize0(int fd);

    private static native void setWindowSize0(int fd, int rows, int cols);

    private static native byte[] makeRaw0(int fd);

    private static native void restore0(int fd, byte[] saved);

    private static native int read0(int fd, byte[] buf);

    private static native void write0(int fd, byte[] buf, int len);

    private static native void sendFd0(String socketPath, int fd);
}
