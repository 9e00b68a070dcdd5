package dev.nucleus.domain.topology;

import dev.nucleus.domain.spec.TopologyMember;
import static dev.nucleus.domain.launch.LaunchOption.*;
import static dev.nucleus.domain.topology.TopologyReaderTest.array;
import static dev.nucleus.domain.topology.TopologyReaderTest.at;
import static dev.nucleus.domain.topology.TopologyReaderTest.fullDocument;
import static dev.nucleus.domain.topology.TopologyReaderTest.read;
import static dev.nucleus.domain.topology.TopologyReaderTest.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.value.InvalidValueException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceLaunchTest {
    private static final String DIGEST32 = "0123456789abcdef0123456789abcdef";

    private static ServiceLaunch launch(Map<String, Object> doc, String service) {
        return ServiceLaunch.of(read(doc), service);
    }

    @Test
    void theRequestIsTheServiceRunDetachedQuietlyUnderItsContainerName() throws Exception {
        Topology t = read(fullDocument("shop"));
        ServiceLaunch web = ServiceLaunch.of(t, "web");
        RawLaunchRequest r = web.request();

        assertEquals("web", web.service());
        assertEquals("shop-web", web.containerName());
        assertEquals(List.of("shop-web"), r.get(NAME));
        assertEquals(List.of("true"), r.get(DETACH));
        assertEquals(List.of("true"), r.get(QUIET_ID));
        assertEquals(RawLaunchRequest.Origin.CONFIG_DOCUMENT, r.origin());
        assertEquals(List.of("/bin/web", "--port", "80"), r.command());
        assertTrue(web.configDigest().matches("[0-9a-f]{32}"), web.configDigest());

        TopologyMember member = TopologyMember.parse(r.get(TOPOLOGY_MEMBER).getFirst());
        assertEquals(new TopologyMember("shop", "web", web.configDigest()), member);
        assertEquals("shop/web/" + web.configDigest(), r.get(TOPOLOGY_MEMBER).getFirst());
    }

    @Test
    void theRequestCarriesEveryOptionOfTheDefinitionAndNothingElse() {
        Topology t = read(fullDocument("shop"));
        ServiceDefinition def = t.services().get("db");
        RawLaunchRequest r = ServiceLaunch.of(t, "db").request();

        def.options().forEach((option, values) -> assertEquals(values, r.get(option), option.name()));
        Map<LaunchOption, List<String>> extra = new LinkedHashMap<>(r.values());
        def.options().keySet().forEach(extra::remove);
        assertEquals(List.of(NAME, DETACH, QUIET_ID, TOPOLOGY_MEMBER).stream().sorted().toList(),
                extra.keySet().stream().sorted().toList());
        assertFalse(r.has(ADD_HOST));
    }

    @Test
    void theDigestIsStableAcrossReadsOfTheSameDocument() {
        for (String service : List.of("db", "web", "worker")) {
            assertEquals(launch(fullDocument("shop"), service).configDigest(),
                    launch(fullDocument("shop"), service).configDigest(), service);
        }
    }

    @Test
    void servicesOfOneTopologyHaveDifferentDigests() {
        Topology t = read(fullDocument("shop"));
        assertNotEquals(ServiceLaunch.of(t, "db").configDigest(), ServiceLaunch.of(t, "web").configDigest());
    }

    static Stream<Arguments> changes() {
        return Stream.of(
                change("memory", d -> at(d, "services", "web").put("memory", "257M")),
                change("cpus", d -> at(d, "services", "web").put("cpus", 1.5)),
                change("a default made explicit with another value", d -> at(d, "services", "web").put("pids", 64L)),
                change("an added option", d -> at(d, "services", "web").put("workdir", "/srv")),
                change("a command word", d -> at(d, "services", "web").put("command", array("/bin/web", "--port", "81"))),
                change("a command word split differently",
                        d -> at(d, "services", "web").put("command", array("/bin/web", "--port 80"))),
                change("words joined by the digest's own separator",
                        d -> at(d, "services", "web").put("command", array("/bin/web;--port", "80"))),
                change("an environment value",
                        d -> at(d, "services", "web").put("environment", table("MODE", "blue"))),
                change("an egress port", d -> at(d, "services", "web").put("egress_tcp_ports", array(8443L))),
                change("a volume's mode", d -> at(d, "services", "web").put("volumes",
                        array("scratch:/tmp/cache", "data:/srv/static:rw"))),
                change("the network's subnet", d -> at(d, "networks", "backend").put("subnet", "10.78.0.0/24")),
                change("the topology's name (the container's name)", d -> d.put("name", "shop2")));
    }

    private static Arguments change(String name, Consumer<LinkedHashMap<String, Object>> c) {
        return Arguments.of(Named.of(name, c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void theDigestChangesWithWhatTheServiceRuns(Consumer<LinkedHashMap<String, Object>> change) {
        LinkedHashMap<String, Object> before = fullDocument("shop");
        at(before, "services", "web").put("environment", table("MODE", "green"));
        LinkedHashMap<String, Object> after = fullDocument("shop");
        at(after, "services", "web").put("environment", table("MODE", "green"));
        change.accept(after);

        assertNotEquals(launch(before, "web").configDigest(), launch(after, "web").configDigest());
    }

    @Test
    void theDigestTellsValuesApartFromHowTheyAreSplit() {
        LinkedHashMap<String, Object> two = fullDocument("shop");
        at(two, "services", "web").put("environment", table("A", "1", "B", "2"));
        at(two, "services", "web").put("command", array("/bin/web", "80"));
        LinkedHashMap<String, Object> oneEnv = fullDocument("shop");
        at(oneEnv, "services", "web").put("environment", table("A", "1;B=2"));
        at(oneEnv, "services", "web").put("command", array("/bin/web", "80"));
        LinkedHashMap<String, Object> oneWord = fullDocument("shop");
        at(oneWord, "services", "web").put("environment", table("A", "1", "B", "2"));
        at(oneWord, "services", "web").put("command", array("/bin/web;80"));

        assertNotEquals(launch(two, "web").configDigest(), launch(oneEnv, "web").configDigest());
        assertNotEquals(launch(two, "web").configDigest(), launch(oneWord, "web").configDigest());
    }

    @Test
    void anotherServiceChangingLeavesTheDigestAlone() {
        LinkedHashMap<String, Object> changed = fullDocument("shop");
        at(changed, "services", "db").put("memory", "1G");

        assertEquals(launch(fullDocument("shop"), "web").configDigest(), launch(changed, "web").configDigest());
        assertNotEquals(launch(fullDocument("shop"), "db").configDigest(), launch(changed, "db").configDigest());
    }

    @Test
    void hostsEntriesAreAddedWithoutChangingTheDigest() {
        ServiceLaunch web = launch(fullDocument("shop"), "web");
        ServiceLaunch named = web.withHosts(List.of("db:10.77.0.2", "shop-db:10.77.0.2"));

        assertEquals(List.of("db:10.77.0.2", "shop-db:10.77.0.2"), named.request().get(ADD_HOST));
        assertEquals(web.configDigest(), named.configDigest());
        assertEquals(web.request().get(TOPOLOGY_MEMBER), named.request().get(TOPOLOGY_MEMBER));
        assertEquals(web.containerName(), named.containerName());
        assertEquals(web.request().command(), named.request().command());
        assertEquals(web.request().origin(), named.request().origin());
        Map<LaunchOption, List<String>> without = new LinkedHashMap<>(named.request().values());
        without.remove(ADD_HOST);
        assertEquals(web.request().values(), without);
        assertFalse(web.request().has(ADD_HOST), "the original launch is unchanged");

        ServiceLaunch twice = named.withHosts(List.of("cache:10.77.0.3"));
        assertEquals(List.of("db:10.77.0.2", "shop-db:10.77.0.2", "cache:10.77.0.3"), twice.request().get(ADD_HOST));
        assertEquals(web.configDigest(), twice.configDigest());
    }

    @Test
    void noHostsEntriesIsTheSameLaunch() {
        ServiceLaunch web = launch(fullDocument("shop"), "web");
        assertSame(web, web.withHosts(List.of()));
    }

    @Test
    void theBridgeIsThatOfTheServicesNetwork() {
        Topology t = read(fullDocument("shop"));

        assertEquals(Optional.of(TopologyNetwork.bridgeName("shop", "backend")), ServiceLaunch.of(t, "web").bridge());
        assertEquals(ServiceLaunch.of(t, "db").bridge(), ServiceLaunch.of(t, "web").bridge());
        assertEquals(Optional.empty(), ServiceLaunch.of(t, "worker").bridge());
    }

    @Test
    void anUnknownServiceIsRefused() {
        Topology t = read(fullDocument("shop"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServiceLaunch.of(t, "cache"));
        assertTrue(e.getMessage().contains("cache") && e.getMessage().contains("shop"), e.getMessage());
    }

    // ---------------------------------------------------------------- TopologyMember

    @Test
    void aMemberRoundTripsThroughItsText() throws Exception {
        TopologyMember m = new TopologyMember("my.topo_1", "web-2", DIGEST32);

        assertEquals("my.topo_1/web-2/" + DIGEST32, m.text());
        assertEquals(m, TopologyMember.parse(m.text()));
    }

    @Test
    void aMembersAnnotationsNameItsTopologyServiceAndDigest() {
        TopologyMember m = new TopologyMember("shop", "web", DIGEST32);

        assertEquals(Map.of("dev.nucleus.topology", "shop", "dev.nucleus.topology.service", "web",
                "dev.nucleus.topology.config-digest", DIGEST32), m.annotations());
        assertTrue(TopologyMember.inTopology(m.annotations(), "shop"));
        assertFalse(TopologyMember.inTopology(m.annotations(), "shop2"));
        assertFalse(TopologyMember.inTopology(Map.of(), "shop"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "shop/web",
            "shop/web/" + DIGEST32 + "/x",
            "shop//" + DIGEST32,
            "/web/" + DIGEST32,
            "sh op/web/" + DIGEST32,
            "shop/we:b/" + DIGEST32,
            "shop/web/" + "0123456789ABCDEF0123456789ABCDEF",
            "shop/web/0123456789abcde",
            "shop/web/0123456789abcdeg",
            "shop/web/",
            ""})
    void malformedMembersAreRefused(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> TopologyMember.parse(text));
        assertTrue(e.getMessage().contains("TOPOLOGY/SERVICE/DIGEST"), e.getMessage());
    }

    @Test
    void theConstructorRefusesWhatParseRefuses() {
        assertThrows(IllegalArgumentException.class, () -> new TopologyMember("shop", "web", DIGEST32.toUpperCase()));
        assertThrows(IllegalArgumentException.class, () -> new TopologyMember("shop", "we/b", DIGEST32));
        assertThrows(IllegalArgumentException.class, () -> new TopologyMember("", "web", DIGEST32));
    }
}
