package dev.nucleus.gvisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every config.json the gVisor backend generates validates against the OCI runtime-spec's own
 * config-schema.json (draft-04, its relative $refs read offline from ../shared/testdata), and
 * passes our stricter checks: no key the spec does not define where we write, absolute mount
 * destinations, no host namespace paths, no capability in any set.
 */
class OciConfigSchemaTest {
    static final JsonMapper JSON = JsonMapper.builder().build();

    static Path schemaDir() {
        for (Path dir : List.of(Path.of("../../shared/testdata/oci-runtime-spec-schema"),
                Path.of("../shared/testdata/oci-runtime-spec-schema"),
                Path.of("/work/shared/testdata/oci-runtime-spec-schema"))) {
            if (Files.isRegularFile(dir.resolve("config-schema.json"))) {
                return dir.toAbsolutePath().normalize();
            }
        }
        throw new AssertionError("shared/testdata/oci-runtime-spec-schema not found beside the clone");
    }

    static Schema configSchema() {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4, b -> b.schemas(OciConfigSchemaTest::local))
                .getSchema(SchemaLocation.of(schemaDir().resolve("config-schema.json").toUri().toString()));
    }

    static String local(String iri) {
        if (!iri.startsWith("file:")) {
            return null;
        }
        try {
            return Files.readString(Path.of(java.net.URI.create(iri)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static BundleInputs.Mount bind(String s, String d, boolean ro) {
        return BundleInputs.Mount.bind(s, d, ro);
    }

    /** One scenario per kind of launch the backend turns into a bundle. */
    static Stream<BundleInputs> scenarios() {
        BundleInputs minimal = new BundleInputs(List.of("/bin/true"), List.of("PATH=/bin"), "/", 0, 0, List.of(),
                "c1", "/var/lib/b/rootfs", List.of(), Optional.empty(), Optional.empty(), 512, "/nucleus/c1", Map.of(), true, Optional.empty(), Optional.empty());
        BundleInputs full = new BundleInputs(List.of("/bin/sh", "-c", "exit 3"), List.of("PATH=/bin", "A=b"),
                "/workspace", 1000, 1000, List.of(27L, 100L), "web", "/srv/rootfs",
                List.of(new BundleInputs.Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
                        new BundleInputs.Mount("/tmp", "tmpfs", "tmpfs", List.of("nosuid", "nodev", "mode=1777")),
                        bind("/data/ctx", "/context", true), bind("/data/ws", "/workspace", false),
                        bind("/dev/shm/nucleus-gvisor-x/s0", "/run/secrets/token", true)),
                Optional.of(64L << 20), Optional.of(50_000L), 128, "/user.slice/nucleus/abc",
                Map.of("dev.nucleus.mode", "agent", "dev.nucleus.trust-level", "untrusted"), false, Optional.empty(),
                Optional.of("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_X86_64\"],"
                        + "\"syscalls\":[{\"names\":[\"mkdir\",\"mkdirat\"],\"action\":\"SCMP_ACT_ERRNO\"}]}"))
                .withLimits(new dev.nucleus.domain.spec.Resources(Optional.of(new dev.nucleus.domain.value.ByteSize(
                        64L << 20)), false, Optional.empty(), java.util.OptionalInt.of(50), 128,
                        List.of(new dev.nucleus.domain.value.IoLimit(8, 0, java.util.OptionalLong.of(100),
                                java.util.OptionalLong.empty(), java.util.OptionalLong.empty(),
                                java.util.OptionalLong.of(1 << 20))),
                        new dev.nucleus.domain.value.ByteSize(1 << 20)));
        long netBind = 1L << 10; // CAP_NET_BIND_SERVICE
        BundleInputs withCaps = new BundleInputs(List.of("/srv/web"), List.of(), "/", 1000, 1000, List.of(), "web",
                "/srv/rootfs", List.of(), Optional.empty(), Optional.empty(), 64, "/nucleus/w", Map.of(), true,
                Optional.of(new dev.nucleus.domain.policy.CapabilityPolicy(netBind, netBind, 0, netBind)), Optional.empty());
        return Stream.of(minimal, full, withCaps);
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void everyGeneratedConfigValidatesAgainstTheOciSchema(BundleInputs in) {
        JsonNode config = JSON.readTree(OciConfig.json(in));
        assertEquals(List.of(), configSchema().validate(config), OciConfig.json(in));
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void ourStricterChecksHold(BundleInputs in) {
        JsonNode c = JSON.readTree(OciConfig.json(in));
        assertEquals(Set.of("ociVersion", "process", "root", "hostname", "mounts", "linux", "annotations"),
                names(c), "top-level keys are the spec's");
        assertEquals(Set.of("terminal", "user", "args", "env", "cwd", "capabilities", "rlimits", "noNewPrivileges"),
                names(c.get("process")));
        assertTrue(c.get("process").get("noNewPrivileges").asBoolean());
        for (String set : List.of("bounding", "effective", "inheritable", "permitted", "ambient")) {
            String held = c.get("process").get("capabilities").get(set).toString();
            assertTrue(in.capabilities().isPresent() ? held.equals("[\"CAP_NET_BIND_SERVICE\"]") : held.equals("[]"),
                    set + ": nothing but what the policy keeps: " + held);
        }
        assertTrue(c.get("root").get("readonly").asBoolean(), "the root is read-only");
        for (JsonNode m : c.get("mounts")) {
            assertTrue(m.get("destination").asString().startsWith("/"), "absolute destination: " + m);
        }
        for (JsonNode ns : c.get("linux").get("namespaces")) {
            assertFalse(ns.has("path"), "never a host namespace path: " + ns);
        }
        assertEquals(in.cgroupsPath(), c.get("linux").get("cgroupsPath").asString(), "the reference never sets it");
        assertTrue(c.get("linux").get("maskedPaths").toString().contains("/proc/kcore"));
        assertEquals(in.seccompJson().isPresent(), c.get("linux").has("seccomp"), "the profile, when given");
    }

    @Test
    void limitsAppearOnlyWhenGivenAndAsTheSpecNamesThem() {
        JsonNode full = JSON.readTree(OciConfig.json(scenarios().toList().get(1)));
        assertEquals(64L << 20, full.get("linux").get("resources").get("memory").get("limit").asLong());
        assertEquals(50_000, full.get("linux").get("resources").get("cpu").get("quota").asLong());
        assertEquals(100_000, full.get("linux").get("resources").get("cpu").get("period").asLong());
        assertEquals(128, full.get("linux").get("resources").get("pids").get("limit").asLong());
        assertEquals(List.of(27L, 100L), List.of(full.get("process").get("user").get("additionalGids").get(0).asLong(),
                full.get("process").get("user").get("additionalGids").get(1).asLong()));
        JsonNode minimal = JSON.readTree(OciConfig.json(scenarios().toList().get(0)));
        assertFalse(minimal.get("linux").get("resources").has("memory"));
        assertFalse(minimal.get("process").get("user").has("additionalGids"));
    }

    @Test
    void hooksGoToThePointsRunscRunsAndTheConfigStillValidates() {
        var hook = new dev.nucleus.domain.hooks.Hook("/usr/local/bin/record", List.of("record", "a"),
                List.of("X=1"), java.util.OptionalInt.of(5));
        var plain = new dev.nucleus.domain.hooks.Hook("/bin/true", List.of(), List.of(), java.util.OptionalInt.empty());
        var hooks = new dev.nucleus.domain.hooks.Hooks(Map.of(
                dev.nucleus.domain.hooks.HookPoint.CREATE_RUNTIME, List.of(hook, plain),
                dev.nucleus.domain.hooks.HookPoint.POSTSTOP, List.of(plain)));
        String json = OciConfig.json(scenarios().toList().get(1), hooks);
        JsonNode c = JSON.readTree(json);
        assertEquals(List.of(), configSchema().validate(c), json);
        assertEquals(Set.of("createRuntime", "poststop"), names(c.get("hooks")));
        JsonNode first = c.get("hooks").get("createRuntime").get(0);
        assertEquals("/usr/local/bin/record", first.get("path").asString());
        assertEquals("[\"record\",\"a\"]", first.get("args").toString());
        assertEquals("[\"X=1\"]", first.get("env").toString());
        assertEquals(5, first.get("timeout").asInt());
        assertEquals(Set.of("path"), names(c.get("hooks").get("poststop").get(0)), "nothing unasked");
        assertFalse(JSON.readTree(OciConfig.json(scenarios().toList().get(1))).has("hooks"), "no hooks, no key");

        var inside = new dev.nucleus.domain.hooks.Hooks(Map.of(
                dev.nucleus.domain.hooks.HookPoint.START_CONTAINER, List.of(plain)));
        assertEquals(List.of(dev.nucleus.domain.hooks.HookPoint.START_CONTAINER), OciConfig.refusedHookPoints(inside));
        assertThrows(IllegalArgumentException.class, () -> OciConfig.json(scenarios().toList().get(0), inside));
    }

    @Test
    void aRelativeMountDestinationIsRefusedBeforeAnyJsonIsWritten() {
        assertThrows(IllegalArgumentException.class, () -> new BundleInputs.Mount("tmp", "tmpfs", "tmpfs", List.of()));
    }

    @Test
    void anInvalidConfigIsCaughtByTheSchemaSoTheTestsAboveCanFail() {
        var broken = (tools.jackson.databind.node.ObjectNode) JSON.readTree(OciConfig.json(scenarios().toList().get(0)));
        ((tools.jackson.databind.node.ObjectNode) broken.get("process").get("user")).put("uid", "root");
        assertFalse(configSchema().validate(broken).isEmpty(), "a string uid breaks the schema");
    }

    private static Set<String> names(JsonNode node) {
        Set<String> out = new java.util.TreeSet<>();
        for (Iterator<String> it = node.propertyNames().iterator(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }
}
