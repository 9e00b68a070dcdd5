package dev.nucleus.domain.topology;

import static dev.nucleus.domain.topology.TopologyReaderTest.array;
import static dev.nucleus.domain.topology.TopologyReaderTest.service;
import static dev.nucleus.domain.topology.TopologyReaderTest.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.topology.Dependency.Condition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class StartupOrderTest {

    /** A service that depends (condition "started") on the named services. */
    private static ServiceDefinition svc(String name, String... dependsOn) {
        List<Dependency> deps = Arrays.stream(dependsOn).map(d -> new Dependency(d, Condition.STARTED)).toList();
        return new ServiceDefinition(name, Map.of(LaunchOption.MEMORY, List.of("64M")), List.of("/bin/" + name),
                deps, OptionalLong.empty());
    }

    /** A topology of the services, declared in the given order. */
    private static Topology topology(ServiceDefinition... services) {
        LinkedHashMap<String, ServiceDefinition> map = new LinkedHashMap<>();
        for (ServiceDefinition s : services) {
            map.put(s.name(), s);
        }
        return new Topology("topo", new LinkedHashMap<>(), map);
    }

    @Test
    void aChainStartsFromItsEndWhateverTheDeclarationOrder() {
        Topology t = topology(svc("web", "api"), svc("api", "db"), svc("db"));

        assertEquals(List.of("db", "api", "web"), t.startupOrder());
    }

    @Test
    void aDiamondStartsTheBaseThenBothSidesThenTheTop() {
        Topology t = topology(svc("app", "right", "left"), svc("right", "base"), svc("left", "base"), svc("base"));

        assertEquals(List.of("base", "left", "right", "app"), t.startupOrder());
    }

    @Test
    void independentServicesStartAlphabetically() {
        Topology t = topology(svc("zeta"), svc("alpha"), svc("mid"));

        assertEquals(List.of("alpha", "mid", "zeta"), t.startupOrder());
    }

    @Test
    void servicesReleasedByADependencyCompeteAlphabeticallyWithThoseReadyBefore() {
        // ready at first: base, m. After base: a, m, z are all ready.
        Topology t = topology(svc("z", "base"), svc("m"), svc("a", "base"), svc("base"));

        assertEquals(List.of("base", "a", "m", "z"), t.startupOrder());
    }

    @Test
    void theOrderDoesNotDependOnTheDeclarationOrder() {
        List<ServiceDefinition> services = List.of(svc("web", "api", "cache"), svc("api", "db"), svc("cache"),
                svc("db"), svc("metrics"), svc("worker", "db"));
        List<String> expected = List.of("cache", "db", "api", "metrics", "web", "worker");

        assertEquals(expected, topology(services.toArray(ServiceDefinition[]::new)).startupOrder());
        List<ServiceDefinition> reversed = new ArrayList<>(services).reversed();
        assertEquals(expected, topology(reversed.toArray(ServiceDefinition[]::new)).startupOrder());
    }

    @Test
    void everyServiceStartsAfterEachOfItsDependencies() {
        Topology t = topology(svc("web", "api", "cache"), svc("api", "db", "cache"), svc("cache", "db"), svc("db"),
                svc("worker", "api"));
        List<String> order = t.startupOrder();

        assertEquals(t.services().size(), order.size());
        t.services().values().forEach(s -> s.dependsOn().forEach(d ->
                assertTrue(order.indexOf(d.service()) < order.indexOf(s.name()), s.name() + " after " + d.service())));
    }

    @Test
    void aHealthyConditionOrdersLikeAStartedOne() {
        ServiceDefinition web = new ServiceDefinition("a-web", Map.of(), List.of("/bin/web"),
                List.of(new Dependency("z-db", Condition.HEALTHY)), OptionalLong.empty());

        assertEquals(List.of("z-db", "a-web"), topology(web, svc("z-db")).startupOrder());
    }

    @Test
    void aDependencyNamedTwiceIsWaitedForOnce() {
        assertEquals(List.of("db", "web"), topology(svc("web", "db", "db"), svc("db")).startupOrder());
    }

    @Test
    void aTopologyWithoutServicesHasAnEmptyOrder() {
        assertEquals(List.of(), topology().startupOrder());
    }

    @Test
    void aCycleIsRefusedNamingTheServicesOnItAndBehindIt() {
        Topology t = topology(svc("a", "b"), svc("b", "a"), svc("c", "a"), svc("d"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, t::startupOrder);
        assertTrue(e.getMessage().contains("cycle"), e.getMessage());
        assertTrue(e.getMessage().endsWith(": a, b, c cannot start"), e.getMessage());
    }

    @Test
    void theOrderOfARealDocument() {
        Map<String, Object> doc = table("name", "shop", "services", table(
                "web", service("depends_on", array(table("service", "api", "condition", "healthy"), "static")),
                "static", service(),
                "api", service("depends_on", array("db", "cache"), "health_check", "true"),
                "db", service("health_check", "pg_isready"),
                "cache", service()));

        assertEquals(List.of("cache", "db", "api", "static", "web"), TopologyReaderTest.read(doc).startupOrder());
    }

    @Test
    void theFullDocumentStartsDbThenWebThenWorker() {
        assertEquals(List.of("db", "web", "worker"),
                TopologyReaderTest.read(TopologyReaderTest.fullDocument("shop")).startupOrder());
    }
}
