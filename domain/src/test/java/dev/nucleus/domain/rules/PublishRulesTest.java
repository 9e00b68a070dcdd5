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
    void udpOnALoopbackAddressThroughSlirp4netnsIsRefusedNamingTheValueAndWhy() {
        List<Violation> v = LaunchValidator.violations(Requests.request(List.of("--network", "bridge", "-p",
                "127.0.0.1:18734:7000/udp", "-p", "127.0.0.1:18735:7001", "-p", "18736:7002/udp")), Requests.USER);
        assertEquals(List.of(PublishRules.LOOPBACK_UDP_USERSPACE), v.stream().map(Violation::rule).toList(),
                "TCP on loopback, and UDP on all addresses, are answered");
        assertTrue(v.get(0).message().startsWith("-p 127.0.0.1:18734:7000/udp: userspace NAT (--nat-backend userspace,"),
                v.get(0).message());
        assertTrue(v.get(0).message().contains("--disable-host-loopback"), v.get(0).message());
        assertTrue(v.get(0).fix().contains("--nat-backend kernel"), v.get(0).fix());
    }

    @Test
    void theBackendDecidesNotTheCaller() {
        List<String> udp = List.of("--network", "bridge", "--dns", "10.0.0.53", "-p", "127.0.0.2:18734:7000/udp");
        assertFalse(Requests.brokenRules(udp, Requests.ROOT).contains(PublishRules.LOOPBACK_UDP_USERSPACE),
                "root's auto is the kernel bridge");
        List<String> rootless = new java.util.ArrayList<>(udp);
        rootless.add("--rootless");
        assertTrue(Requests.brokenRules(rootless, Requests.ROOT).contains(PublishRules.LOOPBACK_UDP_USERSPACE),
                "a user-namespaced container of root's goes through slirp4netns");
        List<String> userspace = new java.util.ArrayList<>(udp);
        userspace.addAll(List.of("--nat-backend", "userspace"));
        assertTrue(Requests.brokenRules(userspace, Requests.ROOT).contains(PublishRules.LOOPBACK_UDP_USERSPACE));
        List<String> kernel = new java.util.ArrayList<>(rootless);
        kernel.addAll(List.of("--nat-backend", "kernel"));
        assertFalse(Requests.brokenRules(kernel, Requests.ROOT).contains(PublishRules.LOOPBACK_UDP_USERSPACE));
    }

    @Test
    void theValidatorReportsIt() {
        assertTrue(Requests.brokenRules(List.of("--network", "bridge", "--dns", "10.0.0.53", "-p", "1:2", "-p",
                "1:3"), Requests.ROOT).contains(PublishRules.TWICE));
        assertFalse(Requests.brokenRules(List.of("--network", "bridge", "--dns", "10.0.0.53", "-p", "1:2"),
                Requests.ROOT).contains(PublishRules.TWICE));
    }
}
