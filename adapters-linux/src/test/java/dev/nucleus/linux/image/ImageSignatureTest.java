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
        byte[] longKey = new byte[131];
        java.util.Arrays.fill(longKey, (byte) 0xaa);
        assertEquals("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54", ImageSignature.sign(longKey,
                "Test Using Larger Than Block-Size Key - Hash Key First".getBytes(StandardCharsets.US_ASCII)),
                "test case 6: a key longer than the block is hashed first");
        byte[] key20 = new byte[20];
        java.util.Arrays.fill(key20, (byte) 0x0b);
        assertEquals("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                ImageSignature.sign(key20, "Hi There".getBytes(StandardCharsets.US_ASCII)), "test case 1");
    }

    @Test
    void itAgreesWithTheJdksMacOnEveryKeyLength() throws Exception {
        java.util.Random random = new java.util.Random(4231);
        for (int length = 1; length <= 200; length++) {
            byte[] key = new byte[length];
            byte[] data = new byte[random.nextInt(300)];
            random.nextBytes(key);
            random.nextBytes(data);
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            assertEquals(java.util.HexFormat.of().formatHex(mac.doFinal(data)), ImageSignature.sign(key, data),
                    "key of " + length + " bytes");
        }
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
