package dev.nucleus.gvisor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The credential broker's token for a sandbox: a fresh random 128-bit value in hex, as the native
 * backend's. It reaches the workload as a staged file ({@link Bundle}), never its environment.
 */
final class BrokerTokenFile {
    private BrokerTokenFile() {
    }

    /** 128 bits from the kernel (a SecureRandom costs a cold JVM some 9 ms of provider set-up). */
    static String fresh() throws IOException {
        byte[] b = new byte[16];
        try (InputStream in = Files.newInputStream(Path.of("/dev/urandom"))) {
            if (in.readNBytes(b, 0, b.length) != b.length) {
                throw new IOException("/dev/urandom: short read");
            }
        }
        return HexFormat.of().formatHex(b);
    }
}
