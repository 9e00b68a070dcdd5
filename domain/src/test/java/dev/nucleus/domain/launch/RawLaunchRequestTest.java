package dev.nucleus.domain.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RawLaunchRequestTest {
    private static final Map<LaunchOption, String> TOPOLOGY = Map.of(LaunchOption.PUBLISH, "port_forwards",
            LaunchOption.TRUST_LEVEL, "trust_level");

    @Test
    void anOptionIsNamedAsItsOriginWritesIt() {
        assertEquals("--publish", request(RawLaunchRequest.Origin.FLAGS, Map.of()).subject(LaunchOption.PUBLISH));
        assertEquals("key 'publish'", request(RawLaunchRequest.Origin.CONFIG_DOCUMENT, Map.of())
                .subject(LaunchOption.PUBLISH));
        RawLaunchRequest topology = request(RawLaunchRequest.Origin.CONFIG_DOCUMENT, TOPOLOGY);
        assertEquals("key 'port_forwards'", topology.subject(LaunchOption.PUBLISH));
        assertEquals("key 'memory'", topology.subject(LaunchOption.MEMORY), "a key the document shares");
    }

    @Test
    void aRulesFlagsAreNamedByTheDocumentsKeys() {
        RawLaunchRequest topology = request(RawLaunchRequest.Origin.CONFIG_DOCUMENT, TOPOLOGY);
        assertEquals("port_forwards needs a bridge; trust_level trusted; --trust-levels; --memory and --egress-*",
                topology.inOwnTerms("-p/--publish needs a bridge; --trust-level trusted; --trust-levels; --memory"
                        + " and --egress-*"));
        String text = "-p/--publish needs --trust-level";
        assertEquals(text, request(RawLaunchRequest.Origin.CONFIG_DOCUMENT, Map.of()).inOwnTerms(text));
        assertEquals(text, request(RawLaunchRequest.Origin.FLAGS, Map.of()).inOwnTerms(text));
    }

    @Test
    void otherValuesKeepTheNames() {
        RawLaunchRequest topology = request(RawLaunchRequest.Origin.CONFIG_DOCUMENT, TOPOLOGY);
        RawLaunchRequest changed = topology.withValues(Map.of(LaunchOption.MEMORY, List.of("1G")));
        assertEquals(TOPOLOGY, changed.keyNames());
        assertEquals(List.of("1G"), changed.get(LaunchOption.MEMORY));
        assertEquals(topology.command(), changed.command());
    }

    private static RawLaunchRequest request(RawLaunchRequest.Origin origin, Map<LaunchOption, String> names) {
        return new RawLaunchRequest(Map.of(LaunchOption.PUBLISH, List.of("8080:80")), List.of("/bin/true"), origin,
                names);
    }
}
