package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Limits on this machine's v1 controllers, proven by the workload's fate and the summary event. */
@Tag("root")
class ResourcesIT {
    static final JsonMapper JSON = JsonMapper.builder().build();

    static JsonNode summary(Path events) throws IOException {
        List<String> lines = Files.readAllLines(events);
        JsonNode last = JSON.readTree(lines.getLast());
        assertEquals("container_summary", last.get("type").asString(), lines.toString());
        return last;
    }

    @Test
    void aWorkloadOverItsMemoryLimitIsOomKilledAndTheSummarySaysSo(@TempDir Path dir) throws IOException {
        Path events = dir.resolve("oom.jsonl");
        Nucleus.Result r = Nucleus.run("--events-jsonl", events.toString(), "run", "--memory", "64M", "--",
                "python3", "-c", "b = bytearray(256 << 20); print('allocated', len(b))");
        assertEquals(137, r.exit(), r.toString());
        assertTrue(r.err().contains("nucleus: out of memory: the kernel's OOM killer killed a process of container "),
                "the status alone does not say why: " + r);
        assertTrue(r.err().contains(" at its --memory 64M limit\n"), r.toString());
        JsonNode summary = summary(events);
        assertEquals(137, summary.get("exit_status").get("code").asInt());
        assertTrue(summary.get("oom_killed").asBoolean(), summary.toString());
        assertTrue(summary.get("resource_stats").get("oom_kills").asLong() >= 1, summary.toString());
        assertEquals(64L << 20, summary.get("resource_stats").get("memory_limit").asLong());
    }

    /**
     * Without an event stream the launch reads no resource use but the OOM kill count, which the
     * state and the audit log still carry.
     */
    @Test
    void withoutEventsTheOomKillStillReachesTheStateAndTheAuditLog(@TempDir Path dir) throws IOException {
        Path audit = dir.resolve("audit.jsonl");
        Nucleus.Result r = Nucleus.run("--root", dir.resolve("state").toString(), "--audit-log", audit.toString(),
                "run", "--keep", "--name", "oom-quiet", "--memory", "64M", "--", "python3", "-c",
                "b = bytearray(256 << 20)");
        assertEquals(137, r.exit(), r.toString());
        String log = Files.readString(audit);
        assertTrue(log.contains("\"detail\":\"exit 137 (OOM killed)\""), log);
        JsonNode kept = JSON.readTree(Nucleus.run("--root", dir.resolve("state").toString(), "ps", "--all", "--json")
                .out()).get(0);
        assertTrue(kept.get("oom_killed").asBoolean(), kept.toString());
        Nucleus.run("--root", dir.resolve("state").toString(), "rm", "oom-quiet");
    }

    /** A detached container's supervisor says it in the container's log, where `logs` shows it. */
    @Test
    void aDetachedContainersOomKillIsInItsLog(@TempDir Path dir) throws Exception {
        String state = dir.resolve("state").toString();
        Nucleus.Result r = Nucleus.run("--root", state, "run", "-d", "--name", "oom-log", "--memory", "64M", "--",
                "python3", "-c", "print('allocating', flush=True); b = bytearray(256 << 20)");
        assertEquals(0, r.exit(), r.toString());
        Nucleus.Result logs = Nucleus.run("--root", state, "logs", "oom-log");
        for (int i = 0; i < 100 && !logs.err().contains("out of memory"); i++) {
            Thread.sleep(100);
            logs = Nucleus.run("--root", state, "logs", "oom-log");
        }
        assertEquals("allocating\n", logs.out(), logs.toString());
        assertTrue(logs.err().contains("nucleus: out of memory: the kernel's OOM killer killed a process of container"
                + " oom-log at its --memory 64M limit"), logs.toString());
        assertEquals(0, Nucleus.run("--root", state, "rm", "--force", "oom-log").exit());
    }

    @Test
    void withinItsLimitNoOomIsReported(@TempDir Path dir) throws IOException {
        Path events = dir.resolve("fine.jsonl");
        Nucleus.Result r = Nucleus.run("--events-jsonl", events.toString(), "run", "--memory", "64M", "--",
                "python3", "-c", "b = bytearray(8 << 20)");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(false, summary(events).get("oom_killed").asBoolean());
        assertFalse(r.err().contains("out of memory"), r.toString());
    }

    /** A busy loop for 3 s under --cpus 0.5 gets half a CPU: CPU time is 0.5 ± 0.1 of the wall time. */
    @Test
    void halfACpuIsHalfTheWallTime(@TempDir Path dir) throws IOException {
        Path events = dir.resolve("cpu.jsonl");
        Nucleus.Result r = Nucleus.run("--events-jsonl", events.toString(), "run", "--cpus", "0.5", "--",
                "python3", "-c", "import time\nt = time.monotonic()\nwhile time.monotonic() - t < 3: pass\n"
                        + "print(time.monotonic() - t)");
        assertEquals(0, r.exit(), r.toString());
        double wall = Double.parseDouble(r.out().strip());
        double cpu = summary(events).get("resource_stats").get("cpu_usage_ns").asLong() / 1e9;
        double share = cpu / wall;
        assertTrue(share > 0.4 && share < 0.6, "CPU " + cpu + " s over " + wall + " s = " + share);
    }

