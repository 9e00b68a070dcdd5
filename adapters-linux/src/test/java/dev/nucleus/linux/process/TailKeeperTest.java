package dev.nucleus.linux.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Everything is passed on; the last bytes are kept, whatever the sizes of the writes. */
class TailKeeperTest {
    @Test
    void passesEverythingOnAndKeepsTheLastBytes() throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        TailKeeper tail = new TailKeeper(all, 8);
        StringBuilder expected = new StringBuilder();
        String[] writes = {"a", "bcdefghij", "k", "", "lmnopqrstuvwxyz0123", "4"};
        for (String w : writes) {
            if (w.length() == 1) {
                tail.write(w.charAt(0));
            } else {
                tail.write(w.getBytes(StandardCharsets.UTF_8));
            }
            expected.append(w);
            String text = expected.toString();
            assertEquals(text.substring(Math.max(0, text.length() - 8)), tail.tail(), "after " + text);
        }
        assertEquals(expected.toString(), all.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anOffsetWriteKeepsOnlyItsSlice() throws Exception {
        TailKeeper tail = new TailKeeper(new ByteArrayOutputStream(), 4);
        tail.write("xxHELLOyy".getBytes(StandardCharsets.UTF_8), 2, 5);
        assertEquals("ELLO", tail.tail());
        assertEquals("", new TailKeeper(new ByteArrayOutputStream(), 4).tail());
    }
}
