package dev.nucleus.ports.service;

import static dev.nucleus.domain.launch.LaunchOption.ADD_HOST;
import static dev.nucleus.domain.launch.LaunchOption.TOPOLOGY_MEMBER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.event.HealthStatus;
import dev.nucleus.domain.launch.InvalidRequestException;
import dev.nucleus.domain.launch.Problem;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.domain.topology.Reconciliation.Existing;
import dev.nucleus.domain.topology.ServiceLaunch;
import dev.nucleus.domain.topology.Topology;
import dev.nucleus.domain.spec.TopologyMember;
import dev.nucleus.domain.topology.TopologyReader;
import dev.nucleus.domain.topology.TopologyVolume;
import dev.nucleus.ports.ServiceStartException;
import dev.nucleus.ports.in.ComposeTopologies.InvalidTopologyException;
import dev.nucleus.ports.in.ComposeTopologies.ServiceStatus;
import dev.nucleus.ports.in.ResolveLaunch;
import dev.nucleus.ports.out.TopologyHost;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopologyServiceTest {
    private static final Invoker INVOKER = new Invoker(1000, 1000);
    private static final long STOP_TIMEOUT = 10_000;
    private static final long START_MILLIS = 1_000_000;

    // ---------------------------------------------------------------- fakes

    /** The host in memory: containers, a scripted health per container, a clock that pause() moves. */
    static final class FakeHost implements TopologyHost {
        /** The topologies held, and released, in order. */
        final List<String> held = new ArrayList<>();
        /** What the host's own checks say of a service's launch. */
        final Map<String, String> hostRefusals = new HashMap<>();
        static final class Container {
            final String id;
            final String topology;
            final String service;
            final String digest;
            final Optional<String> bridge;
            boolean running = true;

            Container(String id, String topology, String service, String digest, Optional<String> bridge) {
                this.id = id;
                this.topology = topology;
                this.service = service;
                this.digest = digest;
                this.bridge = bridge;
            }
        }

        final Map<String, Container> containers = new LinkedHashMap<>();
        /** Every call, in order: "members T", "makeVolume V", "start S", "remove ID", "condition ID", "pause MS"... */
        final List<String> calls = new ArrayList<>();
        /** The launches start() received, in order. */
        final List<ServiceLaunch> started = new ArrayList<>();
        /** The bridges address() was asked about. */
        final List<String> addressBridges = new ArrayList<>();
        /** Scripted conditions by container id: each call takes the next one; the last one stays. */
        final Map<String, Deque<Condition>> scripts = new HashMap<>();
        /** Scripts a container of a service gets when it starts (its id is made then). */
        final Map<String, List<Condition>> scriptsOnStart = new HashMap<>();
        /** The address a service's container holds, on any bridge asked about. */
        final Map<String, String> addresses = new HashMap<>();
        /** Services whose start fails, with the status. */
        final Map<String, Integer> failingStarts = new HashMap<>();
        long now = START_MILLIS;
        int pauses;
        private int serial;

        private String newId(String service) {
            serial++;
            // Longer than a short id (12), so the progress lines show it truncated.
            return String.format("%s%02d", service.replaceAll("[^a-z]", ""), serial) + "a".repeat(40);
        }

        /** A container of {@code topology} as a previous up would have left it. */
        String existing(String topology, String service, String digest, boolean running) {
            String id = newId(service);
            Container c = new Container(id, topology, service, digest, Optional.empty());
            c.running = running;
            containers.put(id, c);
            return id;
        }

        void script(String id, Condition... conditions) {
            scripts.put(id, new ArrayDeque<>(Arrays.asList(conditions)));
        }

        void scriptOnStart(String service, Condition... conditions) {
            scriptsOnStart.put(service, List.of(conditions));
        }

        /** The id of the (last) container of a service. */
        String idOf(String service) {
            return containers.values().stream().filter(c -> c.service.equals(service)).reduce((a, b) -> b)
                    .orElseThrow().id;
        }

        List<String> changingCalls() {
            return calls.stream().filter(c -> c.startsWith("start ") || c.startsWith("remove ")
                    || c.startsWith("makeVolume ")).toList();
        }

        @Override
        public List<Existing> members(String topology) {
            calls.add("members " + topology);
            return containers.values().stream().filter(c -> c.topology.equals(topology))
                    .map(c -> new Existing(c.id, c.service, c.digest, c.running)).toList();
        }

        @Override
        public void makeVolume(TopologyVolume volume) {
            calls.add("makeVolume " + volume.name());
        }

        @Override
        public String start(ServiceLaunch launch) throws ServiceStartException {
            calls.add("start " + launch.service());
            started.add(launch);
            Integer status = failingStarts.get(launch.service());
            if (status != null) {
                throw new ServiceStartException("the launch of " + launch.service() + " failed", status);
            }
            TopologyMember member;
            try {
                member = TopologyMember.parse(launch.request().get(TOPOLOGY_MEMBER).getFirst());
            } catch (Exception e) {
                throw new AssertionError("a topology launch carries its membership", e);
            }
            String id = newId(launch.service());
            containers.put(id, new Container(id, member.topology(), member.service(), member.configDigest(),
                    launch.bridge()));
            if (scriptsOnStart.containsKey(launch.service())) {
                script(id, scriptsOnStart.get(launch.service()).toArray(Condition[]::new));
            }
            return id;
        }

        @Override
        public void remove(String id, long stopTimeoutMillis) {
            calls.add("remove " + id);
            assertEquals(STOP_TIMEOUT, stopTimeoutMillis);
            assertTrue(containers.remove(id) != null, "no container " + id);
        }

        @Override
        public Held exclusive(String topology) {
            held.add(topology);
            return () -> held.add("released " + topology);
        }

        @Override
        public Optional<String> refusal(ServiceLaunch launch, ContainerSpec spec) {
            return Optional.ofNullable(hostRefusals.get(launch.service()));
        }

        @Override
        public Optional<String> address(String id, String bridge, String subnet) {
            addressBridges.add(bridge);
            return Optional.ofNullable(addresses.get(containers.get(id).service));
        }

        @Override
        public Condition condition(String id) {
            calls.add("condition " + id);
            Deque<Condition> script = scripts.get(id);
            if (script != null && !script.isEmpty()) {
                return script.size() > 1 ? script.poll() : script.peek();
            }
            Container c = containers.get(id);
            return new Condition(c != null && c.running, Optional.empty());
        }

        @Override
        public long nowMillis() {
            return now;
        }

        @Override
        public void pause(long millis) {
            calls.add("pause " + millis);
            pauses++;
            now += millis;
        }
    }

    /** Accepts every launch, but those of the refused services. */
    static final class FakeResolver implements ResolveLaunch {
        final Set<String> refused = new HashSet<>();
        final List<RawLaunchRequest> requests = new ArrayList<>();

        @Override
        public ContainerSpec resolve(RawLaunchRequest request, Invoker invoker) throws InvalidRequestException {
            requests.add(request);
            assertSame(INVOKER, invoker);
            String service = request.get(TOPOLOGY_MEMBER).getFirst().split("/")[1];
            if (refused.contains(service)) {
                throw new InvalidRequestException(new Problem("key 'memory'", "is required in production"));
            }
            return null; // the service does not look at the spec
        }
    }

    private final FakeHost host = new FakeHost();
    private final FakeResolver resolver = new FakeResolver();
    private final TopologyService service = new TopologyService(resolver, host);
    private final List<String> progress = new ArrayList<>();

    // ---------------------------------------------------------------- documents

    static LinkedHashMap<String, Object> table(Object... keysAndValues) {
        LinkedHashMap<String, Object> t = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            t.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return t;
    }

    static List<Object> array(Object... items) {
        return new ArrayList<>(Arrays.asList(items));
    }

    static LinkedHashMap<String, Object> svc(Object... extra) {
        LinkedHashMap<String, Object> t = table("rootfs", "/nix/store/abc-app", "memory", "128M",
                "command", array("/bin/app"));
        t.putAll(table(extra));
        return t;
    }

    static Topology topology(Map<String, Object> services, Object... topLevel) {
        LinkedHashMap<String, Object> doc = table("name", "topo");
        doc.putAll(table(topLevel));
        doc.put("services", services);
        try {
            return TopologyReader.read(doc);
        } catch (InvalidRequestException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** cache; db; web waits for both (startup order: cache, db, web). */
    static Topology threeServices() {
        return topology(table(
                "web", svc("depends_on", array("db", "cache")),
                "db", svc(),
                "cache", svc()));
    }

    /** web waits for db to be healthy; db checks its health every {@code interval} seconds. */
    static Topology healthy(long interval) {
        return topology(table(
                "db", svc("health_check", "pg_isready", "health_interval", interval),
                "web", svc("depends_on", array(table("service", "db", "condition", "healthy")))));
    }

    static TopologyHost.Condition running(HealthStatus health) {
        return new TopologyHost.Condition(true, Optional.ofNullable(health));
    }

    static final TopologyHost.Condition STOPPED = new TopologyHost.Condition(false, Optional.empty());

    private static String shortId(String id) {
        return id.substring(0, 12);
    }

    private List<String> startedServices() {
        return host.started.stream().map(ServiceLaunch::service).toList();
    }

    // ---------------------------------------------------------------- up

    @Test
    void upStartsTheServicesInDependencyOrderAndReportsEach() throws Exception {
        service.up(threeServices(), INVOKER, STOP_TIMEOUT, progress::add);

        assertEquals(List.of("cache", "db", "web"), startedServices());
        assertEquals(List.of(
                "started cache " + shortId(host.idOf("cache")) + " as topo-cache",
                "started db " + shortId(host.idOf("db")) + " as topo-db",
                "started web " + shortId(host.idOf("web")) + " as topo-web"), progress);
        assertEquals(ServiceLaunch.of(threeServices(), "web").request(), host.started.get(2).request());
        assertEquals(3, host.containers.size());
        assertEquals(List.of("topo", "released topo"), host.held, "the topology is held while it is reconciled");
    }

    @Test
    void downHoldsTheTopologyAndARefusedUpNeverTakesIt() throws Exception {
        service.down(threeServices(), STOP_TIMEOUT, progress::add);
        assertEquals(List.of("topo", "released topo"), host.held);
        resolver.refused.add("db");
        assertThrows(InvalidTopologyException.class, () -> service.up(threeServices(), INVOKER, STOP_TIMEOUT,
                progress::add));
        assertEquals(2, host.held.size(), "validation comes first, without holding anything");
    }

    @Test
    void validateAcceptsWhatTheLaunchRulesAccept() {
        assertEquals(List.of(), service.validate(threeServices(), INVOKER));
        assertEquals(3, resolver.requests.size());
        assertEquals(ServiceLaunch.of(threeServices(), "cache").request(), resolver.requests.getFirst());
    }

    @Test
    void aRefusedServiceRefusesTheTopologyAndNothingIsTouched() throws Exception {
        String stale = host.existing("topo", "db", "ffffffffffffffffffffffffffffffff", true);
        Topology t = topology(table(
                "web", svc("depends_on", array("db")),
                "db", svc(),
                "cache", svc("volumes", array("data:/data"))),
                "volumes", table("data", table("volume_type", "persistent", "path", "/srv/data")));
        resolver.refused.add("web");
        resolver.refused.add("cache");

        InvalidTopologyException e = assertThrows(InvalidTopologyException.class,
                () -> service.up(t, INVOKER, STOP_TIMEOUT, progress::add));

        assertEquals(List.of(new Problem("services.cache: key 'memory'", "is required in production"),
                new Problem("services.web: key 'memory'", "is required in production")), e.problems());
        assertEquals(List.of(), host.changingCalls());
        assertTrue(host.containers.containsKey(stale));
        assertEquals(List.of(), progress);
        assertEquals(e.problems(), service.validate(t, INVOKER));
    }

    /**
     * The launch rules judge a service by its launch options; their problems name the keys as the
     * topology file writes them ({@code port_forwards}, not the option {@code publish} it becomes).
     */
    @Test
    void aServicesProblemsNameTheKeysOfTheTopologyFile() {
        Topology t = topology(table("web", svc("service_mode", "agent", "port_forwards", array("notaport"),
                "egress_tcp_ports", array("x"), "egress_domains", array("not a domain"), "health_check", "true",
                "health_interval", "zz", "secrets", array("/srv/token"))));
        List<Problem> problems = new TopologyService(new LaunchResolution(), host).validate(t, INVOKER);
        List<String> subjects = problems.stream().map(Problem::subject).sorted().toList();
        assertEquals(List.of("services.web: key 'egress_domains'", "services.web: key 'egress_tcp_ports'",
                "services.web: key 'health_interval'", "services.web: key 'port_forwards'",
                "services.web: key 'secrets'"), subjects, problems.toString());
        String port = problems.stream().filter(p -> p.subject().endsWith("'port_forwards'")).findFirst().orElseThrow()
                .message();
        assertTrue(port.startsWith("invalid value 'notaport': expected [IP:]HOST_PORT:CONTAINER_PORT"), port);

        // A rule's message names the keys too: --trust-level and --runtime are not written in a topology.
        Topology strict = topology(table("web", svc("service_mode", "strict-agent", "port_forwards",
                array("8080:80"))));
        List<Problem> refused = new TopologyService(new LaunchResolution(), host).validate(strict, INVOKER);
        String all = refused.toString();
        assertTrue(all.contains("rule untrusted-native-forbidden") && all.contains("(trust_level untrusted is the"
                + " default)") && all.contains("add runtime gvisor, or declare trust_level trusted"), all);
        assertTrue(all.contains("rule publish-needs-bridge: port_forwards forwards ports into a bridged container"),
                all);
        assertFalse(all.contains("--trust-level") || all.contains("--runtime") || all.contains("publish "), all);
    }

    @Test
    void whatTheHostWouldRefuseRefusesTheTopologyBeforeAnythingStarts() {
        host.hostRefusals.put("web", "--secret /run/secrets/token: its source is not a readable regular file");
        Topology t = topology(table("db", svc(), "web", svc("depends_on", array("db"))));

        InvalidTopologyException e = assertThrows(InvalidTopologyException.class,
                () -> service.up(t, INVOKER, STOP_TIMEOUT, progress::add));

        assertEquals(List.of(new Problem("services.web",
                "secrets /run/secrets/token: its source is not a readable regular file")), e.problems(),
                "named by the topology's key, as the file writes it");
        assertEquals(List.of(), host.changingCalls(), "db, which the host accepts, did not start either");
    }

    @Test
    void persistentVolumesAreMadeBeforeAnyServiceStarts() throws Exception {
        Topology t = topology(table(
                        "db", svc("volumes", array("data:/data", "scratch:/tmp")),
                        "web", svc("volumes", array("assets:/srv:ro"))),
                "volumes", table(
                        "data", table("volume_type", "persistent", "path", "/srv/data", "owner", "70:70"),
                        "scratch", table("size", "8M"),
                        "assets", table("volume_type", "persistent", "path", "/srv/assets")));

        service.up(t, INVOKER, STOP_TIMEOUT, progress::add);

        assertEquals(List.of("makeVolume data", "makeVolume assets", "start db", "start web"), host.changingCalls());
    }

    @Test
    void aHealthyDependencyIsWaitedForBeforeItsDependentStarts() throws Exception {
        host.scriptOnStart("db", running(null), running(HealthStatus.STARTING), running(HealthStatus.STARTING),
                running(HealthStatus.HEALTHY));

        service.up(healthy(5), INVOKER, STOP_TIMEOUT, progress::add);

        assertEquals(List.of("db", "web"), startedServices());
        assertEquals(3, host.pauses);
        assertEquals(START_MILLIS + 600, host.now);
        List<String> calls = host.calls;
        int startDb = calls.indexOf("start db");
        int startWeb = calls.indexOf("start web");
        assertEquals(List.of("pause 200", "pause 200", "pause 200"),
                calls.subList(startDb, startWeb).stream().filter(c -> c.startsWith("pause")).toList());
        assertEquals("condition " + host.idOf("db"), calls.get(startWeb - 1), "the last look before web starts");
    }

    @Test
    void aHealthyDependencyIsNotWaitedForWhenItIsHealthyAlready() throws Exception {
        host.scriptOnStart("db", running(HealthStatus.HEALTHY));

        service.up(healthy(5), INVOKER, STOP_TIMEOUT, progress::add);

        assertEquals(List.of("db", "web"), startedServices());
        assertEquals(0, host.pauses);
    }

    @Test
    void aDependencyThatStopsWhileWaitedForFailsTheUp() {
        host.scriptOnStart("db", running(HealthStatus.STARTING), running(HealthStatus.STARTING), STOPPED);

        ServiceStartException e = assertThrows(ServiceStartException.class,
                () -> service.up(healthy(5), INVOKER, STOP_TIMEOUT, progress::add));

        assertEquals(125, e.status());
        assertTrue(e.getMessage().contains("web") && e.getMessage().contains("db"), e.getMessage());
        assertTrue(e.getMessage().contains("stopped"), e.getMessage());
        assertTrue(e.getMessage().contains(shortId(host.idOf("db"))), e.getMessage());
        assertEquals(List.of("db"), startedServices());
    }

    @Test
    void anUnhealthyDependencyIsWaitedForUntilTheDeadline() {
        host.scriptOnStart("db", running(HealthStatus.UNHEALTHY));

        ServiceStartException e = assertThrows(ServiceStartException.class,
                () -> service.up(healthy(2), INVOKER, STOP_TIMEOUT, progress::add));

        assertTrue(e.getMessage().contains("still unhealthy after 20 s"), e.getMessage());
        assertEquals(List.of("db"), startedServices());
    }

    @ParameterizedTest(name = "interval {0} s: gives up after {1} s")
    @CsvSource({"1, 20", "3, 20", "4, 22", "10, 40"})
    void theHealthWaitEndsAfterThreeIntervalsAndTenSecondsAndAtLeastTwenty(long interval, long seconds) {
        host.scriptOnStart("db", running(HealthStatus.STARTING));

        ServiceStartException e = assertThrows(ServiceStartException.class,
                () -> service.up(healthy(interval), INVOKER, STOP_TIMEOUT, progress::add));

        assertEquals(125, e.status());
        assertEquals(START_MILLIS + seconds * 1000, host.now, "fake time when it gave up");
        assertEquals(seconds * 1000 / 200, host.pauses);
        assertTrue(e.getMessage().contains("web waits for db to be healthy"), e.getMessage());
        assertTrue(e.getMessage().contains("still starting after " + seconds + " s"), e.getMessage());
        assertEquals(List.of("db"), startedServices());
    }

    @Test
    void aStartedDependencyThatNoLongerRunsFailsTheUp() {
        host.scriptOnStart("db", STOPPED);
        Topology t = topology(table("db", svc(), "web", svc("depends_on", array("db"))));

        ServiceStartException e = assertThrows(ServiceStartException.class,
                () -> service.up(t, INVOKER, STOP_TIMEOUT, progress::add));

        assertEquals(125, e.status());
        assertTrue(e.getMessage().contains("web depends on db"), e.getMessage());
        assertTrue(e.getMessage().contains("no longer running"), e.getMessage());
        assertEquals(List.of("db"), startedServices());
        assertEquals(0, host.pauses);
    }

    @Test
    void aFailedStartStopsTheUpWithItsStatus() {
        host.failingStarts.put("db", 2);

        ServiceStartException e = assertThrows(ServiceStartException.class,
                () -> service.up(threeServices(), INVOKER, STOP_TIMEOUT, progress::add));

        assertEquals(2, e.status());
        assertEquals("the launch of db failed", e.getMessage());
        assertEquals(List.of("cache", "db"), startedServices());
        assertEquals(List.of("started cache " + shortId(host.idOf("cache")) + " as topo-cache"), progress);
    }

    @Test
    void aSecondUpOfTheSameTopologyKeepsEverything() throws Exception {
        service.up(threeServices(), INVOKER, STOP_TIMEOUT, progress::add);
        Map<String, String> ids = Map.of("cache", host.idOf("cache"), "db", host.idOf("db"), "web", host.idOf("web"));
        host.calls.clear();
        progress.clear();

        service.up(threeServices(), INVOKER, STOP_TIMEOUT, progress::add);

        assertEquals(List.of(), host.changingCalls());
        assertEquals(List.of("unchanged cache " + shortId(ids.get("cache")), "unchanged db " + shortId(ids.get("db")),
                "unchanged web " + shortId(ids.get("web"))), progress);
    }

    @Test
    void aChangedServiceIsRemovedThenStartedAgain() throws Exception {
        service.up(threeServices(), INVOKER, STOP_TIMEOUT, progress::add);
        String oldWeb = host.idOf("web");
        String db = host.idOf("db");
        String cache = host.idOf("cache");
        host.calls.clear();
        progress.clear();
        Topology changed = topology(table(
                "web", svc("depends_on", array("db", "cache"), "memory", "256M"),
                "db", svc(),
                "cache", svc()));

        service.up(changed, INVOKER, STOP_TIMEOUT, progress::add);

        assertEquals(List.of("remove " + oldWeb, "start web"), host.changingCalls());
        String newWeb = host.idOf("web");
        assertFalse(host.containers.containsKey(oldWeb));
        assertEquals(List.of(
                "removed web " + shortId(oldWeb) + " (its definition changed)",
                "unchanged cache " + shortId(cache),
                "unchanged db " + shortId(db),
                "replaced web " + shortId(newWeb) + " as topo-web"), progress);
        assertEquals(ServiceLaunch.of(changed, "web").configDigest(), host.containers.get(newWeb).digest);
    }

    @Test
    void upRemovesContainersOfServicesNoLongerInTheTopology() throws Exception {
        String old = host.existing("topo", "old", "ffffffffffffffffffffffffffffffff", true);
        String otherTopology = host.existing("other", "old", "ffffffffffffffffffffffffffffffff", true);

        service.up(threeServices(), INVOKER, STOP_TIMEOUT, progress::add);

        assertEquals("remove " + old, host.changingCalls().getFirst());
        assertEquals("removed old " + shortId(old) + " (not in the topology)", progress.getFirst());
        assertTrue(host.containers.containsKey(otherTopology));
    }

    @Test
    void aServiceLearnsTheAddressesOfTheServicesOnItsBridge() throws Exception {
        Topology t = topology(table(
                        "db", svc("networks", array("back")),
                        "my_cache", svc("networks", array("back")),
                        "side", svc("networks", array("front")),
                        "offline", svc(),
                        "web", svc("networks", array("back"),
                                "depends_on", array("db", "my_cache", "side", "offline"))),
                "networks", table("back", table("subnet", "10.0.0.0/24"), "front", table("subnet", "10.1.0.0/24")));
        host.addresses.put("db", "10.0.0.2");
        host.addresses.put("my_cache", "10.0.0.3");
        host.addresses.put("side", "10.1.0.2");
        host.addresses.put("offline", "192.0.2.1");

        service.up(t, INVOKER, STOP_TIMEOUT, progress::add);

        assertEquals(List.of("db", "my_cache", "offline", "side", "web"), startedServices());
        ServiceLaunch web = host.started.getLast();
        assertEquals(List.of("db:10.0.0.2", "topo-db:10.0.0.2"), web.request().get(ADD_HOST));
        assertEquals(ServiceLaunch.of(t, "web").configDigest(), web.configDigest());
        String back = ServiceLaunch.of(t, "web").bridge().orElseThrow();
        assertFalse(host.addressBridges.isEmpty());
        assertTrue(host.addressBridges.stream().allMatch(back::equals), host.addressBridges::toString);
        assertEquals(List.of("db:10.0.0.2", "topo-db:10.0.0.2"), host.started.get(1).request().get(ADD_HOST),
                "my_cache, started second, learns where db is");
        // The first service on the bridge has nobody to learn about; a service without bridge gets no entries.
        assertFalse(host.started.getFirst().request().has(ADD_HOST));
        assertFalse(host.started.get(2).request().has(ADD_HOST));
        assertFalse(host.started.get(3).request().has(ADD_HOST), "side is alone on its bridge");
    }

    // ---------------------------------------------------------------- down

    @Test
    void downRemovesOrphansFirstThenDependentsBeforeTheirDependencies() throws Exception {
        Topology t = threeServices();
        String db = host.existing("topo", "db", "00000000000000000000000000000000", true);
        String web = host.existing("topo", "web", "00000000000000000000000000000000", true);
        String old = host.existing("topo", "old", "00000000000000000000000000000000", false);
        String cache = host.existing("topo", "cache", "00000000000000000000000000000000", true);
        String otherTopology = host.existing("other", "web", "00000000000000000000000000000000", true);

        service.down(t, STOP_TIMEOUT, progress::add);

        assertEquals(List.of("remove " + old, "remove " + web, "remove " + db, "remove " + cache),
                host.changingCalls());
        assertEquals(List.of("removed old " + shortId(old), "removed web " + shortId(web),
                "removed db " + shortId(db), "removed cache " + shortId(cache)), progress);
        assertEquals(List.of(otherTopology), List.copyOf(host.containers.keySet()));
    }

    @Test
    void downOfATopologyWithoutContainersDoesNothing() throws Exception {
        service.down(threeServices(), STOP_TIMEOUT, progress::add);

        assertEquals(List.of(), host.changingCalls());
        assertEquals(List.of(), progress);
    }

    // ---------------------------------------------------------------- status

    @Test
    void statusHasARowPerServiceInStartupOrderThenTheOrphans() throws Exception {
        Topology t = topology(table(
                "web", svc("depends_on", array("db")),
                "db", svc("health_check", "pg_isready"),
                "cache", svc(),
                "worker", svc()));
        String orphan = host.existing("topo", "old", "ffffffffffffffffffffffffffffffff", true);
        String db = host.existing("topo", "db", ServiceLaunch.of(t, "db").configDigest(), true);
        host.script(db, running(HealthStatus.HEALTHY));
        String web = host.existing("topo", "web", ServiceLaunch.of(t, "web").configDigest(), false);
        host.script(web, new TopologyHost.Condition(false, Optional.of(HealthStatus.UNHEALTHY)));
        String worker = host.existing("topo", "worker", "ffffffffffffffffffffffffffffffff", true);
        host.existing("other", "cache", "ffffffffffffffffffffffffffffffff", true);

        List<ServiceStatus> rows = service.status(t);

        assertEquals(List.of(
                new ServiceStatus("cache", Optional.empty(), "not created", Optional.empty()),
                new ServiceStatus("db", Optional.of(db), "running", Optional.of("healthy")),
                new ServiceStatus("web", Optional.of(web), "stopped", Optional.empty()),
                new ServiceStatus("worker", Optional.of(worker), "running (definition changed)", Optional.empty()),
                new ServiceStatus("old", Optional.of(orphan), "running (not in the topology)", Optional.empty())),
                rows);
        assertEquals(List.of(), host.changingCalls());
    }

    @Test
    void statusShowsEveryContainerOfAServiceAndStoppedOrphans() throws Exception {
        Topology t = topology(table("db", svc()));
        String digest = ServiceLaunch.of(t, "db").configDigest();
        String first = host.existing("topo", "db", digest, true);
        String second = host.existing("topo", "db", "ffffffffffffffffffffffffffffffff", false);
        String orphan = host.existing("topo", "old", digest, false);

        assertEquals(List.of(
                new ServiceStatus("db", Optional.of(first), "running", Optional.empty()),
                new ServiceStatus("db", Optional.of(second), "stopped (definition changed)", Optional.empty()),
                new ServiceStatus("old", Optional.of(orphan), "stopped (not in the topology)", Optional.empty())),
                service.status(t));
    }
}
