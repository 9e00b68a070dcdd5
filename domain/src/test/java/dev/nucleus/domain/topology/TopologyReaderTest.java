package dev.nucleus.domain.topology;

import static dev.nucleus.domain.launch.LaunchOption.*;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.launch.InvalidRequestException;
import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.Problem;
import dev.nucleus.domain.topology.Dependency.Condition;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TopologyReaderTest {

    // ---------------------------------------------------------------- document building (TOML as plain values)

    /** A TOML table: alternating keys and values, in document order. */
    static LinkedHashMap<String, Object> table(Object... keysAndValues) {
        LinkedHashMap<String, Object> t = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            t.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return t;
    }

    /** A TOML array. */
    static List<Object> array(Object... items) {
        return new ArrayList<>(Arrays.asList(items));
    }

    /** The table at a key path of the document (e.g. "services", "web"). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> at(Map<String, Object> doc, String... path) {
        Map<String, Object> t = doc;
        for (String key : path) {
            t = (Map<String, Object>) t.get(key);
        }
        return t;
    }

    /** The smallest service table the reader accepts, plus extra keys. */
    static LinkedHashMap<String, Object> service(Object... extra) {
        LinkedHashMap<String, Object> t = table("rootfs", "/nix/store/abc-app", "memory", "256M",
                "command", array("/bin/app"));
        t.putAll(table(extra));
        return t;
    }

    /**
     * The full document:
     * <pre>
     * name = "shop"
     * [networks.backend]   subnet = "10.77.0.0/24"
     * [volumes.data]       persistent, /srv/shop/data, owner 1000:1000
     * [volumes.scratch]    ephemeral, 16M
     * [services.db]        on backend, mounts data, env, health check, user/group, secrets, cpus 0.5
     * [services.web]       on backend, waits for db healthy, tmpfs + ro bind, ports, egress, dns, overrides
     * [services.worker]    no network, depends on "db" and "web"
     * </pre>
     */
    static LinkedHashMap<String, Object> fullDocument(String name) {
        return table(
                "name", name,
                "networks", table("backend", table("subnet", "10.77.0.0/24")),
                "volumes", table(
                        "data", table("volume_type", "persistent", "path", "/srv/shop/data", "owner", "1000:1000"),
                        "scratch", table("volume_type", "ephemeral", "size", "16M")),
                "services", table(
                        "db", table(
                                "rootfs", "/nix/store/abc-postgres",
                                "memory", "512M",
                                "command", array("/bin/postgres", "-D", "/data"),
                                "networks", array("backend"),
                                "volumes", array("data:/data"),
                                "environment", table("POSTGRES_USER", "shop", "PGPORT", 5432L),
                                "health_check", "pg_isready -q",
                                "health_interval", 5L,
                                "user", "1000",
                                "group", "1000",
                                "secrets", array("/run/keys/pg:/run/secrets/pg"),
                                "cpus", 0.5),
                        "web", table(
                                "rootfs", "/nix/store/abc-web",
                                "memory", "256M",
                                "command", array("/bin/web", "--port", "80"),
                                "networks", array("backend"),
                                "depends_on", array(table("service", "db", "condition", "healthy")),
                                "volumes", array("scratch:/tmp/cache", "data:/srv/static:ro"),
                                "port_forwards", array("8080:80"),
                                "egress_allow", array("10.0.0.0/8"),
                                "egress_domains", array("api.example.com"),
                                "egress_tcp_ports", array(443L),
                                "dns", array("1.1.1.1"),
                                "cpus", 2.0,
                                "service_mode", "agent",
                                "pids", 128L,
                                "runtime", "gvisor"),
                        "worker", table(
                                "rootfs", "/nix/store/abc-worker",
                                "memory", "128M",
                                "command", array("/bin/worker"),
                                "depends_on", array("db", "web"))));
    }

    /** A valid document with one network, one persistent volume and two services, for refusals. */
    static LinkedHashMap<String, Object> smallDocument() {
        return table(
                "name", "topo",
                "networks", table("backend", table()),
                "volumes", table("data", table("volume_type", "persistent", "path", "/srv/data")),
                "services", table(
                        "db", service("networks", array("backend")),
                        "web", service("networks", array("backend"), "depends_on", array("db"))));
    }

    static Topology read(Map<String, Object> doc) {
        try {
            return TopologyReader.read(doc);
        } catch (InvalidRequestException e) {
            throw new AssertionError("expected the document to be accepted, got:\n" + e.getMessage(), e);
        }
    }

    static List<Problem> problems(Map<String, Object> doc) {
        return assertThrows(InvalidRequestException.class, () -> TopologyReader.read(doc)).problems();
    }

    /** SHA-256("TOPOLOGY/NETWORK"), first 5 bytes in hex, after "nct": the documented derivation. */
    static String expectedBridge(String topology, String network) throws Exception {
        byte[] sha = MessageDigest.getInstance("SHA-256")
                .digest((topology + "/" + network).getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder("nct");
        for (int i = 0; i < 5; i++) {
            hex.append(String.format("%02x", sha[i]));
        }
        return hex.toString();
    }

    static Map<LaunchOption, List<String>> options(Object... optionsAndValues) {
        Map<LaunchOption, List<String>> m = new EnumMap<>(LaunchOption.class);
        for (int i = 0; i < optionsAndValues.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> v = (List<String>) optionsAndValues[i + 1];
            m.put((LaunchOption) optionsAndValues[i], v);
        }
        return m;
    }

    // ---------------------------------------------------------------- the full, valid document

    @Test
    void readsTheTopologyNameVolumesAndServicesInDocumentOrder() {
        Topology t = read(fullDocument("shop"));

        assertEquals("shop", t.name());
        assertEquals(List.of("data", "scratch"), List.copyOf(t.volumes().keySet()));
        assertEquals(List.of("db", "web", "worker"), List.copyOf(t.services().keySet()));
        assertEquals("shop-web", t.containerName("web"));

        TopologyVolume data = t.volumes().get("data");
        assertTrue(data.persistent());
        assertEquals(new TopologyVolume("data", Optional.of("/srv/shop/data"), OptionalLong.of(1000),
                OptionalLong.of(1000), Optional.empty()), data);

        TopologyVolume scratch = t.volumes().get("scratch");
        assertFalse(scratch.persistent());
        assertEquals(new TopologyVolume("scratch", Optional.empty(), OptionalLong.empty(), OptionalLong.empty(),
                Optional.of("16M")), scratch);
    }

    @Test
    void translatesEveryKeyOfAServiceIntoItsLaunchOptions() throws Exception {
        ServiceDefinition db = read(fullDocument("shop")).services().get("db");

        String bridge = expectedBridge("shop", "backend");
        assertEquals(options(
                ROOTFS, List.of("/nix/store/abc-postgres"),
                MEMORY, List.of("512M"),
                CPUS, List.of("0.5"),
                PIDS, List.of("512"),
                SERVICE_MODE, List.of("production"),
                RUNTIME, List.of("native"),
                VERIFY_ROOTFS_ATTESTATION, List.of("true"),
                NETWORK, List.of("bridge"),
                BRIDGE, List.of(bridge),
                BRIDGE_SUBNET, List.of("10.77.0.0/24"),
                VOLUME, List.of("/srv/shop/data:/data:rw"),
                ENV, List.of("POSTGRES_USER=shop", "PGPORT=5432"),
                HEALTH_CMD, List.of("pg_isready -q"),
                HEALTH_INTERVAL, List.of("5"),
                USER, List.of("1000"),
                GROUP, List.of("1000"),
                SECRET, List.of("/run/keys/pg:/run/secrets/pg")), db.options());
        assertEquals(List.of("/bin/postgres", "-D", "/data"), db.command());
        assertEquals(List.of(), db.dependsOn());
        assertTrue(db.hasHealthCheck());
        assertEquals(OptionalLong.of(5), db.healthIntervalSeconds());
    }

    @Test
    void explicitValuesOverrideTheDefaultsAndMountsBecomeTmpfsOrBinds() throws Exception {
        ServiceDefinition web = read(fullDocument("shop")).services().get("web");

        assertEquals(options(
                ROOTFS, List.of("/nix/store/abc-web"),
                MEMORY, List.of("256M"),
                CPUS, List.of("2"),
                PIDS, List.of("128"),
                SERVICE_MODE, List.of("agent"),
                RUNTIME, List.of("gvisor"),
                VERIFY_ROOTFS_ATTESTATION, List.of("true"),
                NETWORK, List.of("bridge"),
                BRIDGE, List.of(expectedBridge("shop", "backend")),
                BRIDGE_SUBNET, List.of("10.77.0.0/24"),
                VOLUME, List.of("/srv/shop/data:/srv/static:ro"),
                TMPFS, List.of("/tmp/cache:16M:rw"),
                PUBLISH, List.of("8080:80"),
                EGRESS_ALLOW, List.of("10.0.0.0/8"),
                EGRESS_DOMAIN, List.of("api.example.com"),
                EGRESS_TCP_PORT, List.of("443"),
                DNS, List.of("1.1.1.1")), web.options());
        assertEquals(List.of(new Dependency("db", Condition.HEALTHY)), web.dependsOn());
        assertFalse(web.hasHealthCheck());
        assertEquals(OptionalLong.empty(), web.healthIntervalSeconds());
    }

    @Test
    void aServiceWithoutNetworksGetsNetworkNoneAndTheDefaults() {
        ServiceDefinition worker = read(fullDocument("shop")).services().get("worker");

        assertEquals(options(
                ROOTFS, List.of("/nix/store/abc-worker"),
                MEMORY, List.of("128M"),
                CPUS, List.of("1"),
                PIDS, List.of("512"),
                SERVICE_MODE, List.of("production"),
                RUNTIME, List.of("native"),
                VERIFY_ROOTFS_ATTESTATION, List.of("true"),
                NETWORK, List.of("none")), worker.options());
        assertEquals(List.of(new Dependency("db", Condition.STARTED), new Dependency("web", Condition.STARTED)),
                worker.dependsOn());
    }

    @Test
    void theBridgeNameIsSharedWithinANetworkAndDiffersAcrossTopologiesAndNetworks() throws Exception {
        Topology shop = read(fullDocument("shop"));
        String dbBridge = shop.services().get("db").options().get(BRIDGE).getFirst();
        String webBridge = shop.services().get("web").options().get(BRIDGE).getFirst();

        assertEquals(dbBridge, webBridge);
        assertTrue(dbBridge.matches("nct[0-9a-f]{10}"), dbBridge);
        assertTrue(dbBridge.length() <= 15, "interface names are at most 15 characters");

        Topology other = read(fullDocument("shop2"));
        String otherBridge = other.services().get("db").options().get(BRIDGE).getFirst();
        assertNotEquals(dbBridge, otherBridge);
        assertEquals(expectedBridge("shop2", "backend"), otherBridge);

        assertNotEquals(TopologyNetwork.bridgeName("shop", "backend"), TopologyNetwork.bridgeName("shop", "frontend"));
    }

    @Test
    void aNetworkWithoutSubnetGetsTheDefaultOneAndEncryptedFalseIsAccepted() {
        LinkedHashMap<String, Object> doc = smallDocument();
        at(doc, "networks", "backend").put("encrypted", false);

        ServiceDefinition db = read(doc).services().get("db");
        assertEquals(List.of(TopologyNetwork.DEFAULT_SUBNET), db.options().get(BRIDGE_SUBNET));
        assertEquals("10.42.0.0/24", TopologyNetwork.DEFAULT_SUBNET);
    }

    @Test
    void floatsAreWrittenAsTheLaunchOptionsExpectThem() {
        LinkedHashMap<String, Object> doc = smallDocument();
        at(doc, "services", "db").put("cpus", 0.25);
        at(doc, "services", "web").put("cpus", 3.0);

        Topology t = read(doc);
        assertEquals(List.of("0.25"), t.services().get("db").options().get(CPUS));
        assertEquals(List.of("3"), t.services().get("web").options().get(CPUS));
    }

    @Test
    void anIntegralFloatBeyondTheLongRangeKeepsItsValue() {
        LinkedHashMap<String, Object> doc = smallDocument();
        at(doc, "services", "db").put("environment", table("BIG", 1e20));

        String env = read(doc).services().get("db").options().get(ENV).getFirst();
        assertTrue(env.startsWith("BIG="), env);
        assertEquals(0, new java.math.BigDecimal(env.substring(4)).compareTo(new java.math.BigDecimal("1e20")), env);
    }

    @Test
    void anEphemeralVolumeWithoutSizeIsATmpfsOfDefaultSize() {
        LinkedHashMap<String, Object> doc = smallDocument();
        at(doc, "volumes").put("tmp", table());
        at(doc, "services", "db").put("volumes", array("tmp:/scratch:ro", "data:/var/lib/db"));

        ServiceDefinition db = read(doc).services().get("db");
        assertEquals(List.of("/scratch:ro"), db.options().get(TMPFS));
        assertEquals(List.of("/srv/data:/var/lib/db:rw"), db.options().get(VOLUME));
    }

    @Test
    void aHealthCheckWithoutIntervalWaitsThirtySecondsBetweenChecks() {
        LinkedHashMap<String, Object> doc = smallDocument();
        at(doc, "services", "db").put("health_check", "true");

        assertEquals(OptionalLong.of(30), read(doc).services().get("db").healthIntervalSeconds());
    }

    @Test
    void replicasOfOneIsAccepted() {
        LinkedHashMap<String, Object> doc = smallDocument();
        at(doc, "services", "web").put("replicas", 1L);

        assertEquals(List.of("db", "web"), List.copyOf(read(doc).services().keySet()));
    }

    // ---------------------------------------------------------------- refusals, one problem each

    static Stream<Arguments> refusals() {
        return Stream.of(
                refusal("missing name", d -> d.remove("name"), "name", "is required"),
                refusal("invalid name", d -> d.put("name", "my shop!"), "name", "is not a topology name"),
                refusal("name too long", d -> d.put("name", "n".repeat(64)), "name", "is not a topology name"),
                refusal("no services", d -> d.remove("services"), "services", "at least one service"),
                refusal("unknown top-level key", d -> d.put("version", "3"), "version", "unknown key"),
                refusal("invalid service name", d -> at(d, "services").put("we b", service()),
                        "services.we b", "is not a valid name"),
                refusal("unknown service key", d -> at(d, "services", "web").put("image", "nginx"),
                        "services.web.image", "unknown key"),
                refusal("missing rootfs", d -> at(d, "services", "web").remove("rootfs"),
                        "services.web.rootfs", "is required"),
                refusal("missing memory", d -> at(d, "services", "web").remove("memory"),
                        "services.web.memory", "is required"),
                refusal("missing command", d -> at(d, "services", "web").remove("command"),
                        "services.web.command", "is required"),
                refusal("empty command", d -> at(d, "services", "web").put("command", array()),
                        "services.web.command", "non-empty array"),
                refusal("command as a string", d -> at(d, "services", "web").put("command", "/bin/app"),
                        "services.web.command", "non-empty array"),
                refusal("memory as a boolean", d -> at(d, "services", "web").put("memory", true),
                        "services.web.memory", "takes one value"),
                refusal("environment as an array", d -> at(d, "services", "web").put("environment", array("A=1")),
                        "services.web.environment", "table of KEY"),
                refusal("two networks on one service", d -> {
                    at(d, "networks").put("frontend", table());
                    at(d, "services", "web").put("networks", array("backend", "frontend"));
                }, "services.web.networks", "can join one network"),
                refusal("undeclared network", d -> at(d, "services", "web").put("networks", array("front")),
                        "services.web.networks", "'front' is not declared under [networks]"),
                refusal("unknown network key", d -> at(d, "networks", "backend").put("driver", "overlay"),
                        "networks.backend.driver", "unknown key"),
                refusal("encrypted network", d -> at(d, "networks", "backend").put("encrypted", true),
                        "networks.backend.encrypted", "not supported"),
                refusal("undeclared volume", d -> at(d, "services", "web").put("volumes", array("logs:/logs")),
                        "services.web.volumes", "'logs' is not declared under [volumes]"),
                refusal("host path as a mount", d -> at(d, "services", "web").put("volumes", array("/srv:/x")),
                        "services.web.volumes", "host paths are not mounted directly"),
                refusal("mount without destination", d -> at(d, "services", "web").put("volumes", array("data")),
                        "services.web.volumes", "expected \"VOLUME:/DEST\""),
                refusal("relative destination", d -> at(d, "services", "web").put("volumes", array("data:x")),
                        "services.web.volumes", "expected \"VOLUME:/DEST\""),
                refusal("bad mount mode", d -> at(d, "services", "web").put("volumes", array("data:/x:rx")),
                        "services.web.volumes", "expected \"VOLUME:/DEST\""),
                refusal("persistent volume without path", d -> at(d, "volumes", "data").remove("path"),
                        "volumes.data.path", "is required for a persistent volume"),
                refusal("persistent volume with a relative path",
                        d -> at(d, "volumes", "data").put("path", "srv/data"),
                        "volumes.data.path", "absolute"),
                refusal("persistent volume with a size", d -> at(d, "volumes", "data").put("size", "1G"),
                        "volumes.data.size", "only an ephemeral volume"),
                refusal("ephemeral volume with a path",
                        d -> at(d, "volumes").put("tmp", table("volume_type", "ephemeral", "path", "/srv/tmp")),
                        "volumes.tmp.path", "has no host path"),
                refusal("ephemeral volume with an owner",
                        d -> at(d, "volumes").put("tmp", table("owner", "1000:1000")),
                        "volumes.tmp.owner", "only a persistent volume has an owner"),
                refusal("unknown volume type", d -> at(d, "volumes", "data").put("volume_type", "nfs"),
                        "volumes.data.volume_type", "\"persistent\" or \"ephemeral\""),
                refusal("owner without gid", d -> at(d, "volumes", "data").put("owner", "1000"),
                        "volumes.data.owner", "expected \"UID:GID\""),
                refusal("owner by name", d -> at(d, "volumes", "data").put("owner", "app:app"),
                        "volumes.data.owner", "expected \"UID:GID\""),
                refusal("owner uid out of range", d -> at(d, "volumes", "data").put("owner", "4294967295:0"),
                        "volumes.data.owner", "expected \"UID:GID\""),
                refusal("replicas = 3", d -> at(d, "services", "web").put("replicas", 3L),
                        "services.web.replicas", "only 1 is supported"),
                refusal("hooks", d -> at(d, "services", "web").put("hooks", table("prestart", array("/bin/x"))),
                        "services.web.hooks", "not allowed"),
                refusal("depends_on an unknown service", d -> at(d, "services", "web").put("depends_on", array("cache")),
                        "services.web.depends_on", "'cache' is not a service of this topology"),
                refusal("depends_on itself", d -> at(d, "services", "web").put("depends_on", array("web")),
                        "services.web.depends_on", "cannot depend on itself"),
                refusal("bad condition", d -> at(d, "services", "web").put("depends_on",
                                array(table("service", "db", "condition", "ready"))),
                        "services.web.depends_on", "condition must be \"started\" or \"healthy\""),
                refusal("depends_on table with an unknown key", d -> at(d, "services", "web").put("depends_on",
                                array(table("service", "db", "restart", true))),
                        "services.web.depends_on", "each entry is a service name"),
                refusal("depends_on as a string", d -> at(d, "services", "web").put("depends_on", "db"),
                        "services.web.depends_on", "must be an array"));
    }

    private static Arguments refusal(String name, Consumer<LinkedHashMap<String, Object>> change, String subject,
                                     String phrase) {
        return Arguments.of(Named.of(name, change), subject, phrase);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesWithOneProblemNamingTheKey(Consumer<LinkedHashMap<String, Object>> change, String subject,
                                           String phrase) {
        LinkedHashMap<String, Object> doc = smallDocument();
        read(doc); // the unchanged document is valid
        change.accept(doc);

        List<Problem> problems = problems(doc);
        assertEquals(1, problems.size(), () -> "expected one problem, got " + problems);
        assertEquals(subject, problems.getFirst().subject());
        assertTrue(problems.getFirst().message().contains(phrase),
                () -> "'" + problems.getFirst().message() + "' should contain '" + phrase + "'");
    }

    @Test
    void anUnknownServiceKeyIsListedWithTheKnownOnes() {
        LinkedHashMap<String, Object> doc = smallDocument();
        at(doc, "services", "web").put("image", "nginx");

        String message = problems(doc).getFirst().message();
        assertTrue(message.contains("rootfs") && message.contains("depends_on") && message.contains("health_check"),
                message);
    }

    @Test
    void relativeHostPathsAreRelativeToTheTopologyFile() throws Exception {
        LinkedHashMap<String, Object> doc = table("name", "topo",
                "volumes", table("data", table("volume_type", "persistent", "path", "state/data"),
                        "abs", table("volume_type", "persistent", "path", "/srv/abs")),
                "services", table("web", service("rootfs", "rootfs/web",
                        "secrets", array("keys/token:/run/secrets/token", "/etc/abs:/run/secrets/abs"),
                        "volumes", array("data:/data", "abs:/abs"))));

        Topology t = TopologyReader.read(doc, "/srv/app");

        ServiceDefinition web = t.services().get("web");
        assertEquals(List.of("/srv/app/rootfs/web"), web.options().get(ROOTFS));
        assertEquals(List.of("/srv/app/keys/token:/run/secrets/token", "/etc/abs:/run/secrets/abs"),
                web.options().get(SECRET));
        assertEquals(List.of("/srv/app/state/data:/data:rw", "/srv/abs:/abs:rw"), web.options().get(VOLUME));
        assertEquals(Optional.of("/srv/app/state/data"), t.volumes().get("data").path());

        // Read without a file: a relative rootfs stays as written; a relative volume path is refused.
        assertEquals(List.of("rootfs/web"), read(table("name", "topo", "services",
                table("web", service("rootfs", "rootfs/web")))).services().get("web").options().get(ROOTFS));
        assertTrue(problems(doc).stream().anyMatch(p -> p.subject().equals("volumes.data.path")
                && p.message().contains("relative to the topology file")), () -> problems(doc).toString());
    }

    @Test
    void waitingForHealthFromAServiceWithoutAHealthCheckIsRefused() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", "topo");
        Map<String, Object> db = new LinkedHashMap<>(Map.of("rootfs", "/r", "memory", "64M", "command", List.of("/bin/db")));
        Map<String, Object> web = new LinkedHashMap<>(Map.of("rootfs", "/r", "memory", "64M", "command", List.of("/bin/web"),
                "depends_on", List.of(Map.of("service", "db", "condition", "healthy"))));
        Map<String, Object> services = new LinkedHashMap<>();
        services.put("db", db);
        services.put("web", web);
        doc.put("services", services);
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> TopologyReader.read(doc));
        assertEquals("services.web.depends_on", e.problems().getFirst().subject());
        assertTrue(e.problems().getFirst().message().contains("'db' has no health_check"), e.getMessage());
        db.put("health_check", "true");
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> TopologyReader.read(doc));
    }

    @Test
    void anEmptyServicesTableIsRefused() {
        LinkedHashMap<String, Object> doc = smallDocument();
        doc.put("services", table());

        List<Problem> problems = problems(doc);
        assertEquals("services", problems.getFirst().subject());
        assertTrue(problems.getFirst().message().contains("at least one service"));
    }

    @Test
    void aCycleIsOneProblemAboutDependsOnNamingTheServicesOnIt() {
        LinkedHashMap<String, Object> doc = table("name", "topo", "services", table(
                "a", service("depends_on", array("b")),
                "b", service("depends_on", array(table("service", "a", "condition", "started"))),
                "c", service()));

        List<Problem> problems = problems(doc);
        assertEquals(1, problems.size(), problems::toString);
        Problem p = problems.getFirst();
        assertEquals("services.a.depends_on", p.subject(), "at the first stuck service's key, for its line");
        assertTrue(p.message().contains("cycle"), p.message());
        assertTrue(p.message().endsWith(": a, b cannot start"), "only a and b are stuck: " + p.message());
    }

    @Test
    void everyProblemIsReportedTogether() {
        LinkedHashMap<String, Object> doc = smallDocument();
        doc.remove("name");
        doc.put("version", "3");
        at(doc, "networks", "backend").put("encrypted", true);
        at(doc, "volumes", "data").put("owner", "root");
        at(doc, "services", "db").remove("memory");
        at(doc, "services", "web").put("image", "nginx");
        at(doc, "services", "web").put("volumes", array("logs:/logs"));

        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> TopologyReader.read(doc));
        Set<String> subjects = e.problems().stream().map(Problem::subject).collect(Collectors.toSet());
        assertEquals(Set.of("name", "version", "networks.backend.encrypted", "volumes.data.owner",
                "services.db.memory", "services.web.image", "services.web.volumes"), subjects);
        assertEquals(7, e.problems().size(), e.problems()::toString);
        for (Problem p : e.problems()) {
            assertTrue(e.getMessage().contains(p.toString()), "the message lists every problem: " + p);
        }
    }

    @Test
    void problemsOfSeveralServicesAreAllReported() {
        LinkedHashMap<String, Object> doc = smallDocument();
        at(doc, "services", "db").remove("rootfs");
        at(doc, "services", "db").put("replicas", 2L);
        at(doc, "services", "web").put("command", array());

        List<Problem> problems = problems(doc);
        assertAll(
                () -> assertEquals(3, problems.size(), problems::toString),
                () -> assertTrue(problems.contains(new Problem("services.db.rootfs", "is required"))),
                () -> assertTrue(problems.stream().anyMatch(p -> p.subject().equals("services.db.replicas"))),
                () -> assertTrue(problems.stream().anyMatch(p -> p.subject().equals("services.web.command"))));
    }
}
