package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Foreground containers seen from other commands: ps, state (OCI state JSON, schema-checked),
 * kill, stop, rm, --keep, stats; and what rm cleans after a runtime that was SIGKILLed. Each test
 * uses its own --root so that nothing else is listed.
 */
@Tag("root")
class LifecycleIT {
    static final JsonMapper JSON = JsonMapper.builder().build();
    Path root;

    @BeforeEach
    void stateDir() throws IOException {
        root = Nucleus.tempDir("nucleus-state");
    }

    @AfterEach
    void nothingLeft() throws IOException {
        try (var left = Files.list(root)) {
            // the names registry, the shared root mount point (.root), the compiled seccomp programs (.cache) and the supervisors' launch
            // documents (.launch, each deleted once read) are the state root's own
            List<String> names = left.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("names") && !n.equals(".root") && !n.equals(".cache") && !n.equals(".launch")).toList();
            assertEquals(List.of(), names, "every container's directory is gone");
        }
        if (Files.isDirectory(root.resolve(".root"))) {
            try (var mountPoint = Files.list(root.resolve(".root"))) {
                assertEquals(List.of(), mountPoint.toList(), "the shared root mount point stays empty on the host");
            }
        }
        if (Files.isDirectory(root.resolve(".launch"))) {
            try (var documents = Files.list(root.resolve(".launch"))) {
                assertEquals(List.of(), documents.toList(), "every launch document was taken");
            }
        }
    }

    Nucleus.Result nucleus(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--root";
        all[1] = root.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Nucleus.run(all);
    }

    /** Starts a foreground run in the background and waits until ps lists it running. */
    CompletableFuture<Nucleus.Result> start(String name, String... command) throws Exception {
        String[] args = new String[command.length + 5];
        args[0] = "run";
        args[1] = "--name";
        args[2] = name;
        args[3] = "--memory";
        args[4] = "64M";
        System.arraycopy(command, 0, args, 5, command.length);
        CompletableFuture<Nucleus.Result> run = CompletableFuture.supplyAsync(() -> nucleus(args));
        for (int i = 0; i < 200; i++) {
            for (JsonNode c : JSON.readTree(nucleus("ps", "--json").out())) {
                if (c.get("name").asString().equals(name) && c.get("status").asString().equals("running")) {
                    return run;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("'" + name + "' never showed as running: " + run.getNow(null));
    }

    static Schema stateSchema() {
        for (Path dir : List.of(Nucleus.REPO.resolve("../shared/testdata/oci-runtime-spec-schema"),
                Path.of("/work/shared/testdata/oci-runtime-spec-schema"))) {
            if (Files.isRegularFile(dir.resolve("state-schema.json"))) {
                // Offline: the schema and its relative $refs (defs.json) are read from the files.
                return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4, b -> b.schemas(LifecycleIT::local))
                        .getSchema(SchemaLocation.of(dir.resolve("state-schema.json").normalize().toUri().toString()));
            }
        }
        throw new AssertionError("shared/testdata/oci-runtime-spec-schema not found beside the clone");
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

    @Test
    void psAndStateShowARunningContainerAndKillEndsIt() throws Exception {
        // The workload is PID 1 of its namespace: only a signal it handles reaches it (or KILL).
        CompletableFuture<Nucleus.Result> run = start("web", "--", "/bin/sh", "-c",
                "trap 'exit 42' TERM; while :; do sleep 0.1; done");
        Nucleus.Result ps = nucleus("ps", "--json");
        JsonNode listed = JSON.readTree(ps.out()).get(0);
        assertEquals("web", listed.get("name").asString());
        assertEquals("running", listed.get("status").asString());
        long pid = listed.get("pid").asLong();
        assertTrue(Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).startsWith("/bin/sh"),
                "the recorded pid is the workload");

        String id = listed.get("id").asString();
        for (String ref : List.of("web", id, id.substring(0, 5))) {
            Nucleus.Result state = nucleus("state", ref);
            assertEquals(0, state.exit(), state.toString());
            JsonNode oci = JSON.readTree(state.out());
            assertEquals(List.of(), stateSchema().validate(oci), "OCI state schema: " + state.out());
            assertEquals(id, oci.get("id").asString());
            assertEquals("running", oci.get("status").asString());
            assertEquals(pid, oci.get("pid").asLong());
            assertEquals("agent", oci.get("annotations").get("dev.nucleus.mode").asString());
        }
        assertEquals(2, nucleus("state", "nosuch").exit());
        List<String> row = List.of(nucleus("ps", "--format", "ID,NAME,PID").out().lines().toList().get(1).split("\\s+"));
        assertEquals(List.of(id.substring(0, 12), "web", Long.toString(pid)), row);
        Nucleus.Result twice = nucleus("ps", "--format", "ID,NAME,id");
        assertEquals(2, twice.exit(), "a column asked for twice is refused, not printed twice: " + twice);
        assertTrue(twice.err().contains("--format 'ID,NAME,id': column ID is given twice"), twice.err());
        assertEquals("", twice.out(), twice.toString());

        Nucleus.Result rm = nucleus("rm", "web");
        assertEquals(2, rm.exit(), rm.toString());
        assertTrue(rm.err().contains("is running: stop it first, or use rm --force"), rm.err());

        assertEquals(0, nucleus("kill", "web", "TERM").exit());
        assertEquals(42, run.get(20, TimeUnit.SECONDS).exit(), "the workload's TERM handler ran");
        assertEquals("[ ]", nucleus("ps", "--all", "--json").out().strip(), "a foreground run leaves no state");
    }

    @Test
    void stopEscalatesToKillAfterTheTimeoutAndIsIdempotent() throws Exception {
        CompletableFuture<Nucleus.Result> run = start("stubborn", "--", "/bin/sh", "-c",
                "trap '' TERM; while :; do sleep 0.1; done");
        long t0 = System.nanoTime();
        Nucleus.Result stop = nucleus("stop", "-t", "1", "stubborn");
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(0, stop.exit(), stop.toString());
        assertEquals(128 + 9, run.get(20, TimeUnit.SECONDS).exit(), "SIGKILL after ignoring SIGTERM");
        assertTrue(took >= 1000 && took < 8000, "waited the timeout, then killed: " + took + " ms");
        Nucleus.Result again = nucleus("ps", "--all", "--json");
        assertEquals("[ ]", again.out().strip(), "a foreground run leaves no state: " + again);
    }

    @Test
    void keepLeavesTheStoppedContainerListedUntilRm() throws Exception {
        Nucleus.Result run = nucleus("run", "--keep", "--name", "kept", "--", "/bin/sh", "-c", "exit 7");
        assertEquals(7, run.exit(), run.toString());
        assertEquals("", nucleus("ps").out().lines().skip(1).reduce("", String::concat), "not running");
        JsonNode all = JSON.readTree(nucleus("ps", "--all", "--json").out()).get(0);
        assertEquals("exited (7)", all.get("status").asString());
        assertEquals(7, all.get("exit_code").asInt());
        JsonNode oci = JSON.readTree(nucleus("state", "kept").out());
        assertEquals(List.of(), stateSchema().validate(oci));
        assertEquals("stopped", oci.get("status").asString());
        assertFalse(oci.has("pid"), "a stopped container has no pid");
        assertEquals(0, nucleus("stop", "kept").exit(), "stopping a stopped container succeeds");
        Nucleus.Result again = nucleus("run", "--name", "kept", "--", "/bin/true");
        assertEquals(2, again.exit(), "a name clash is an invalid request: " + again);
        assertTrue(again.err().contains("a container named 'kept' exists (exited (7)"), again.err());
        Nucleus.Result rm = nucleus("rm", "kept");
        assertEquals(0, rm.exit(), rm.toString());
        assertEquals(2, nucleus("state", "kept").exit(), "gone");
    }

    /** An unnamed container's name is its id's first 12 digits: no other container may take it. */
    @Test
    void anUnnamedContainersDefaultNameIsNotGivenToAnother() throws Exception {
        Nucleus.Result first = nucleus("run", "--keep", "--", "/bin/true");
        assertEquals(0, first.exit(), first.toString());
        String id = JSON.readTree(nucleus("ps", "--all", "--json").out()).get(0).get("id").asString();
        String defaultName = id.substring(0, 12);
        Nucleus.Result clash = nucleus("run", "--keep", "--name", defaultName, "--", "/bin/true");
        assertEquals(2, clash.exit(), clash.toString());
        assertTrue(clash.err().contains("a container named '" + defaultName + "' exists (exited (0), " + defaultName
                + "); remove it with 'nucleus rm " + defaultName + "'"), clash.toString());
        assertEquals(1, JSON.readTree(nucleus("ps", "--all", "--json").out()).size(), "nothing else was made");
        assertEquals(0, nucleus("state", defaultName).exit(), "the name still means one container");
        assertEquals(0, nucleus("rm", defaultName).exit());
    }

    /** As Docker and Podman: every argument is tried, each failure reported, exit 2 if any was bad. */
    @Test
    void rmRemovesEveryContainerItCanAndReportsEachItCannot() throws Exception {
        for (String name : List.of("ra", "rc")) {
            assertEquals(0, nucleus("run", "--keep", "--name", name, "--", "/bin/true").exit());
        }
        Nucleus.Result rm = nucleus("rm", "-f", "ra", "nope", "rc", "nope2");
        assertEquals(2, rm.exit(), rm.toString());
        assertEquals(2, rm.out().lines().filter(l -> l.matches("[0-9a-f]{32}")).count(), "ra and rc removed: " + rm);
        assertTrue(rm.err().contains("no container 'nope' ") && rm.err().contains("no container 'nope2' "),
                "each failure reported: " + rm);
        assertEquals("[ ]", nucleus("ps", "--all", "--json").out().strip(), "the one after the bad name went too");
    }

    @Test
    void statsAgreeWithTheCgroupFiles() throws Exception {
        CompletableFuture<Nucleus.Result> run = start("stats", "--", "/bin/sleep", "30");
        Path state = Files.list(root).filter(p -> p.getFileName().toString().length() == 32).findFirst().orElseThrow()
                .resolve("state.json");
        JsonNode dirs = JSON.readTree(Files.readString(state)).get("cgroup").get("directories");
        Path memory = Path.of(dirs.get("memory").asString());
        Path pids = Path.of(dirs.get("pids").asString());
        Nucleus.Result stats = nucleus("stats", "stats", "--json");
        assertEquals(0, stats.exit(), stats.toString());
        JsonNode s = JSON.readTree(stats.out()).get(0);
        assertEquals(Long.parseLong(Files.readString(memory.resolve("memory.limit_in_bytes")).strip()),
                s.get("memory_limit").asLong());
        assertEquals(64L << 20, s.get("memory_limit").asLong());
        assertEquals(Long.parseLong(Files.readString(pids.resolve("pids.current")).strip()), s.get("pid_count").asLong());
        assertEquals(Files.readString(pids.resolve("pids.max")).strip(), Long.toString(s.get("pids_limit").asLong()));
        long usage = Long.parseLong(Files.readString(memory.resolve("memory.usage_in_bytes")).strip());
        assertTrue(Math.abs(usage - s.get("memory_usage").asLong()) < (1 << 20), usage + " vs " + s);
        assertTrue(nucleus("stats").out().contains("MEM USAGE / LIMIT"));
        assertEquals(0, nucleus("kill", "stats").exit());
        assertEquals(137, run.get(20, TimeUnit.SECONDS).exit());
    }

    /** The runtime itself is SIGKILLed: its container dies with it, and rm removes what is left. */
    @Test
    void aCrashedRuntimeIsShownStoppedAndRmCleansUp() throws Exception {
        Process runtime = new ProcessBuilder(Nucleus.BIN.toString(), "--root", root.toString(), "run", "--name",
                "crash", "--memory", "64M", "--", "/bin/sleep", "30").redirectErrorStream(true).start();
        JsonNode listed = null;
        for (int i = 0; i < 200 && listed == null; i++) {
            JsonNode all = JSON.readTree(nucleus("ps", "--json").out());
            listed = all.isEmpty() ? null : all.get(0);
            Thread.sleep(50);
        }
        assertTrue(listed != null, "listed while running");
        // The launcher execs the JVM, so this pid is the runtime itself.
        runtime.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Path state = root.resolve(listed.get("id").asString()).resolve("state.json");
        JsonNode recorded = JSON.readTree(Files.readString(state));
        assertEquals("running", recorded.get("status").asString(), "nobody recorded the end");
        long pid = listed.get("pid").asLong();
        for (int i = 0; i < 100 && Files.exists(Path.of("/proc", Long.toString(pid))); i++) {
            Thread.sleep(50); // the shim saw its runtime go and killed the container
        }
        JsonNode shown = JSON.readTree(nucleus("ps", "--all", "--json").out()).get(0);
        assertEquals("exited (?)", shown.get("status").asString(), shown.toString());
        assertTrue(shown.get("exit_code").isNull(), "nobody saw how it ended: " + shown);
        List<Path> cgroups = new java.util.ArrayList<>();
        recorded.get("cgroup").get("directories").forEach(d -> cgroups.add(Path.of(d.asString())));
        assertTrue(cgroups.stream().anyMatch(Files::isDirectory), "the dead runtime left its cgroup");
        Nucleus.Result reused = nucleus("run", "-d", "--name", "crash", "--", "/bin/true");
        assertEquals(2, reused.exit(), "the dead container still holds its name: " + reused);
        assertTrue(reused.err().contains("a container named 'crash' exists (exited (?), " + listed.get("id").asString()
                .substring(0, 12) + "); remove it with 'nucleus rm crash'"), reused.toString());
        Nucleus.Result rm = nucleus("rm", "crash");
        assertEquals(0, rm.exit(), rm.toString());
        assertTrue(cgroups.stream().noneMatch(Files::exists), "rm removed the cgroup in every hierarchy: " + cgroups);
    }

    /** 20 runs at once, each kept: all succeed, every state file is whole, names stay unique; rm takes them all. */
    @Test
    void twentyParallelRunsKeepTwentyWholeStates() throws Exception {
        List<CompletableFuture<Nucleus.Result>> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String name = "p" + i;
            runs.add(CompletableFuture.supplyAsync(() -> nucleus("run", "--keep", "--name", name, "--", "/bin/true")));
        }
        for (CompletableFuture<Nucleus.Result> r : runs) {
            assertEquals(0, r.get(60, TimeUnit.SECONDS).exit(), r.get().toString());
        }
        JsonNode all = JSON.readTree(nucleus("ps", "--all", "--json").out());
        assertEquals(20, all.size(), all.toString());
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (JsonNode c : all) {
            assertEquals("exited (0)", c.get("status").asString(), c.toString());
            names.add(c.get("name").asString());
            // every state file parses: ps read them all; check the raw files too
            JSON.readTree(Files.readString(root.resolve(c.get("id").asString()).resolve("state.json")));
        }
        assertEquals(20, names.size(), "unique names: " + names);
        Nucleus.Result clash = nucleus("run", "--name", "p7", "--", "/bin/true");
        assertEquals(2, clash.exit(), "a kept container still owns its name: " + clash);
        String[] rm = new String[21];
        rm[0] = "rm";
        int k = 1;
        for (String n : names) {
            rm[k++] = n;
        }
        assertEquals(0, nucleus(rm).exit());
    }

    @Test
    void aTornStateIsNamedByPsAndRemovedByRmForce() throws Exception {
        Nucleus.Result run = nucleus("run", "--keep", "--name", "torn", "--", "/bin/true");
        assertEquals(0, run.exit(), run.toString());
        String id;
        try (var dirs = Files.list(root)) {
            id = dirs.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9a-f]{32}")).findFirst()
                    .orElseThrow();
        }
        Files.writeString(root.resolve(id).resolve("state.json"), "{\"ociVersion\": "); // as a crash may leave it

        Nucleus.Result ps = nucleus("ps", "--all");
        assertEquals(0, ps.exit(), ps.toString());
        assertFalse(ps.out().contains(id.substring(0, 12)), ps.out());
        assertTrue(ps.err().contains(root.resolve(id) + ": no readable state (")
                && ps.err().contains("remove it with nucleus rm --force " + id), ps.toString());

        Nucleus.Result rm = nucleus("rm", id);
        assertEquals(2, rm.exit(), rm.toString());
        assertTrue(rm.err().contains("has no readable state") && rm.err().contains("rm --force " + id), rm.toString());
        assertEquals(0, nucleus("rm", "--force", id).exit());
        assertEquals("", nucleus("ps", "--all").err());
        assertFalse(Files.exists(root.resolve(id)));
    }

    @Test
    void rmForceOfARunningContainerWithATornStateKillsItThroughItsCgroup() throws Exception {
        Nucleus.Result run = nucleus("run", "-d", "--name", "torn-running", "--", "/bin/sleep", "300");
        assertEquals(0, run.exit(), run.toString());
        String id = run.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        JsonNode state = JSON.readTree(nucleus("state", id).out());
        long pid = state.get("pid").asLong();
        assertTrue(Files.exists(Path.of("/proc/" + pid)), "the workload runs");
        Files.writeString(root.resolve(id).resolve("state.json"), "{\"ociVersion\": "); // torn

        assertEquals(0, nucleus("rm", "--force", id).exit());
        for (int i = 0; i < 100 && Files.exists(Path.of("/proc/" + pid)); i++) {
            Thread.sleep(50);
        }
        assertFalse(Files.exists(Path.of("/proc/" + pid)), "killed with its cgroup, not left running unseen");
        assertFalse(Files.exists(root.resolve(id)));
        assertEquals("", nucleus("ps", "--all").err());
    }
}
