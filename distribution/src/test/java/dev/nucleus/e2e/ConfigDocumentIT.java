package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code --config} and {@code --config-fd} through the real binary. */
class ConfigDocumentIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path tmp;

    @Test
    void tomlAndJsonTwinsPrintTheSameSpec() {
        Nucleus.Result toml = Nucleus.run("run", "--config", "examples/agent.nucleus.toml", "--dry-run");
        Nucleus.Result json = Nucleus.run("run", "--config", "examples/agent.nucleus.json", "--dry-run");
        assertEquals(0, toml.exit(), toml.toString());
        assertEquals(0, json.exit(), json.toString());
        assertEquals(toml.out(), json.out());
        JsonNode spec = JSON.readTree(toml.out());
        assertEquals("strict-agent", spec.get("mode").asString());
        assertEquals("1G", spec.at("/request/resources/memory").asString());
        assertEquals("2", spec.at("/request/resources/cpus").asString());
        assertEquals("[\"/usr/bin/agent\",\"--stdio\"]", spec.at("/request/workload/command").toString());
        assertEquals("RUST_LOG=<redacted>", spec.at("/request/workload/env/0").asString());
    }

    @Test
    void theSameLaunchAsFlagsPrintsTheSameSpec() {
        Nucleus.Result flags = Nucleus.run("run", "--dry-run", "--name", "coding-agent", "--service-mode", "strict-agent",
                "--runtime", "gvisor", "--trust-level", "untrusted", "--workspace", "/srv/projects/demo",
                "--workspace-mode", "bind-rw", "--workspace-exec", "--workdir", "/workspace", "--home", "/home/agent",
                "--memory", "1G", "--cpus", "2.0", "--pids", "512", "--network", "bridge", "--dns", "10.0.0.53",
                "--egress-domain", "api.example.com", "--egress-tcp-port", "443",
                "--provider-config-ro", "/srv/agent/aws:.aws", "--tmpfs", "/scratch:256M", "-e", "RUST_LOG=info",
                "--seccomp-log-denied", "--", "/usr/bin/agent", "--stdio");
        Nucleus.Result toml = Nucleus.run("run", "--config", "examples/agent.nucleus.toml", "--dry-run");
        assertEquals(0, flags.exit(), flags.toString());
        assertEquals(toml.out(), flags.out());
    }

    @Test
    void theReferenceReadmeExampleLoadsUnchanged() {
        Nucleus.Result r = Nucleus.run("run", "--config", "examples/reference-readme.nucleus.toml", "--dry-run");
        assertEquals(0, r.exit(), r.toString());
        JsonNode spec = JSON.readTree(r.out());
        assertEquals("AGENT_TOOLCHAIN", spec.at("/request/filesystem/rootfs/kind").asString());
        assertEquals(true, spec.at("/request/security/seccomp/logDenied").asBoolean());
    }

    @Test
    void configFdReadsAnInheritedDescriptor() {
        Nucleus.Result viaFd = Nucleus.shell("\"$NUCLEUS\" run --dry-run --config-fd 3 3< examples/agent.nucleus.json");
        Nucleus.Result viaFile = Nucleus.run("run", "--config", "examples/agent.nucleus.json", "--dry-run");
        assertEquals(0, viaFd.exit(), viaFd.toString());
        assertEquals(viaFile.out(), viaFd.out());
    }

    @Test
    void configFdIsNeverOneTheCallerDidNotPass() {
        // 3 and up hold the JVM's modules image and jars when nothing is passed.
        for (String n : List.of("3", "4", "8")) {
            Nucleus.Result r = Nucleus.run("run", "--dry-run", "--config-fd", n);
            assertEquals(2, r.exit(), r.toString());
            assertTrue(r.err().contains("--config-fd " + n + ": no such open file descriptor"), r.toString());
        }
    }

    @Test
    void mixingADocumentWithLaunchFlagsIsRefusedButGlobalsAreFine() {
        Nucleus.Result mixed = Nucleus.run("run", "--config", "examples/agent.nucleus.toml", "--memory", "2G");
        assertEquals(2, mixed.exit(), mixed.toString());
        assertTrue(mixed.err().contains("cannot be mixed with --memory"), mixed.toString());

        Nucleus.Result globals = Nucleus.run("--log-level", "debug", "run", "--root", tmp.toString(),
                "--config", "examples/agent.nucleus.toml", "--dry-run");
        assertEquals(0, globals.exit(), globals.toString());
    }

    /** {@code run --config DOC --dry-run}, refused (exit 2): its stderr. */
    private static String refusal(Path doc) {
        Nucleus.Result r = Nucleus.run("run", "--config", doc.toString(), "--dry-run");
        assertEquals(2, r.exit(), r.toString());
        return r.err();
    }

    @Test
    void unknownKeysSuggestTheNearestValidKey() throws IOException {
        Path doc = Files.writeString(tmp.resolve("bad.toml"),
                "memroy = \"1G\"\nworkspce_exec = true\ncommand = [\"/bin/true\"]\n");
        String docErr = refusal(doc);
        assertTrue(docErr.contains(doc + ":1: unknown key 'memroy' (did you mean 'memory'?)"), docErr);
        assertTrue(docErr.contains(doc + ":2: unknown key 'workspce_exec' (did you mean 'workspace_exec'?)"), docErr);
    }

    @Test
    void aValueTheChecksRefuseIsPlacedInTheDocumentAndJsonDuplicatesAreRefused() throws IOException {
        Path doc = Files.writeString(tmp.resolve("small.toml"), "command = [\"/bin/true\"]\nmemory = 64\n");
        String docErr = refusal(doc);
        assertTrue(docErr.contains(doc + ":2: key 'memory': invalid value '64'"), docErr);

        Path dup = Files.writeString(tmp.resolve("dup.json"),
                "{\"memory\": \"64M\",\n \"memory\": \"1G\", \"command\": [\"/bin/true\"]}");
        String dupErr = refusal(dup);
        assertTrue(dupErr.contains(dup + ":2: not valid JSON: the member \"memory\" is set twice"), dupErr);
    }

    @Test
    void problemsAreNamedAtTheLineOfTheirKeyOrValue() throws IOException {
        // a key of a [table] after comments, not the header's line; an element of a multi-line array
        Path doc = Files.writeString(tmp.resolve("lines.toml"), "# a launch\n\ncommand = [\n  \"/bin/true\",\n]\n"
                + "volume = [\n  \"/srv:/srv\",\n  \"nope\",\n]\n\n[env_vars]\nHOME = \"/root\"\nBAD = [1]\n");
        String docErr = refusal(doc);
        assertTrue(docErr.contains(doc + ":13: key 'env_vars': the value of BAD must be a string"), docErr);

        Path value = Files.writeString(tmp.resolve("value.toml"), "command = [\"/bin/true\"]\n"
                + "volume = [\n  \"/srv:/srv\",\n  \"nope\",\n]\n");
        String valueErr = refusal(value);
        assertTrue(valueErr.contains(value + ":4: key 'volume': invalid value 'nope'"), valueErr);

        // a key set twice on the last line is noticed past its line end: still named at its line
        Path twice = Files.writeString(tmp.resolve("twice.toml"),
                "command = [\"/bin/true\"]\nmemory = \"1G\"\nmemory = \"2G\"\n\n# end\n");
        String twiceErr = refusal(twice);
        assertTrue(twiceErr.contains(twice + ":3: not valid TOML: the key 'memory' is defined twice"), twiceErr);

        Path json = Files.writeString(tmp.resolve("lines.json"),
                "{\"command\": [\"/bin/true\"],\n \"env\": {\n  \"A\": \"x\",\n  \"B\": [1]\n }\n}");
        String jsonErr = refusal(json);
        assertTrue(jsonErr.contains(json + ":4: key 'env': the value of B must be a string"), jsonErr);
    }

    @Test
    void malformedDocumentsAndWrongShapesAreRefused() throws IOException {
        Path broken = Files.writeString(tmp.resolve("broken.toml"), "memory = \"1G\nname = [\n");
        Nucleus.Result r1 = Nucleus.run("run", "--config", broken.toString());
        assertEquals(2, r1.exit(), r1.toString());
        assertTrue(r1.err().contains("not valid TOML"), r1.toString());

        Path shapes = Files.writeString(tmp.resolve("shapes.json"),
                "{\"memory\": [\"1G\"], \"rootless\": \"yes\", \"command\": \"/bin/true\"}");
        Nucleus.Result r2 = Nucleus.run("run", "--config", shapes.toString());
        assertEquals(2, r2.exit(), r2.toString());
        assertTrue(r2.err().contains("key 'memory' takes one value"), r2.toString());
        assertTrue(r2.err().contains("key 'rootless' must be true or false"), r2.toString());
        assertTrue(r2.err().contains("key 'command' must be a non-empty array"), r2.toString());
    }

    @Test
    void aMissingConfigFileIsRefused() {
        Nucleus.Result r = Nucleus.run("run", "--config", tmp.resolve("nope.toml").toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("no such file"), r.toString());
    }
}
