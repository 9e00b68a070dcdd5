package dev.nucleus.gvisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.ports.service.LaunchResolution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Bundles made from resolved launch requests: config.json valid, binds and secrets in place, all removed. */
class BundleTest {
    @TempDir
    Path tmp;

    /** Records the views asked for; mounts nothing (the host's overlay is OverlayViewTest's and GvisorIT's). */
    final List<String> viewsAsked = new java.util.ArrayList<>();
    final LentServices.RootViews views = new LentServices.RootViews() {
        @Override
        public void mount(Path rootfs, Path upper, Path work, Path view) {
            viewsAsked.add("mount " + rootfs + " " + upper + " " + work + " " + view);
        }

        @Override
        public void unmount(Path view) {
            viewsAsked.add("unmount " + view);
        }
    };

    ContainerSpec spec(Map<LaunchOption, List<String>> flags) throws Exception {
        return new LaunchResolution().resolve(new RawLaunchRequest(new EnumMap<>(flags), List.of("/bin/sh", "-c", "true"),
                RawLaunchRequest.Origin.FLAGS), new Invoker(0, 0));
    }

    JsonNode config(Bundle b) throws Exception {
        return JsonMapper.builder().build().readTree(Files.readString(b.directory().resolve("config.json")));
    }

    @Test
    void aHostViewBundleIsValidReadOnlyAndGoesAwayWhenClosed() throws Exception {
        Bundle b = Bundle.create(tmp.resolve("bundles"), "0123456789abcdef0123456789abcdef", "c1",
                spec(Map.of(LaunchOption.RUNTIME, List.of("gvisor"), LaunchOption.MEMORY, List.of("64M"))), "/nucleus/x", views);
        JsonNode c = config(b);
        assertEquals(List.of(), OciConfigSchemaTest.configSchema().validate(c), c.toString());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(b.directory())));
        Path root = Path.of(c.get("root").get("path").asString());
        assertTrue(root.startsWith(b.directory()), "its own root view");
        assertTrue(c.get("mounts").toString().contains("\"destination\":\"/usr\""), c.toString());
        assertEquals(64L << 20, c.get("linux").get("resources").get("memory").get("limit").asLong());
        assertEquals(64L << 20, c.get("linux").get("resources").get("memory").get("swap").asLong(),
                "memory + swap = memory: no swap, as native");
        b.close();
        assertFalse(Files.exists(b.directory()));
        Bundle swapping = Bundle.create(tmp.resolve("bundles"), "0123456789abcdef0123456789abcdee", "c1",
                spec(Map.of(LaunchOption.RUNTIME, List.of("gvisor"), LaunchOption.MEMORY, List.of("64M"),
                        LaunchOption.SWAP, List.of("true"))), "/nucleus/x", views);
        assertFalse(config(swapping).get("linux").get("resources").get("memory").has("swap"), "--swap");
        swapping.close();
    }

    @Test
    void theLayoutsMountsCarryTheNativeOptions() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Bundle b = Bundle.create(tmp.resolve("bundles"), "0123456789abcdef0123456789abcdea", "c3", spec(Map.of(
                LaunchOption.RUNTIME, List.of("gvisor"), LaunchOption.USER, List.of("1000"),
                LaunchOption.GROUP, List.of("1000"), LaunchOption.WORKSPACE, List.of(ws.toString()),
                LaunchOption.TMPFS, List.of("/scratch:16M:ro"))), "/nucleus/z", views);
        Map<String, List<String>> options = new java.util.HashMap<>();
        config(b).get("mounts").forEach(m -> options.put(m.get("destination").asString(),
                m.get("options").valueStream().map(JsonNode::asString).toList()));
        b.close();
        assertTrue(options.get("/proc").contains("ro"), "read-only without --proc-rw: " + options.get("/proc"));
        assertTrue(options.get("/tmp").containsAll(List.of("noexec", "size=256m")), options.get("/tmp").toString());
        assertTrue(options.get("/home/agent").containsAll(List.of("noexec", "mode=0700", "uid=1000", "gid=1000")),
                options.get("/home/agent").toString());
        assertTrue(options.get("/workspace").contains("noexec"), "noexec without --workspace-exec");
        assertTrue(options.get("/scratch").containsAll(List.of("ro", "mode=0700", "uid=1000", "size=16777216")),
                options.get("/scratch").toString());
    }

    @Test
    void aRootfsBundleBindsContextWorkspaceAndSecretsForTheWorkloadUser() throws Exception {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs/bin"));
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Path secret = Files.writeString(tmp.resolve("token"), "s3cr3t");
        Bundle b = Bundle.create(tmp.resolve("bundles"), "fedcba9876543210fedcba9876543210", "c2", spec(Map.of(
                LaunchOption.RUNTIME, List.of("gvisor"), LaunchOption.ROOTFS, List.of(rootfs.getParent().toString()),
                LaunchOption.USER, List.of("1000"), LaunchOption.GROUP, List.of("1000"),
                LaunchOption.CONTEXT, List.of(ctx.toString()), LaunchOption.CONTEXT_MODE, List.of("bind"),
                LaunchOption.WORKSPACE, List.of(ws.toString()),
                LaunchOption.SECRET, List.of(secret + ":/run/secrets/token"))), "/nucleus/y", views);
        JsonNode c = config(b);
        assertEquals(List.of(), OciConfigSchemaTest.configSchema().validate(c), c.toString());
        Path dir = tmp.resolve("bundles/fedcba9876543210fedcba9876543210");
        assertEquals(dir.resolve("root").toString(), c.get("root").get("path").asString(), "runsc gets a view");
        assertEquals(List.of("mount " + rootfs.getParent().toRealPath() + " " + dir.resolve("root-layers/upper") + " "
                + dir.resolve("root-layers/work") + " " + dir.resolve("root")), viewsAsked, "of the rootfs");
        assertEquals(1000, c.get("process").get("user").get("uid").asInt());
        String mounts = c.get("mounts").toString();
        assertTrue(mounts.contains("\"destination\":\"/context\"") && mounts.contains("\"destination\":\"/workspace\""),
                mounts);
        Path staged = Path.of("/dev/shm/nucleus-gvisor-fedcba9876543210fedcba9876543210/s0");
        assertEquals("s3cr3t", Files.readString(staged), "staged in a tmpfs");
        assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(staged)));
        assertEquals(1000, Files.getAttribute(staged, "unix:uid"));
        assertFalse(Files.readString(b.directory().resolve("config.json")).contains("s3cr3t"),
                "the secret's value is never in config.json");
        b.close();
        assertEquals("unmount " + dir.resolve("root"), viewsAsked.getLast(), "the view goes before the bundle");
        assertFalse(Files.exists(staged.getParent()), "the staged secrets go with the bundle");
    }

    /** One host file given to two destinations is staged for each (a map by source kept the last only). */
    @Test
    void oneSecretSourceReachesEveryDestinationItIsGiven() throws Exception {
        Path secret = Files.writeString(tmp.resolve("shared"), "twice");
        Bundle b = Bundle.create(tmp.resolve("bundles"), "fedcba9876543210fedcba987654321a", "c5", spec(Map.of(
                LaunchOption.RUNTIME, List.of("gvisor"),
                LaunchOption.SECRET, List.of(secret + ":/run/secrets/g", secret + ":/run/secrets/h"))), "/nucleus/v", views);
        String mounts = config(b).get("mounts").toString();
        Path shm = Path.of("/dev/shm/nucleus-gvisor-fedcba9876543210fedcba987654321a");
        assertTrue(mounts.contains("{\"destination\":\"/run/secrets/g\",\"type\":\"bind\",\"source\":\""
                + shm.resolve("s0") + "\""), mounts);
        assertTrue(mounts.contains("{\"destination\":\"/run/secrets/h\",\"type\":\"bind\",\"source\":\""
                + shm.resolve("s1") + "\""), mounts);
        assertEquals("twice", Files.readString(shm.resolve("s1")));
        b.close();
        assertFalse(Files.exists(shm));
    }

    @Test
    void aCredentialBrokerSetsTheProxyEnvironmentUnlessTold() throws Exception {
        Bundle b = Bundle.create(tmp.resolve("bundles"), "0123456789abcdef0123456789abcdeb", "c4", spec(Map.of(
                LaunchOption.RUNTIME, List.of("gvisor"), LaunchOption.NETWORK, List.of("bridge"),
                LaunchOption.CREDENTIAL_BROKER, List.of("10.0.42.1:3128"))), "/nucleus/w", views);
        JsonNode c = config(b);
        List<String> env = c.get("process").get("env").valueStream().map(JsonNode::asString).toList();
        Path token = Path.of("/dev/shm/nucleus-gvisor-0123456789abcdef0123456789abcdeb/broker-token");
        String value = Files.readString(token);
        String mounts = c.get("mounts").toString();
        String permissions = PosixFilePermissions.toString(Files.getPosixFilePermissions(token));
        b.close();
        for (String k : List.of("HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy")) {
            assertTrue(env.contains(k + "=http://10.0.42.1:3128"), k + " in " + env);
        }
        assertTrue(env.contains("NUCLEUS_CONTAINER_ID=0123456789abcdef0123456789abcdeb"), env.toString());
        // the token: a file in memory (/dev/shm), bound read-only, named in the environment; never in config.json
        assertTrue(value.matches("[0-9a-f]{32}"), value);
        assertEquals("r--------", permissions);
        assertTrue(env.contains("NUCLEUS_CREDENTIAL_BROKER_TOKEN_FILE=/run/secrets/nucleus-credential-broker-token"),
                env.toString());
        assertTrue(env.stream().noneMatch(e -> e.startsWith("NUCLEUS_CREDENTIAL_BROKER_TOKEN=")), env.toString());
        assertFalse(c.toString().contains(value), "the token is not in config.json");
        assertTrue(mounts.contains("{\"destination\":\"/run/secrets/nucleus-credential-broker-token\",\"type\":\"bind\","
                + "\"source\":\"" + token + "\",\"options\":[\"rbind\",\"ro\""), mounts);
        assertFalse(Files.exists(token.getParent()), "the staged token goes with the bundle");
        Bundle quiet = Bundle.create(tmp.resolve("bundles"), "0123456789abcdef0123456789abcdec", "c5", spec(Map.of(
                LaunchOption.RUNTIME, List.of("gvisor"), LaunchOption.NETWORK, List.of("bridge"),
                LaunchOption.CREDENTIAL_BROKER, List.of("10.0.42.1:3128"),
                LaunchOption.CREDENTIAL_BROKER_NO_PROXY_ENV, List.of("true"))), "/nucleus/v", views);
        String config = config(quiet).get("process").get("env").toString();
        quiet.close();
        assertFalse(config.toLowerCase(java.util.Locale.ROOT).contains("_proxy="), config);
        assertTrue(config.contains("NUCLEUS_CREDENTIAL_BROKER_TOKEN_FILE="), "the token without the proxies: " + config);

        Bundle none = Bundle.create(tmp.resolve("bundles"), "0123456789abcdef0123456789abcded", "c6", spec(Map.of(
                LaunchOption.RUNTIME, List.of("gvisor"), LaunchOption.NETWORK, List.of("bridge"))), "/nucleus/u", views);
        String plain = config(none).toString();
        boolean staged = Files.exists(Path.of("/dev/shm/nucleus-gvisor-0123456789abcdef0123456789abcded"));
        none.close();
        assertFalse(plain.contains("NUCLEUS_CREDENTIAL_BROKER_TOKEN"), "no broker, no token: " + plain);
        assertFalse(staged, "nothing staged without a secret or a broker");
    }
}
