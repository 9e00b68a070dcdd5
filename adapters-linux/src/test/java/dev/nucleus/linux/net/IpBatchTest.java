package dev.nucleus.linux.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class IpBatchTest {
    private final IpBatch batch = new IpBatch()
            .add("link", "set", "nc0123", "name", "eth0")
            .add("addr", "add", "10.0.42.2/24", "dev", "eth0")
            .add("route", "add", "default", "via", "10.0.42.1");

    @Test
    void oneCommandALine() {
        assertEquals("link set nc0123 name eth0\naddr add 10.0.42.2/24 dev eth0\nroute add default via 10.0.42.1\n",
                batch.text());
    }

    /** ip -batch numbers the failing line; the failure names that command and keeps ip's words. */
    @Test
    void aFailureNamesTheCommandThatFailed() {
        assertEquals("ip addr add 10.0.42.2/24 dev eth0 failed (exit 1): RTNETLINK answers: File exists",
                batch.failure("RTNETLINK answers: File exists\nCommand failed /run/nucleus/network/ip-batch-x:2\n", 1));
        assertEquals("ip -batch failed (exit 2): something else", batch.failure("something else\n", 2));
        assertEquals("ip -batch failed (exit 1): Cannot find device \"eth0\"",
                batch.failure("Cannot find device \"eth0\"\nCommand failed f:9\n", 1));
    }

    /** Words are written as they are: anything ip -batch would split, quote or skip is refused. */
    @Test
    void onlyPlainWords() {
        for (String bad : new String[]{"a b", "a\tb", "a\"b", "a'b", "a#b", "a\\b", ""}) {
            assertThrows(IllegalArgumentException.class, () -> new IpBatch().add("link", "set", bad), bad);
        }
    }
}
