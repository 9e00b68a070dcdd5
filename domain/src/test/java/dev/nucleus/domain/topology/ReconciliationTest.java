package dev.nucleus.domain.topology;

import static dev.nucleus.domain.topology.TopologyReaderTest.array;
import static dev.nucleus.domain.topology.TopologyReaderTest.read;
import static dev.nucleus.domain.topology.TopologyReaderTest.service;
import static dev.nucleus.domain.topology.TopologyReaderTest.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.topology.Reconciliation.Action;
import dev.nucleus.domain.topology.Reconciliation.Existing;
import dev.nucleus.domain.topology.Reconciliation.Keep;
import dev.nucleus.domain.topology.Reconciliation.Plan;
import dev.nucleus.domain.topology.Reconciliation.Remove;
import dev.nucleus.domain.topology.Reconciliation.Replace;
import dev.nucleus.domain.topology.Reconciliation.Start;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconciliationTest {
    private static final String STALE = "ffffffffffffffffffffffffffffffff";

    /** web waits for db and cache; startup order: cache, db, web. */
    private static final Topology TOPOLOGY = read(table("name", "shop", "services", table(
            "web", service("depends_on", array("db", "cache")),
            "db", service("memory", "512M"),
            "cache", service("memory", "64M"))));

    private static String digest(String service) {
        return ServiceLaunch.of(TOPOLOGY, service).configDigest();
    }

    private static Existing current(String id, String service) {
        return new Existing(id, service, digest(service), true);
    }

    private static List<String> services(List<Action> actions) {
        return actions.stream().map(Action::service).toList();
    }

    @Test
    void withoutContainersEveryServiceStartsInStartupOrder() {
        Plan plan = Reconciliation.plan(TOPOLOGY, List.of());

        assertEquals(List.of(), plan.teardown());
        assertEquals(List.of(new Start(ServiceLaunch.of(TOPOLOGY, "cache")), new Start(ServiceLaunch.of(TOPOLOGY, "db")),
                new Start(ServiceLaunch.of(TOPOLOGY, "web"))), plan.startup());
    }

    @Test
    void runningContainersOfUnchangedServicesAreKept() {
        Plan plan = Reconciliation.plan(TOPOLOGY, List.of(current("w1", "web"), current("d1", "db"),
                current("c1", "cache")));

        assertEquals(List.of(), plan.teardown());
        assertEquals(List.of(new Keep("cache", "c1"), new Keep("db", "d1"), new Keep("web", "w1")), plan.startup());
    }

    @Test
    void aChangedDefinitionIsReplacedAndTheOthersKept() {
        Plan plan = Reconciliation.plan(TOPOLOGY, List.of(current("c1", "cache"),
                new Existing("d1", "db", STALE, true), current("w1", "web")));

        Replace replace = new Replace("d1", ServiceLaunch.of(TOPOLOGY, "db"), "its definition changed");
        assertEquals(List.of(replace), plan.teardown());
        assertEquals(List.of(new Keep("cache", "c1"), replace, new Keep("web", "w1")), plan.startup());
    }

    @Test
    void replacementsAreTornDownInReverseStartupOrder() {
        Plan plan = Reconciliation.plan(TOPOLOGY, List.of(new Existing("d1", "db", STALE, true),
                new Existing("c1", "cache", STALE, true), new Existing("w1", "web", STALE, true)));

        assertEquals(List.of("web", "db", "cache"), services(plan.teardown()));
        assertEquals(List.of("w1", "d1", "c1"), plan.teardown().stream().map(a -> ((Replace) a).id()).toList());
        assertEquals(List.of("cache", "db", "web"), services(plan.startup()));
        plan.startup().forEach(a -> assertInstanceOf(Replace.class, a));
    }

    @Test
    void aStoppedContainerIsReplacedEvenWithAnUnchangedDefinition() {
        Plan plan = Reconciliation.plan(TOPOLOGY, List.of(current("c1", "cache"),
                new Existing("d1", "db", digest("db"), false), current("w1", "web")));

        Replace replace = assertInstanceOf(Replace.class, plan.startup().get(1));
        assertEquals("d1", replace.id());
        assertTrue(replace.why().contains("not running"), replace.why());
        assertEquals(List.of(replace), plan.teardown());
    }

    @Test
    void containersOfServicesGoneFromTheTopologyAreRemovedFirst() {
        Plan plan = Reconciliation.plan(TOPOLOGY, List.of(new Existing("w1", "web", STALE, true),
                current("c1", "cache"), new Existing("o1", "old", STALE, true), current("d1", "db"),
                new Existing("o2", "older", STALE, false)));

        assertEquals(List.of(new Remove("old", "o1"), new Remove("older", "o2"),
                new Replace("w1", ServiceLaunch.of(TOPOLOGY, "web"), "its definition changed")), plan.teardown());
        assertEquals(List.of("cache", "db", "web"), services(plan.startup()));
        assertTrue(plan.startup().stream().noneMatch(a -> a instanceof Remove));
    }

    @Test
    void twoStaleContainersOfOneServiceAreBothTornDownButStartedOnce() {
        Plan plan = Reconciliation.plan(TOPOLOGY, List.of(current("c1", "cache"), current("w1", "web"),
                new Existing("d1", "db", STALE, true), new Existing("d2", "db", digest("db"), false)));

        assertEquals(2, plan.teardown().size(), plan.teardown()::toString);
        assertEquals(List.of("db", "db"), services(plan.teardown()));
        assertEquals(List.of("d1", "d2").stream().sorted().toList(),
                plan.teardown().stream().map(a -> ((Replace) a).id()).sorted().toList());
        assertEquals(List.of("cache", "db", "web"), services(plan.startup()));
        assertInstanceOf(Replace.class, plan.startup().get(1));
    }

    @Test
    void twoCurrentContainersOfOneServiceAreReplacedByOne() {
        Plan plan = Reconciliation.plan(TOPOLOGY, List.of(current("c1", "cache"), current("d1", "db"),
                current("d2", "db"), current("w1", "web")));

        assertEquals(List.of("db", "db"), services(plan.teardown()));
        plan.teardown().forEach(a -> assertTrue(((Replace) a).why().contains("more than one container"),
                ((Replace) a).why()));
        assertEquals(List.of(new Keep("cache", "c1")), plan.startup().subList(0, 1));
        assertEquals(3, plan.startup().size());
    }

    @Test
    void theStartupListIsInStartupOrderWhateverTheHostsOrder() {
        Plan plan = Reconciliation.plan(TOPOLOGY, List.of(current("w1", "web"), current("d1", "db")));

        assertEquals(List.of(new Start(ServiceLaunch.of(TOPOLOGY, "cache")), new Keep("db", "d1"),
                new Keep("web", "w1")), plan.startup());
    }

    @Test
    void aKeptServiceWhoseDependencyOnItsNetworkStartsAnewStartsAnewToo() {
        // api and web share "back"; admin depends on db too, but on no network (nothing names db for it).
        Topology net = read(table("name", "shop", "networks", table("back", table()), "services", table(
                "db", service("networks", array("back")),
                "api", service("networks", array("back"), "depends_on", array("db")),
                "web", service("networks", array("back"), "depends_on", array("api")),
                "admin", service("depends_on", array("db")))));
        List<Existing> running = new java.util.ArrayList<>();
        for (String s : List.of("admin", "api", "web")) {
            running.add(new Existing(s.charAt(0) + "1", s, ServiceLaunch.of(net, s).configDigest(), true));
        }
        running.add(new Existing("d1", "db", STALE, true));

        Plan plan = Reconciliation.plan(net, running);

        assertEquals(List.of("db", "admin", "api", "web"), services(plan.startup()));
        assertInstanceOf(Replace.class, plan.startup().get(0));
        assertEquals(new Keep("admin", "a1"), plan.startup().get(1));
        Replace api = assertInstanceOf(Replace.class, plan.startup().get(2));
        assertEquals("db, which it depends on over their network, was started anew", api.why());
        Replace web = assertInstanceOf(Replace.class, plan.startup().get(3));
        assertTrue(web.why().startsWith("api, which"), web.why());
        assertEquals(List.of("web", "api", "db"), services(plan.teardown()), "dependents go first");

        Plan unchanged = Reconciliation.plan(net, running.subList(0, 3));
        assertEquals(List.of(new Start(ServiceLaunch.of(net, "db")), new Keep("admin", "a1")),
                unchanged.startup().subList(0, 2));
        assertInstanceOf(Replace.class, unchanged.startup().get(2), "a db that had no container is new too");
    }
}