    /** --cgroup-parent places the container's cgroup at that path beneath the caller's own, in every hierarchy it uses. */
    @Test
    void aCgroupParentIsUsedInEveryHierarchy() throws IOException {
        String parent = "nucleus-it-" + ProcessHandle.current().pid();
        Nucleus.Result r = Nucleus.run("run", "--cgroup-parent", parent + "/team", "--memory", "64M", "--cpus", "1",
                "--disable-cgroup-namespace", "--", "cat", "/proc/self/cgroup");
        try {
            assertEquals(0, r.exit(), r.toString());
            List<String> ours = r.out().lines().filter(l -> l.matches("\\d+:(memory|pids|cpu,cpuacct|cpu|blkio):.*"))
                    .toList();
            assertTrue(!ours.isEmpty(), r.out());
            for (String line : ours) {
                assertTrue(line.matches(".*/" + parent + "/team/[0-9a-f]{32}"), "beneath the parent: " + line);
            }
            // Without a CPU limit the container stays in its caller's cpu cgroup (no group scheduling of its own).
            Nucleus.Result unlimited = Nucleus.run("run", "--cgroup-parent", parent + "/team", "--memory", "64M",
                    "--disable-cgroup-namespace", "--", "cat", "/proc/self/cgroup");
            assertEquals(0, unlimited.exit(), unlimited.toString());
            String ownCpu = Files.readAllLines(Path.of("/proc/self/cgroup")).stream()
                    .filter(l -> l.matches("\\d+:cpu:.*")).findFirst().orElseThrow();
            assertTrue(unlimited.out().lines().anyMatch(ownCpu::equals), ownCpu + " in " + unlimited.out());
            assertTrue(unlimited.out().lines().anyMatch(l -> l.matches("\\d+:memory:.*/" + parent
                    + "/team/[0-9a-f]{32}")), unlimited.out());
        } finally {
            // The levels of the parent stay for later containers, as nucleus/ does; the test removes its own.
            try (var dirs = Files.find(Path.of("/sys/fs/cgroup"), 6, (p, a) -> a.isDirectory()
                    && p.getFileName().toString().equals(parent))) {
                for (Path p : dirs.toList()) {
                    Files.deleteIfExists(p.resolve("team"));
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * On cgroup v1 --cpu-weight is cpu.shares on the kernel's own scale: the default weight 100 is
     * the default share 1024 (runc's linear map made it 2597), 50 is half of it.
     */
    @Test
    void theDefaultCpuWeightIsTheDefaultShare(@TempDir Path dir) throws IOException {
        String state = dir.resolve("state").toString();
        String cpuCgroup = GvisorSandbox.ownCgroup("cpu");
        for (String[] weightShares : new String[][]{{"100", "1024"}, {"50", "512"}}) {
            Nucleus.Result started = Nucleus.run("--root", state, "run", "-d", "--cpu-weight", weightShares[0], "--",
                    "/bin/sleep", "60");
            assertEquals(0, started.exit(), started.toString());
            String id = started.out().strip();
            try {
                Path cpu = Path.of("/sys/fs/cgroup/cpu" + cpuCgroup).resolve("nucleus").resolve(id);
                assertEquals(weightShares[1], Files.readString(cpu.resolve("cpu.shares")).strip(),
                        "--cpu-weight " + weightShares[0]);
            } finally {
                assertEquals(0, Nucleus.run("--root", state, "rm", "--force", id).exit());
            }
        }
    }

    /** --pids 32 and a fork loop: forks fail once 32 processes exist; the host goes on forking. */
    @Test
    void thePidsLimitStopsAForkLoopAt32() {
        Nucleus.Result r = Nucleus.run("run", "--pids", "32", "--", "python3", "-c", String.join("\n",
                "import os, time",
                "children = 0",
                "for i in range(100):",
                "    try:",
                "        pid = os.fork()",
                "    except OSError as e:",
                "        print('fork failed:', e.strerror)",
                "        break",
                "    if pid == 0:",
                "        time.sleep(3)",
                "        os._exit(0)",
                "    children += 1",
                "print('children', children)"));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("fork failed: Resource temporarily unavailable"), r.toString());
        assertTrue(r.out().contains("children 31\n"), "python and 31 children make 32: " + r);
        assertEquals(0, Nucleus.run("run", "--", "/bin/true").exit(), "the host and the next container are fine");
    }
}
