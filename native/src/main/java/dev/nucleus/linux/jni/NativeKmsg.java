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
        NativeLibrary.load();
        byte[] record = read0(fd, timeoutMillis);
        return record == null ? Optional.empty() : Optional.of(new String(record, StandardCharsets.UTF_8));
    }

    private static native int openAtEnd0();

    private static native byte[] read0(int fd, int timeoutMillis);
}
