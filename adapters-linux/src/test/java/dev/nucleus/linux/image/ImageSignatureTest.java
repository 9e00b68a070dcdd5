package dev.nucleus.linux.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageSignatureTest {
    private static final byte[] KEY = "Jefe".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);

    @Test
    void itIsHmacSha256AsRfc4231GivesIt() {
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", ImageSignature.sign(KEY, DATA));
    }

    @Test
    void itVerifiesTheFilesTextAndNothingElse() {
        String sig = ImageSignature.sign(KEY, DATA);
        assertTrue(ImageSignature.verifies(KEY, DATA, sig + "\n"), "as image.sig holds it");
        assertFalse(ImageSignature.verifies(KEY, DATA, sig.replace('5', '6')));
        assertFalse(ImageSignature.verifies("Jeff".getBytes(StandardCharsets.US_ASCII), DATA, sig), "another key");
        byte[] changed = DATA.clone();
        changed[0] ^= 1;
        assertFalse(ImageSignature.verifies(KEY, changed, sig), "another manifest");
        assertFalse(ImageSignature.verifies(KEY, DATA, ""));
    }
}
