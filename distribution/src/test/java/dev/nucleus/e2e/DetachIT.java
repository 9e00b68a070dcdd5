package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Detached containers (create -d): they outlive the command, are listed, log, stop, restart and
 * are removed; a failed start leaves nothing; many start at once; a killed supervisor leaves a
 * state that ps reports stopped and rm cleans. Each test uses its own --root.
 */
@Tag("root")
class DetachIT {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String TICKER = "trap 'echo bye; exit 3' TERM; echo hello; echo oops >&2; i=0;"
            + " while :; do i=$((i+1)); echo tick $i; sleep 0.2; done";
    Path root;

    @BeforeEach
    void stateDir() throws IOException {
        root = Files.createTempDirectory("nucleus-detach");
    }

    @AfterEach
    void nothingLeft() throws IOException {
        try (var left = Files.list(root)) {
            List<String> names = left.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("names") && !n.equals(".root") && !n.equals(".launch") && !n.equals(".cache")).toList();
            assertEquals(List.of(), names, "every container's directory is gone");
        }
        if (Files.isDirectory(root.resolve(".root"))) {
            try (var mountPoint = Files.list(root.resolve(".root"))) {
                assertEquals(List.of(), mountPoint.toList(), "the shared root mount point stays empty on the host");
            }
        }
        Path launch = root.resolve(".launch");
        if (Files.isDirectory(launch)) {
            try (var files = Files.list(launch)) {
                assertEquals(List.of(), files.toList(), "no launch document is left behind");
            }
        }
        Nucleus.shell("rm -rf '" + root + "'");
    }

    Nucleus.Result nucleus(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--root";
        all[1] = root.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Nucleus.run(all);
    }

    JsonNode ps(boolean all) {
        Nucleus.Result r = all ? nucleus("ps", "--all", "--json") : nucleus("ps", "--json");
        assertEquals(0, r.exit(), r.toString());
        return JSON.readTree(r.out());
    }

    Optional<JsonNode> listed(String name) {
        for (JsonNode c : ps(true)) {
            if (c.get("name").asString().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    String awaitLog(String container, String text) throws InterruptedException {
        String out = "";
        for (int i = 0; i < 100; i++) {
            out = nucleus("logs", container).out();
            if (out.contains(text)) {
                return out;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("'" + text + "' never appeared in the log of " + container + ": " + out);
    }

    @Test
    void aDetachedContainerOutlivesTheCommandLogsStopsAndIsRemoved() throws Exception {
        Nucleus.Result created = nucleus("create", "-d", "--name", "web", "--memory", "64M", "--", "/bin/sh", "-c",
                TICKER);
        assertEquals(0, created.exit(), created.toString());
        String id = created.out().strip();
        assertTrue(id.matches("[0-9a-f]{32}"), "create -d prints the container id: " + created);

        JsonNode web = listed("web").orElseThrow();
        assertEquals("running", web.get("status").asString(), "the container runs after the command exited");
        long supervisor = supervisorOf(id).orElseThrow(() -> new AssertionError("no supervisor for " + id));
        assertEquals(1, ProcessHandle.of(supervisor).flatMap(ProcessHandle::parent).map(ProcessHandle::pid)
                .orElse(-1L), "the supervisor was re-parented to init: it is nobody's child");

        String log = awaitLog("web", "tick 2");
        assertTrue(log.startsWith("hello\n"), log);
        Nucleus.Result both = nucleus("logs", "web");
        assertTrue(both.err().contains("oops"), "stderr goes back to stderr: " + both);
        assertFalse(both.out().contains("oops"), both.toString());
        Nucleus.Result last = nucleus("logs", "-n", "1", "--timestamps", id.substring(0, 8));
        List<String> lines = last.out().lines().toList();
        assertEquals(1, lines.size(), last.toString());
        assertTrue(lines.getFirst().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z tick \\d+"),
                lines.getFirst());

        CompletableFuture<Nucleus.Result> follow = CompletableFuture.supplyAsync(() -> nucleus("logs", "-f", "-n", "0",
                "web"));
        Thread.sleep(1000);
        long before = System.nanoTime();
        Nucleus.Result stop = nucleus("stop", "--timeout", "5", "web");
        long tookMillis = (System.nanoTime() - before) / 1_000_000;
        assertEquals(0, stop.exit(), stop.toString());
        assertTrue(tookMillis < 5000, "the workload handles TERM, so stop does not wait for the timeout: " + tookMillis);
        Nucleus.Result followed = follow.get();
        assertEquals(0, followed.exit(), "logs -f ends when the container stops: " + followed);
        assertTrue(followed.out().contains("tick"), "logs -f streamed new output: " + followed);
        assertTrue(followed.out().contains("bye"), "and the last words after stop: " + followed);
        assertFalse(followed.out().contains("hello"), "-n 0 skips what was there: " + followed);

        JsonNode stopped = listed("web").orElseThrow();
        assertEquals("exited (3)", stopped.get("status").asString(), stopped.toString());
        assertEquals(3, stopped.get("exit_code").asInt(), stopped.toString());
        assertTrue(ps(false).isEmpty(), "ps without --all lists running containers only");
        assertTrue(nucleus("logs", "web").out().contains("bye"), "the log stays until rm");
        awaitGone(supervisor);

        assertEquals(0, nucleus("rm", "web").exit());
        assertTrue(ps(true).isEmpty());
        assertEquals(2, nucleus("logs", "web").exit(), "nothing left to read");
    }

    @Test
    void logsFollowGetsEveryLineAWorkloadWroteJustBeforeItEnded() throws Exception {
        // The supervisor records the end only once the log pumps have written what the workload
        // printed: logs -f, which follows until that end, never stops short of the last lines.
        for (int round = 0; round < 3; round++) {
            String name = "burst" + round;
            Nucleus.Result created = nucleus("run", "-d", "--name", name, "--", "/bin/sh", "-c",
                    "sleep 1; seq -f 'line %g' 0 2999; seq -f 'err %g' 0 499 >&2");
            assertEquals(0, created.exit(), created.toString());
            Nucleus.Result followed = nucleus("logs", "-f", name);
            assertEquals(0, followed.exit(), followed.toString());
            List<String> out = followed.out().lines().toList();
            assertEquals(3000, out.size(), "every line: " + out.subList(Math.max(0, out.size() - 3), out.size()));
            assertEquals("line 2999", out.getLast());
            assertTrue(followed.err().contains("err 499"), "and the last of stderr: " + followed.err().length());
            assertEquals(0, nucleus("rm", name).exit());
        }
    }

    @Test
    void aStartThatFailsReportsWhyWithItsStatusAndLeavesNothing() throws IOException {
        Nucleus.Result missing = nucleus("create", "-d", "--", "/no/such/program");
        assertEquals(127, missing.exit(), missing.toString());
        assertTrue(missing.err().contains("/no/such/program"), missing.toString());
        assertEquals("", missing.out(), "no id for a container that does not exist");

        // A poststart hook is part of the start: its failure is the start's, reported, not an id.
        Path hooks = Nucleus.tempFile("poststart", ".json");
        Files.writeString(hooks, "{\"poststart\": [{\"path\": \"/bin/sh\", \"args\": [\"sh\", \"-c\", \"exit 4\"]}]}");
        Nucleus.Result poststart = nucleus("run", "-d", "--hooks", hooks.toString(), "--", "/bin/sleep", "30");
        assertEquals(125, poststart.exit(), poststart.toString());
        assertTrue(poststart.err().contains("hook poststart[0] /bin/sh failed with exit status 4"), poststart.toString());
        assertEquals("", poststart.out(), "no id for a start that failed");
        assertTrue(ps(true).isEmpty(), "nothing left behind");

        Nucleus.Result fd = nucleus("--events-fd", "3", "create", "-d", "--", "/bin/true");
        assertEquals(2, fd.exit(), fd.toString());
        assertTrue(fd.err().contains("--events-fd cannot be combined with --detach"), fd.toString());

        Nucleus.Result tty = nucleus("create", "-d", "-t", "--", "/bin/sh");
        assertEquals(2, tty.exit(), tty.toString());
        assertTrue(tty.err().contains("--terminal"), tty.toString());

        Nucleus.Result restartAlone = nucleus("run", "--restart", "on-failure", "--", "/bin/true");
        assertEquals(2, restartAlone.exit(), restartAlone.toString());
        Nucleus.Result badPolicy = nucleus("create", "-d", "--restart", "always-ish", "--", "/bin/true");
        assertEquals(2, badPolicy.exit(), badPolicy.toString());
        assertTrue(badPolicy.err().contains("--restart"), badPolicy.toString());

        assertTrue(ps(true).isEmpty(), "nothing was created");
    }

    @Test
    void onFailureRestartsUpToTheLimitAndKeepsTheLastExit() throws Exception {
        Nucleus.Result created = nucleus("create", "-d", "--name", "flaky", "--restart", "on-failure:2", "--",
                "/bin/sh", "-c", "echo attempt; sleep 0.3; exit 4");
        assertEquals(0, created.exit(), created.toString());
        String id = created.out().strip();
        for (int i = 0; i < 150 && supervisorOf(id).isPresent(); i++) {
            Thread.sleep(100);
        }
        assertTrue(supervisorOf(id).isEmpty(), "the supervisor gives up after two restarts");
        String log = nucleus("logs", "flaky").out();
        assertEquals(3, log.lines().filter(l -> l.equals("attempt")).count(), "one start and two restarts: " + log);
        JsonNode flaky = listed("flaky").orElseThrow();
        assertEquals(4, flaky.get("exit_code").asInt(), flaky.toString());
        assertEquals(0, nucleus("rm", "flaky").exit());
    }

    /** A workload stopped as unhealthy failed, though it exits 0 on SIGTERM: on-failure starts it again. */
    @Test
    void onFailureRestartsAWorkloadStoppedAsUnhealthyThatExitsZero() throws Exception {
        Nucleus.Result created = nucleus("create", "-d", "--name", "sick", "--restart", "on-failure:1",
                "--health-cmd", "exit 1", "--health-interval", "1", "--health-retries", "1", "--health-start-period",
                "1", "--", "/bin/sh", "-c", "trap 'exit 0' TERM; echo attempt; sleep 100 & wait");
        assertEquals(0, created.exit(), created.toString());
        String id = created.out().strip();
        for (int i = 0; i < 300 && supervisorOf(id).isPresent(); i++) {
            Thread.sleep(100);
        }
        assertTrue(supervisorOf(id).isEmpty(), "the supervisor gives up after one restart");
        Nucleus.Result logs = nucleus("logs", "sick");
        assertEquals(2, logs.out().lines().filter(l -> l.equals("attempt")).count(), "a start and a restart: " + logs);
        assertTrue(logs.err().contains("was stopped as unhealthy and exited with 0; restart 1 of 1"), logs.toString());
        assertEquals(0, nucleus("rm", "sick").exit());
    }

    /** The stop comes while the supervisor waits before a restart: nothing to signal, and no restart follows. */
    @Test
    void aStopWhileTheSupervisorWaitsToRestartEndsTheRestarts() throws Exception {
        Nucleus.Result created = nucleus("create", "-d", "--name", "rs", "--restart", "on-failure", "--",
                "/bin/sh", "-c", "echo attempt; sleep 0.5; exit 3");
        assertEquals(0, created.exit(), created.toString());
        String id = created.out().strip();
        String status = "";
        for (int i = 0; i < 100 && !status.equals("exited (3)"); i++) {
            status = listed("rs").orElseThrow().get("status").asString();
            Thread.sleep(20);
        }
        assertEquals("exited (3)", status, "the first run ended; its restart is 1 s away");
        Nucleus.Result stop = nucleus("stop", "-t", "1", "rs");
        assertEquals(0, stop.exit(), stop.toString());
        for (int i = 0; i < 50 && supervisorOf(id).isPresent(); i++) {
            Thread.sleep(100);
        }
        assertTrue(supervisorOf(id).isEmpty(), "the supervisor ends without restarting it");
        long attempts = nucleus("logs", "rs").out().lines().filter(l -> l.equals("attempt")).count();
        Thread.sleep(2_500); // longer than the next pause (2 s)
        assertEquals(attempts, nucleus("logs", "rs").out().lines().filter(l -> l.equals("attempt")).count(),
                "no restart after the stop");
        JsonNode rs = listed("rs").orElseThrow();
        assertEquals("exited (3)", rs.get("status").asString(), rs.toString());
        assertEquals(0, nucleus("rm", "rs").exit());
    }

    @Test
    void twentyDetachedAndTwentyForegroundStartsAtOnceAllSucceedWithUniqueNames() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(40); // the common pool has one thread on 2 cores
        List<CompletableFuture<Nucleus.Result>> starts = new ArrayList<>();
        IntStream.range(0, 20).forEach(i -> starts.add(CompletableFuture.supplyAsync(() ->
                nucleus("create", "-d", "--name", "d" + i, "--", "/bin/sleep", "60"), pool)));
        IntStream.range(0, 20).forEach(i -> starts.add(CompletableFuture.supplyAsync(() ->
                nucleus("run", "--name", "f" + i, "--", "/bin/sh", "-c", "echo f" + i), pool)));
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < starts.size(); i++) {
            Nucleus.Result r = starts.get(i).get();
            assertEquals(0, r.exit(), "start " + i + ": " + r);
            if (i < 20) {
                ids.add(r.out().strip());
            } else {
                assertEquals("f" + (i - 20) + "\n", r.out(), r.toString());
            }
        }
        pool.shutdown();
        assertEquals(20, ids.size(), "twenty different ids");
        JsonNode running = ps(false);
        assertEquals(20, running.size(), running.toString());
        Set<String> names = new HashSet<>();
        running.forEach(c -> names.add(c.get("name").asString()));
        assertEquals(20, names.size(), "names are unique and every state file parses: " + names);
        List<CompletableFuture<Nucleus.Result>> removals = new ArrayList<>();
        for (String name : names) {
            removals.add(CompletableFuture.supplyAsync(() -> nucleus("rm", "--force", name)));
        }
        for (var r : removals) {
            assertEquals(0, r.get().exit(), r.get().toString());
        }
        assertTrue(ps(true).isEmpty());
    }

    @Test
    void aKilledSupervisorLeavesAStateThatPsReportsStoppedAndRmCleans() throws Exception {
        Nucleus.Result created = nucleus("create", "-d", "--memory", "32M", "--", "/bin/sleep", "300");
        assertEquals(0, created.exit(), created.toString());
        String id = created.out().strip();
        long supervisor = supervisorOf(id).orElseThrow();
        long workload = listed(id.substring(0, 12)).orElseThrow().get("pid").asLong();
        assertTrue(ProcessHandle.of(workload).isPresent());

        Nucleus.shell("kill -9 " + supervisor);
        awaitGone(supervisor);
        for (int i = 0; i < 50 && ProcessHandle.of(workload).isPresent(); i++) {
            Thread.sleep(100);
        }
        assertFalse(ProcessHandle.of(workload).isPresent(), "the workload dies with its supervisor (fail closed)");
        JsonNode c = listed(id.substring(0, 12)).orElseThrow();
        assertEquals("stopped", c.get("oci_status").asString(), c.toString());
        assertTrue(ps(false).isEmpty());

        Nucleus.Result rm = nucleus("rm", id);
        assertEquals(0, rm.exit(), rm.toString());
        assertTrue(ps(true).isEmpty());
        Nucleus.Result cgroups = Nucleus.shell("find /sys/fs/cgroup -maxdepth 6 -type d -name '*" + id.substring(0, 12)
                + "*' | head -5");
        assertEquals("", cgroups.out().strip(), "rm removed the container's cgroups");
    }

    /**
     * A supervisor killed while it sets the container up (here in a createRuntime hook) cannot
     * remove what it made: the waiting create -d does, as rm --force would, and reports 125.
     */
    @Test
    void aSupervisorKilledDuringTheSetUpLeavesNothing() throws Exception {
        Path files = Files.createTempDirectory("nucleus-detach-hook");
        Path hook = Files.writeString(files.resolve("slow-hook.sh"), "#!/bin/sh\nsleep 30\n");
        Files.setPosixFilePermissions(hook, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path hooks = Files.writeString(files.resolve("hooks.json"),
                "{\"createRuntime\": [{\"path\": \"" + hook + "\"}]}");
        String parent = "nucleus-detachit-" + ProcessHandle.current().pid();
        try {
            Process create = new ProcessBuilder(Nucleus.BIN.toString(), "--root", root.toString(), "create", "-d", "--name",
                    "half", "--cgroup-parent", parent, "--hooks", hooks.toString(), "--", "/bin/sleep", "300")
                    .redirectErrorStream(true).start();
            String launches = root.resolve(".launch") + "/";
            Optional<Long> supervisor = Optional.empty();
            for (int i = 0; i < 100 && supervisor.isEmpty(); i++) {
                Thread.sleep(100);
                supervisor = ProcessHandle.allProcesses()
                        .filter(p -> p.info().arguments()
                                .map(a -> a.length > 0 && a[a.length - 1].startsWith(launches)).orElse(false))
                        .map(ProcessHandle::pid).findFirst();
            }
            // in its hook: the cgroups are made, the state says creating
            for (int i = 0; i < 100 && Nucleus.shell("pgrep -f 'slow-hook[.]sh'").out().isBlank(); i++) {
                Thread.sleep(100);
            }
            Nucleus.shell("kill -9 " + supervisor.orElseThrow() + "; pkill -9 -f 'slow-hook[.]sh'");
            assertTrue(create.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
            String said = new String(create.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(125, create.exitValue(), said);
            assertTrue(ps(true).isEmpty(), "no container is left");
            Nucleus.Result cgroups = Nucleus.shell("find /sys/fs/cgroup -mindepth 2 -maxdepth 7 -path '*" + parent + "/*'"
                    + " -type d | head -5");
            assertEquals("", cgroups.out().strip(), "nor its cgroups");
            Nucleus.Result again = nucleus("create", "-d", "--name", "half", "--", "/bin/true");
            assertEquals(0, again.exit(), "nor its name (a killed supervisor, even unreaped, holds none): " + again);
            assertEquals(0, nucleus("rm", "--force", "half").exit());
        } finally { // the parent cgroups and the hook, also after a failure
            Nucleus.shell("find /sys/fs/cgroup -maxdepth 6 -type d -name '" + parent + "' -exec rmdir {} \\; 2>/dev/null;"
                    + " rm -rf '" + files + "'");
        }
    }

    /** The pid of the supervisor of container {@code id} (its argv names the launch file). */
    Optional<Long> supervisorOf(String id) {
        String marker = ".launch/" + id + ".json";
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> a.length > 0 && a[a.length - 1].endsWith(marker))
                        .orElse(false))
                .map(ProcessHandle::pid).findFirst();
    }

    static void awaitGone(long pid) throws InterruptedException {
        for (int i = 0; i < 100 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(50);
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " ended");
    }
}
