package dev.nucleus.domain.value;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class Sha256Test {
    @Test
    void theStandardVectors() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", hex(""));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hex("abc"));
        assertEquals("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
                hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"));
    }

    /** Every length around the block and padding boundaries, and then anything, as the JDK computes it. */
    @Property(tries = 300)
    void agreesWithTheJdk(@ForAll @Size(max = 300) byte[] message) throws Exception {
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(message), Sha256.of(message));
    }

    @Test
    void agreesWithTheJdkAtEveryLengthUpTo200() throws Exception {
        for (int n = 0; n <= 200; n++) {
            byte[] message = new byte[n];
            for (int i = 0; i < n; i++) {
                message[i] = (byte) (i * 31 + n);
            }
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(message), Sha256.of(message), "length " + n);
        }
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(Sha256.of(text.getBytes(StandardCharsets.UTF_8)));
    }
}
