package dev.nucleus.domain.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** -p values of one request that would take the same host port. */
class PublishRulesTest {
    private static List<Violation> of(String... flags) {
        List<String> argv = new java.util.ArrayList<>(List.of("--network", "bridge"));
        for (String f : flags) {
            argv.addAll(List.of("-p", f));
        }
        return PublishRules.violations(Requests.request(argv));
    }

    @Test
    void oneHostPortTwiceIsRefusedNamingBothValues() {
        List<Violation> v = of("18091:80", "18091:81");
        assertEquals(1, v.size());
        assertEquals(PublishRules.TWICE, v.get(0).rule());
        assertTrue(v.get(0).message().startsWith("-p 18091:81/tcp: host port 18091/tcp is published twice"),
                v.get(0).message());
        assertTrue(v.get(0).message().contains("also by -p 18091:80/tcp"), v.get(0).message());
    }

    @Test
    void everyAddressClashesWithOneAddress() {
        assertEquals(1, of("127.0.0.1:18091:80", "18091:81").size());
        assertEquals(1, of("18091:80", "127.0.0.1:18091:81").size());
    }

    @Test
    void otherProtocolOrOtherAddressIsNoClash() {
        assertTrue(of("18091:80", "18091:80/udp").isEmpty());
        assertTrue(of("127.0.0.1:18091:80", "127.0.0.2:18091:81").isEmpty());
        assertTrue(of("18091:80", "18092:80").isEmpty());
    }

    @Test
    void theValidatorReportsIt() {
        assertTrue(Requests.brokenRules(List.of("--network", "bridge", "--dns", "10.0.0.53", "-p", "1:2", "-p",
                "1:3"), Requests.ROOT).contains(PublishRules.TWICE));
        assertFalse(Requests.brokenRules(List.of("--network", "bridge", "--dns", "10.0.0.53", "-p", "1:2"),
                Requests.ROOT).contains(PublishRules.TWICE));
    }
}
