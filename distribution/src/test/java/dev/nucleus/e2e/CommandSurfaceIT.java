package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every command of the surface answers: help, version, completion, placeholders, doctor. */
class CommandSurfaceIT {
    @Test
    void versionPrintsOneCleanLine() {
        Nucleus.Result r = Nucleus.run("--version");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().matches("nucleus \\S+\n"), r.toString());
        assertEquals("", r.err());
        assertEquals(r.out(), Nucleus.run("version").out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "create", "state", "ps", "stats", "logs", "attach", "stop", "kill", "rm", "delete",
            "checkpoint", "restore", "seccomp", "compose", "doctor", "image", "image commit", "image run",
            "image inspect", "image load", "image prune", "completion", "audit", "audit verify", "rootfs",
            "rootfs attest", "seccomp generate", "compose validate"})
    void everyCommandHasHelp(String command) {
        Nucleus.Result r = Nucleus.run((command + " --help").split(" "));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("Usage:"), r.toString());
        assertEquals("", r.err(), "no warning (a stray % in a description made picocli complain)");
    }

    @Test
    void runHelpListsLaunchOptionsByGroup() {
        String help = Nucleus.run("run", "--help").out();
        for (String s : List.of("Mode and runtime:", "Network:", "--memory", "--egress-domain", "--seccomp-profile-sha256",
                "--config", "--dry-run", "--add-host", "--keep")) {
            assertTrue(help.contains(s), "run --help lacks " + s);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"checkpoint c1 -o /tmp/ck", "restore -i /tmp/ck"})
    void commandsWithoutABackendYetSayNotImplementedAndExit125(String line) {
        Nucleus.Result r = Nucleus.run(line.split(" "));
        assertEquals(125, r.exit(), r.toString());
        assertTrue(r.err().contains("not implemented yet:"), r.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"compose validate -f t.toml", "compose up -f t.toml", "compose ps -f t.toml",
            "compose state -f t.toml", "compose down -f t.toml"})
    void composeOnAMissingTopologyFileExits2NamingIt(String line) {
        Nucleus.Result r = Nucleus.run(("--root /nonexistent/nucleus-state " + line).split(" "));
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--file t.toml: no such file"), r.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"state c1", "stats c1", "stop c1", "kill c1 TERM", "rm c1", "delete c1", "logs c1",
            "attach c1"})
    void commandsOnAContainerThatDoesNotExistExit2NamingIt(String line) {
        Nucleus.Result r = Nucleus.run(("--root /nonexistent/nucleus-state " + line).split(" "));
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("no container 'c1'"), r.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"state", "ps", "ps --all --json", "stats --json"})
    void listingsOfAnEmptyStateDirectorySucceed(String line) {
        Nucleus.Result r = Nucleus.run(("--root /nonexistent/nucleus-state " + line).split(" "));
        assertEquals(0, r.exit(), r.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"kill c1 NOTASIGNAL", "stop c1 -t -5", "ps --format ID,BOGUS", "logs", "rm",
            "checkpoint c1", "compose up", "frobnicate", "seccomp generate /nonexistent/trace.ndjson", "completion zsh", "--root"})
    void badArgumentsExit2(String line) {
        Nucleus.Result r = Nucleus.run(line.split(" "));
        assertEquals(2, r.exit(), r.toString());
        assertTrue(!r.err().isBlank(), r.toString());
    }

    @Test
    void aMissingAuditLogIsSaidToBeMissing() {
        Nucleus.Result r = Nucleus.run("audit", "verify", "/nonexistent/audit.jsonl");
        assertEquals(2, r.exit(), r.toString());
        assertEquals("nucleus audit verify: /nonexistent/audit.jsonl: no such file or directory\n", r.err());
    }

    @Test
    void unknownCommandSuggestsTheNearest() {
        Nucleus.Result r = Nucleus.run("rnu");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("did you mean 'run'"), r.toString());
    }

    @Test
    void bashCompletionCoversCommandsAndOptions() {
        Nucleus.Result r = Nucleus.run("completion", "bash");
        assertEquals(0, r.exit(), r.toString());
        for (String s : List.of("complete -F", "compose", "checkpoint", "--memory", "--egress-allow", "--signal")) {
            assertTrue(r.out().contains(s), "completion lacks " + s);
        }
        Nucleus.Result syntax = Nucleus.shell("\"$NUCLEUS\" completion bash | bash -n");
        assertEquals(0, syntax.exit(), syntax.toString());
    }

    @Test
    void doctorJsonMatchesTheTable() {
        Nucleus.Result json = Nucleus.run("doctor", "--json");
        Nucleus.Result table = Nucleus.run("doctor");
        assertEquals(0, json.exit(), json.toString());
        assertEquals(0, table.exit(), table.toString());
        JsonNode report = JsonMapper.builder().build().readTree(json.out());
        int abi = report.at("/landlock/abi").asInt();
        assertTrue(table.out().matches("(?s).*Landlock ABI\\s+" + abi + "\\b.*"), table.out());
        assertTrue(table.out().contains("Cgroup layout"), table.out());
        assertTrue(report.get("modes").isArray(), json.out());
    }
}
