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
                spec(Map.of(LaunchOption.RUNTIME, List.of("gvisor"), LaunchOption.MEMORY, List.of("64M"))), "/nucleus/x");
        JsonNode c = config(b);
        assertEquals(List.of(), OciConfigSchemaTest.configSchema().validate(c), c.toString());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(b.directory())));
        Path root = Path.of(c.get("root").get("path").asString());
        assertTrue(root.startsWith(b.directory()), "its own root view");
        assertTrue(c.get("mounts").toString().contains("\"destination\":\"/usr\""), c.toString());
        assertEquals(64L << 20, c.get("linux").get("resources").get("memory").get("limit").asLong());
        b.close();
        assertFalse(Files.exists(b.directory()));
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
                LaunchOption.SECRET, List.of(secret + ":/run/secrets/token"))), "/nucleus/y");
        JsonNode c = config(b);
        assertEquals(List.of(), OciConfigSchemaTest.configSchema().validate(c), c.toString());
        assertEquals(rootfs.getParent().toRealPath().toString(), c.get("root").get("path").asString());
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
        assertFalse(Files.exists(staged.getParent()), "the staged secrets go with the bundle");
    }
}
