package dev.nucleus.linux.sys;

import java.io.IOException;
import java.io.FileInputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;

/**
 * 128-bit random identifiers from the kernel's CSPRNG ({@code /dev/urandom}, what
 * {@code SecureRandom}'s NativePRNG reads too). A {@code SecureRandom} instead costs some 9 ms of
 * provider and property initialisation on a cold JVM, paid by every launch for one id.
 */
public final class RandomIds {
    private static final String URANDOM = "/dev/urandom";

    private RandomIds() {
    }

    /** 32 lower-case hex digits. */
    public static String hex128() {
        byte[] b = new byte[16];
        // java.io, whose calls the JVM's own start has run (NIO's stream is a cold launch's first use)
        try (FileInputStream in = new FileInputStream(URANDOM)) {
            for (int n, got = 0; got < b.length; got += n) {
                n = in.read(b, got, b.length - got);
                if (n <= 0) {
                    throw new IOException("short read");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + URANDOM + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(b);
    }
}
