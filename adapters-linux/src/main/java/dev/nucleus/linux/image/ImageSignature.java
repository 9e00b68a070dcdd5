package dev.nucleus.linux.image;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/** {@code image.sig}: HMAC-SHA256 of the manifest's bytes under the image key, in hex. */
public final class ImageSignature {
    public static final String FILE = "image.sig";

    private ImageSignature() {
    }

    public static String sign(byte[] key, byte[] manifest) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(manifest));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is a required JCA algorithm", e);
        }
    }

    /** True when {@code signature} (the file's text, a trailing newline allowed) signs {@code manifest}; constant time. */
    public static boolean verifies(byte[] key, byte[] manifest, String signature) {
        byte[] expected = sign(key, manifest).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.strip().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }
}
