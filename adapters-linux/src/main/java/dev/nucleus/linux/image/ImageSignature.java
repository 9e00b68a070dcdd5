package dev.nucleus.linux.image;

import dev.nucleus.domain.value.Sha256;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * {@code image.sig}: HMAC-SHA256 (RFC 2104) of the manifest's bytes under the image key, in hex.
 * Written over the domain's SHA-256 rather than taken from JCA's {@code Mac}: its first use costs
 * a cold JVM some 12 ms of provider set-up, on the path of every {@code image run}. The tests
 * hold it to RFC 4231's vectors.
 */
public final class ImageSignature {
    public static final String FILE = "image.sig";
    private static final int BLOCK = 64;

    private ImageSignature() {
    }

    public static String sign(byte[] key, byte[] manifest) {
        byte[] k = Arrays.copyOf(key.length > BLOCK ? Sha256.digest(key) : key, BLOCK);
        byte[] inner = new byte[BLOCK + manifest.length];
        byte[] outer = new byte[BLOCK + 32];
        for (int i = 0; i < BLOCK; i++) {
            inner[i] = (byte) (k[i] ^ 0x36);
            outer[i] = (byte) (k[i] ^ 0x5c);
        }
        System.arraycopy(manifest, 0, inner, BLOCK, manifest.length);
        System.arraycopy(Sha256.digest(inner), 0, outer, BLOCK, 32);
        return HexFormat.of().formatHex(Sha256.digest(outer));
    }

    /** True when {@code signature} (the file's text, a trailing newline allowed) signs {@code manifest}; constant time. */
    public static boolean verifies(byte[] key, byte[] manifest, String signature) {
        byte[] expected = sign(key, manifest).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.strip().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }
}
