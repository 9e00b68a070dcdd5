package dev.nucleus.linux.jni;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The kernel log ({@code /dev/kmsg}, root or CAP_SYSLOG), read one record at a time from the moment
 * it is opened. The fd is close-on-exec; close it with {@link NativeShim#close(int)}.
 */
public final class NativeKmsg {
    private NativeKmsg() {
    }

    /** Opens the log positioned after its last record. */
    public static int openAtEnd() {
        NativeLibrary.load();
        return openAtEnd0();
    }

    /**
     * The next record ({@code "prio,seq,usec,flags;text"}, trailing newline included), waiting up to
     * {@code timeoutMillis}; empty when none came. Records the kernel overwrote before they were
     * read are skipped.
     */
    public static Optional<String> read(int fd, int timeoutMillis) {
        return read(fd, -1, timeoutMillis);
    }

    /** As {@link #read(int, int)}, also ending the wait, empty, once {@code wake} is signalled ({@link #wake}). */
    public static Optional<String> read(int fd, int wake, int timeoutMillis) {
        NativeLibrary.load();
        byte[] record = read0(fd, wake, timeoutMillis);
        return record == null ? Optional.empty() : Optional.of(new String(record, StandardCharsets.UTF_8));
    }

    /** An eventfd for {@link #wake} (close it with {@link NativeShim#close(int)}). */
    public static int openWake() {
        NativeLibrary.load();
        return openWake0();
    }

    /** Ends every wait on {@code wake}, now and later. */
    public static void wake(int wake) {
        NativeLibrary.load();
        wake0(wake);
    }

    private static native int openAtEnd0();

    private static native int openWake0();

    private static native void wake0(int wake);

    private static native byte[] read0(int fd, int wake, int timeoutMillis);
}
