package dev.nucleus.linux.sys;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * 128-bit random identifiers from the kernel's CSPRNG ({@code /dev/urandom}, what
 * {@code SecureRandom}'s NativePRNG reads too). A {@code SecureRandom} instead costs some 9 ms of
 * provider and property initialisation on a cold JVM, paid by every launch for one id.
 */
public final class RandomIds {
    private static final Path URANDOM = Path.of("/dev/urandom");

    private RandomIds() {
    }

    /** 32 lower-case hex digits. */
    public static String hex128() {
        byte[] b = new byte[16];
        try (InputStream in = Files.newInputStream(URANDOM)) {
            if (in.readNBytes(b, 0, b.length) != b.length) {
                throw new IOException("short read");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + URANDOM + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(b);
    }
}
