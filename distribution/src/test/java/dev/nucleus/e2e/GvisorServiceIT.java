package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A --runtime gvisor container as a service: signals sent to Nucleus reach the sandboxed
 * workload; ps, stop, kill, rm, logs and detached starts see it as a native one; hooks, a
 * terminal, a console socket, pid files and credentials; health checks and readiness probes run
 * inside it; its limits, stats and --cgroup-parent come from the cgroups runsc made.
 */
class GvisorServiceIT extends GvisorSandbox {
    @Test
    void sigtermToNucleusReachesTheWorkloadInsideTheSandbox() throws Exception {
        assertSignalReachesTheSandboxedWorkload("TERM", 42);
    }

    /** The JVM keeps SIGQUIT for thread dumps; a foreground gVisor run hands it to the workload instead. */
    @Test
    void sigquitToNucleusReachesTheWorkloadNotAThreadDump() throws Exception {
        assertSignalReachesTheSandboxedWorkload("QUIT", 43);
    }

    private void assertSignalReachesTheSandboxedWorkload(String signal, int status) throws Exception {
        WorkloadSignals.assertReachesTheWorkload(List.of("--root", dir.resolve("state").toString(), "run",
                "--runtime", "gvisor", "--rootfs", rootfs.toString()), signal, status);
    }

    @Test
    void psStopKillAndRmSeeAGvisorContainerAsTheySeeANativeOne() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        // "running" is the sandbox's process started, not its trap set: the workload says when it is
        Path ready = Files.createDirectories(dir.resolve("ready"));
        var graceful = java.util.concurrent.CompletableFuture.supplyAsync(() -> nucleus("run", "--runtime", "gvisor",
                "--rootfs", rootfs.toString(), "--name", "gv1", "--volume", ready + ":/ready", "--", "/bin/sh", "-c",
                "trap 'echo bye; exit 9' TERM; touch /ready/gv1; while true; do sleep 0.2; done"), pool);
        var killed = java.util.concurrent.CompletableFuture.supplyAsync(() -> nucleus("run", "--runtime", "gvisor",
                "--rootfs", rootfs.toString(), "--name", "gv2", "--keep", "--", "/bin/sh", "-c",
                "while true; do sleep 0.2; done"), pool);
        String ps = "";
        for (int i = 0; i < 300 && !(ps.contains("gv1") && ps.contains("gv2") && Files.exists(ready.resolve("gv1"))); i++) {
            Thread.sleep(100);
            ps = nucleus("ps", "--format", "NAME,STATUS,RUNTIME").out();
        }
        assertTrue(ps.matches("(?s).*gv1\\s+running\\s+gvisor.*") && ps.matches("(?s).*gv2\\s+running\\s+gvisor.*"),
                ps + "\ngv1: " + graceful.getNow(null) + "\ngv2: " + killed.getNow(null));

        assertEquals(0, nucleus("stop", "--timeout", "10", "gv1").exit());
        Nucleus.Result stopped = graceful.get();
        assertEquals(9, stopped.exit(), "TERM reached the workload inside the sandbox: " + stopped);
        assertTrue(stopped.out().contains("bye"), stopped.toString());

        assertEquals(0, nucleus("kill", "gv2").exit(), "KILL reaches the workload inside the sandbox");
        assertEquals(137, killed.get().exit(), "the runtime outlives its workload and reports its end");
        pool.shutdown();
        Nucleus.Result all = nucleus("ps", "--all", "--format", "NAME,STATUS");
        assertTrue(all.out().contains("exited (137)"), "recorded by its runtime: " + all);
        assertEquals(0, nucleus("rm", "gv2").exit());
        assertTrue(nucleus("ps", "--all", "--json").out().strip().equals("[ ]"), "rm removed every trace");
    }

    /**
     * A detached start that never runs its workload is the start's failure, as natively: 127 for a
     * program that is not there, 126 for one that cannot run, 125 for a sandbox that cannot boot in
     * its memory; each says why, and leaves no container, name or runsc file.
     */
    @Test
    void aDetachedStartThatNeverRunsFailsAndLeavesNothing() throws Exception {
        Nucleus.Result missing = nucleus("run", "-d", "--runtime", "gvisor", "--rootfs", rootfs.toString(), "--name",
                "gvmiss", "--", "/bin/nonexistent");
        assertEquals(127, missing.exit(), missing.toString());
        assertTrue(missing.err().contains("/bin/nonexistent: no such file or directory"), missing.toString());
        Nucleus.Result directory = nucleus("run", "-d", "--runtime", "gvisor", "--rootfs", rootfs.toString(), "--",
                "/bin");
        assertEquals(126, directory.exit(), directory.toString());
        Nucleus.Result tooSmall = nucleus("run", "-d", "--runtime", "gvisor", "--memory", "6M", "--", "/bin/true");
        assertEquals(125, tooSmall.exit(), tooSmall.toString());
        assertTrue(tooSmall.err().contains("the sandbox ended before its workload started"), tooSmall.toString());
        assertTrue(tooSmall.err().contains("the kernel's OOM killer killed it at its --memory limit"), tooSmall.toString());
        Nucleus.Result foreground = nucleus("run", "--runtime", "gvisor", "--memory", "6M", "--name", "gvsmall", "--keep",
                "--", "/bin/true");
        assertEquals(137, foreground.exit(), foreground.toString());
        assertTrue(foreground.err().matches("(?s).*nucleus: out of memory: the kernel's OOM killer killed (a process|\\d+"
                + " processes) of container gvsmall at its --memory 6M limit \\(gVisor's sandbox, its kernel included,"
                + " counts against it\\).*"), "said, not a bare 137: " + foreground);
        assertTrue(nucleus("ps", "--all", "--json").out().replace(" ", "").contains("\"oom_killed\":true"),
                "recorded too");
        assertEquals(0, nucleus("rm", "gvsmall").exit());
        assertEquals(1, nucleus("ps", "--all").out().lines().count(), "no container is left (only the header)");
        try (var left = Files.list(dir.resolve("state/runsc"))) {
            assertEquals(List.of(), left.toList(), "nor a runsc lock file or socket");
        }
        Nucleus.Result again = nucleus("run", "-d", "--runtime", "gvisor", "--rootfs", rootfs.toString(), "--name",
                "gvmiss", "--", "/bin/sleep", "30");
        assertEquals(0, again.exit(), "the name is free: " + again);
        assertEquals(0, nucleus("rm", "--force", "gvmiss").exit());
    }

    @Test
    void aDetachedGvisorContainerLogsStopsAndIsRemoved() throws Exception {
        Nucleus.Result created = nucleus("create", "-d", "--runtime", "gvisor", "--rootfs", rootfs.toString(), "--name",
                "gvd", "--", "/bin/sh", "-c", "trap 'echo bye; exit 5' TERM; dmesg | head -1; while true; do sleep 0.2; done");
        assertEquals(0, created.exit(), created.toString());
        String log = "";
        for (int i = 0; i < 50 && !log.contains("Starting gVisor"); i++) {
            Thread.sleep(100);
            log = nucleus("logs", "gvd").out();
        }
        assertTrue(log.contains("Starting gVisor"), "the sandbox's output is in the container log: " + log);
        // runsc made the sandbox's cgroups beneath ours (the caller's) in every hierarchy, and nowhere else
        List<Path> cgroups = ownSandboxCgroups();
        assertTrue(cgroups.stream().anyMatch(c -> c.startsWith("/sys/fs/cgroup/memory"))
                && cgroups.stream().anyMatch(c -> c.startsWith("/sys/fs/cgroup/pids")), cgroups.toString());
        for (Path c : cgroups) {
            String mount = c.getName(3).toString();
            Path ours = Path.of("/sys/fs/cgroup", mount, ownCgroup(mount));
            assertEquals(ours.resolve("nucleus"), c.getParent(), c + " is beneath this process's cgroup in " + mount);
        }
        assertTrue(nucleus("ps", "--format", "NAME,STATUS,RUNTIME").out().matches("(?s).*gvd\\s+running\\s+gvisor.*"));
        Nucleus.Result attached = nucleus("attach", "gvd", "--", "/bin/sh", "-c",
                "id -u; hostname; grep -E '^CapEff' /proc/self/status; exit 4");
        assertEquals(4, attached.exit(), "runsc exec's exit status: " + attached);
        assertEquals("0\ngvd\nCapEff:\t0000000000000000\n", attached.out(),
                "the workload's own user (root here), the container's hostname, no capability: " + attached);
        assertEquals(0, nucleus("stop", "--timeout", "10", "gvd").exit());
        String all = "";
        for (int i = 0; i < 50 && !all.contains("exited (5)"); i++) {
            Thread.sleep(100);
            all = nucleus("ps", "--all", "--format", "NAME,STATUS").out();
        }
        assertTrue(all.contains("exited (5)"), all);
        assertTrue(nucleus("logs", "gvd").out().contains("bye"));
        assertEquals(0, nucleus("rm", "gvd").exit());
    }

    @Test
    void runscRunsTheHooksItCanWithTheOciStateAndRefusesThoseInsideTheSandbox() throws IOException {
        Path rec = HooksIT.recorder(dir);
        Path out = dir.resolve("calls.txt");
        Path hooks = Files.writeString(dir.resolve("hooks.json"), "{\"hooks\": {"
                + "\"createRuntime\": [" + HooksIT.hook(rec, "createRuntime", out.toString()) + "],"
                + "\"poststart\": [" + HooksIT.hook(rec, "poststart", out.toString()) + "],"
                + "\"poststop\": [" + HooksIT.hook(rec, "poststop", out.toString()) + "]}}");
        Nucleus.Result r = nucleus("run", "--runtime", "gvisor", "--rootfs", rootfs.toString(), "--hooks",
                hooks.toString(), "--", "/bin/sh", "-c", "exit 4");
        assertEquals(4, r.exit(), r.toString());
        List<String> calls = Files.readAllLines(out);
        assertEquals(3, calls.size(), calls.toString());
        assertTrue(calls.get(0).startsWith("createRuntime created "), calls.toString());
        // runsc hands poststart the state it saved before starting ("created"; runc says "running")
        assertTrue(calls.get(1).matches("poststart (created|running) .*"), calls.toString());
        assertTrue(calls.get(2).startsWith("poststop stopped "), calls.toString());
        for (String call : calls) {
            assertTrue(call.contains(" set "), "the hook's own environment: " + call);
        }

        Path inside = Files.writeString(dir.resolve("inside.json"), "{\"hooks\": {\"startContainer\": ["
                + HooksIT.hook(rec, "startContainer", out.toString()) + "]}}");
        Nucleus.Result refused = nucleus("run", "--runtime", "gvisor", "--rootfs", rootfs.toString(), "--hooks",
                inside.toString(), "--", "/bin/true");
        assertEquals(2, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("startContainer hooks cannot run with --runtime gvisor")
                && refused.err().contains("use createRuntime hooks, or the native runtime"), refused.toString());
    }

    @Test
    void terminalGivesTheSandboxedWorkloadATtyOfTheRequestedSize() {
        // The host view, for coreutils' stty (busybox's fails on gVisor's host-backed tty). runsc
        // makes the pty itself and ignores the spec's consoleSize: the relay sizes the master.
        Nucleus.Result r = Nucleus.shell("COLUMNS=100 LINES=40 \"$NUCLEUS\" --root " + dir.resolve("state")
                + " run --runtime gvisor -t -- /bin/sh -c"
                + " 'test -t 0 && test -t 1 && echo tty; stty size; exit 6' </dev/null");
        assertEquals(6, r.exit(), r.toString());
        assertEquals("tty\r\n40 100\r\n", r.out(), "runsc's pty, relayed: " + r);
    }

    @Test
    void consoleSocketReceivesTheSandboxsPtyMaster() throws Exception {
        Path receiver = TerminalIT.consoleReceiver(dir);
        Path socket = dir.resolve("console.sock");
        Process python = new ProcessBuilder("python3", receiver.toString(), socket.toString()).start();
        var lines = new java.io.BufferedReader(new java.io.InputStreamReader(python.getInputStream()));
        assertEquals("listening", lines.readLine());
        Nucleus.Result r = nucleus("run", "--runtime", "gvisor", "--rootfs", rootfs.toString(), "--console-socket",
                socket.toString(), "--", "/bin/sh", "-c", "test -t 0 && echo on-the-console");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("", r.out(), "the workload's output went to the console: " + r);
        assertTrue(python.waitFor(20, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("on-the-console", lines.readLine());
    }

    @Test
    void aPidFileProviderConfigsAndSystemdCredentialsReachTheSandbox() throws Exception {
        Path pid = dir.resolve("sandbox.pid");
        Path netrc = Files.writeString(dir.resolve("netrc"), "machine example.test\n");
        Path gh = Files.createDirectories(dir.resolve("gh"));
        Files.writeString(gh.resolve("hosts.yml"), "github.com: {}\n");
        Path creds = Files.createDirectories(dir.resolve("creds"));
        Files.writeString(creds.resolve("db-url"), "postgres://db\n");
        // The workload reports what it sees, then lingers so that the pid file can be read while it runs.
        var running = java.util.concurrent.CompletableFuture.supplyAsync(() -> Nucleus.shell("CREDENTIALS_DIRECTORY="
                + creds + " \"$NUCLEUS\" --root " + dir.resolve("state") + " run --runtime gvisor --rootfs " + rootfs
                + " --pid-file " + pid + " --provider-config-ro " + netrc + ":.netrc --provider-config-rw " + gh
                + ":.config/gh --systemd-credential db-url:/run/secrets/db -- /bin/sh -c 'cat $HOME/.netrc"
                + " $HOME/.config/gh/hosts.yml /run/secrets/db; echo new >> $HOME/.config/gh/hosts.yml;"
                + " echo x >> $HOME/.netrc 2>/dev/null || echo netrc read-only; sleep 2'"));
        long sandbox = 0;
        for (int i = 0; i < 100 && sandbox == 0; i++) {
            Thread.sleep(100);
            if (Files.exists(pid) && !Files.readString(pid).isBlank()) {
                sandbox = Long.parseLong(Files.readString(pid).strip());
            }
        }
        assertTrue(sandbox > 1, "runsc wrote the pid file while the sandbox ran");
        String command = ProcessHandle.of(sandbox).flatMap(h -> h.info().commandLine()).orElse("");
        assertTrue(command.contains("runsc"), "the pid is the sandbox's: " + command);
        Nucleus.Result r = running.get();
        assertEquals(0, r.exit(), r.toString());
        assertEquals("machine example.test\ngithub.com: {}\npostgres://db\nnetrc read-only\n", r.out(), r.toString());
        assertEquals("github.com: {}\nnew\n", Files.readString(gh.resolve("hosts.yml")), "-rw writes through");
    }

    @Test
    void aFailingHealthCheckMarksTheSandboxUnhealthyAndStopsIt() throws IOException {
        Path events = dir.resolve("health-events.jsonl");
        Nucleus.Result r = Nucleus.run("--root", dir.resolve("state").toString(), "--events-jsonl", events.toString(),
                "run", "--runtime", "gvisor", "--rootfs", rootfs.toString(), "--health-cmd", "test -e /tmp/healthy",
                "--health-interval", "1", "--health-retries", "2", "--health-start-period", "1", "--health-timeout",
                "5", "--", "/bin/sh", "-c", "trap 'exit 5' TERM; touch /tmp/healthy; sleep 4; busybox rm /tmp/healthy;"
                        + " while :; do sleep 0.2; done");
        assertEquals(5, r.exit(), "stopped by SIGTERM, which it handled: " + r);
        List<String> verdicts = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(events)) {
            if (line.contains("\"health_status\"")) {
                verdicts.add(line.replaceAll(".*\"status\":\"([a-z]+)\".*", "$1"));
            }
        }
        assertEquals(List.of("healthy", "unhealthy"), verdicts, "checked in the sandbox, then stopped: " + verdicts);
        Nucleus.Result readiness = nucleus("run", "--runtime", "gvisor", "--readiness-tcp", "80", "--", "/bin/true");
        assertEquals(125, readiness.exit(), readiness.toString());
        assertTrue(readiness.err().contains("--readiness-tcp with --runtime gvisor and --network none"),
                readiness.err());
    }

    /**
     * A probe that outlives its timeout fails its check, and its process is killed inside the
     * sandbox as well as its runsc client outside: the workload sees the first probe's pid gone.
     */
    @Test
    void aTimedOutProbeIsKilledInsideTheSandbox() {
        Nucleus.Result r = nucleus("run", "--runtime", "gvisor", "--rootfs", rootfs.toString(), "--health-cmd",
                "echo $$ >> /tmp/probes; exec sleep 30", "--health-interval", "1", "--health-timeout", "1",
                "--health-retries", "100", "--health-start-period", "0", "--", "/bin/sh", "-c",
                "while [ ! -s /tmp/probes ]; do sleep 0.1; done; sleep 4; p=$(busybox head -n 1 /tmp/probes);"
                        + " if kill -0 $p 2>/dev/null; then echo alive $p; else echo gone; fi");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("gone\n", r.out(), r.toString());
    }

    /** Host networking (gvisor-host) and a bridge: runsc's sockets live in a namespace the probe can join. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"gvisor-host", "bridge"})
    void readinessOverTcpProbesWhereTheSandboxsSocketsAre(String network) throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path events = dir.resolve("tcp-events.jsonl");
        List<String> args = new java.util.ArrayList<>(List.of("--root", dir.resolve("state").toString(),
                "--events-jsonl", events.toString(), "run", "--runtime", "gvisor", "--rootfs", rootfs.toString(),
                "--readiness-tcp", Integer.toString(port)));
        args.addAll(network.equals("bridge") ? List.of("--network", "bridge", "--bridge", "nucgv1", "--bridge-subnet",
                "10.232.10.0/24", "--dns", "10.232.10.1") : List.of("--network", "gvisor-host", "--allow-host-network"));
        args.addAll(List.of("--", "/bin/sh", "-c", "sleep 1.5; busybox nc -l -p " + port + " -w 10 >/dev/null;"
                + " echo served"));
        long launched = System.nanoTime();
        Nucleus.Result r = Nucleus.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        assertEquals("served\n", r.out(), "the probe's connection was the one the server took: " + r);
        String ready = Files.readAllLines(events).stream().filter(l -> l.contains("\"container_ready\""))
                .findFirst().orElseThrow(() -> new AssertionError("no container_ready"));
        assertTrue(ready.contains("\"probe\":\"tcp\""), ready);
        assertTrue((System.nanoTime() - launched) / 1_000_000 >= 1500, "not before the server listened");
    }

    @Test
    void readinessByExecWithSdNotifySendsReadyOnlyOnceTheProbePasses() throws Exception {
        Path socket = Path.of("/run/nucleus-gvisor-it-" + ProcessHandle.current().pid() + ".sock");
        Files.deleteIfExists(socket);
        Path events = dir.resolve("ready-events.jsonl");
        int fd = dev.nucleus.linux.jni.NativeNotify.bind(socket.toString());
        try {
            long launched = System.nanoTime();
            var run = java.util.concurrent.CompletableFuture.supplyAsync(() -> Nucleus.shell("NOTIFY_SOCKET=" + socket
                    + " \"$NUCLEUS\" --root " + dir.resolve("state") + " --events-jsonl " + events + " run --runtime"
                    + " gvisor --rootfs " + rootfs + " --sd-notify --readiness-exec 'test -e /tmp/up' -- /bin/sh -c"
                    + " 'sleep 2; touch /tmp/up; sleep 2; echo done'"));
            byte[] message = dev.nucleus.linux.jni.NativeNotify.receive(fd, 30_000);
            long tookMillis = (System.nanoTime() - launched) / 1_000_000;
            assertTrue(message != null && new String(message, java.nio.charset.StandardCharsets.UTF_8)
                    .startsWith("READY=1\n"), "READY=1 arrived: " + run.getNow(null));
            assertTrue(tookMillis >= 2000, "not before the probe passed: " + tookMillis + " ms");
            Nucleus.Result r = run.get();
            assertEquals(0, r.exit(), r.toString());
            assertEquals("done\n", r.out(), "the probes are quiet: " + r);
            assertTrue(Files.readString(events).contains("\"container_ready\""), Files.readString(events));
        } finally {
            dev.nucleus.linux.jni.NativeShim.close(fd);
            Files.deleteIfExists(socket);
        }
    }

    @Test
    void theRequestsOtherLimitsReachTheSandboxsCgroupAndRlimits() throws Exception {
        String device = Nucleus.shell("stat -c '%Hd:%Ld' /").out().strip(); // the root file system's block device
        Path ready = Files.createDirectories(dir.resolve("ready"));
        String id = detachedSandbox("--memory", "128M", "--cpu-weight", "50", "--io-limit",
                device + " riops=100 wbps=1048576", "--memlock", "1M", "--volume", ready + ":/ready", "--", "/bin/sh",
                "-c", "ulimit -l > /ready/memlock; sleep 60");
        try {
            for (int i = 0; i < 100 && !Files.exists(ready.resolve("memlock")); i++) {
                Thread.sleep(100);
            }
            assertEquals("1024\n", Files.readString(ready.resolve("memlock")), "RLIMIT_MEMLOCK in KiB");
            Path cpu = Path.of("/sys/fs/cgroup/cpu" + ownCgroup("cpu")).resolve("nucleus").resolve(id);
            assertEquals("512\n", Files.readString(cpu.resolve("cpu.shares")), "weight 50 as native's shares (half the default 1024)");
            Path memory = Path.of("/sys/fs/cgroup/memory" + ownCgroup("memory")).resolve("nucleus").resolve(id);
            assertEquals(Files.readString(memory.resolve("memory.limit_in_bytes")),
                    Files.readString(memory.resolve("memory.memsw.limit_in_bytes")), "no swap");
            Path blkio = Path.of("/sys/fs/cgroup/blkio" + ownCgroup("blkio")).resolve("nucleus").resolve(id);
            assertEquals(device + " 100\n", Files.readString(blkio.resolve("blkio.throttle.read_iops_device")));
            assertEquals(device + " 1048576\n", Files.readString(blkio.resolve("blkio.throttle.write_bps_device")));
        } finally {
            assertEquals(0, nucleus("rm", "--force", id).exit());
        }
    }

    /**
     * stats reads a running sandbox's use from the cgroup runsc made, which the state records as
     * observed, apart from the directories rm empties and removes: rm still ends the sandbox
     * through runsc, which removes its cgroup.
     */
    @Test
    void statsReportTheSandboxsUseFromTheCgroupRunscMade() throws Exception {
        String id = detachedSandbox("--memory", "64M", "--name", "gvstats", "--", "/bin/sleep", "60");
        Path memory = Path.of("/sys/fs/cgroup/memory" + ownCgroup("memory")).resolve("nucleus").resolve(id);
        Path pids = Path.of("/sys/fs/cgroup/pids" + ownCgroup("pids")).resolve("nucleus").resolve(id);
        try {
            awaitRunscMade(() -> Files.isRegularFile(pids.resolve("pids.current")));
            JsonMapper json = JsonMapper.builder().build();
            JsonNode cgroup = json.readTree(Files.readString(dir.resolve("state").resolve(id).resolve("state.json")))
                    .get("cgroup");
            assertEquals(0, cgroup.get("directories").size(), "nothing of runsc's for rm to empty: " + cgroup);
            assertEquals(memory.toString(), cgroup.get("observed").get("memory").asString(), cgroup.toString());

            Nucleus.Result one = nucleus("stats", id, "--json");
            assertEquals(0, one.exit(), one.toString());
            JsonNode s = json.readTree(one.out()).get(0);
            assertEquals(id, s.get("id").asString());
            assertEquals(64L << 20, s.get("memory_limit").asLong(), s.toString());
            assertEquals(Long.parseLong(Files.readString(memory.resolve("memory.limit_in_bytes")).strip()),
                    s.get("memory_limit").asLong());
            assertTrue(s.get("memory_usage").asLong() > 0, "the sandbox's memory in use: " + s);
            long usage = Long.parseLong(Files.readString(memory.resolve("memory.usage_in_bytes")).strip());
            assertTrue(Math.abs(usage - s.get("memory_usage").asLong()) < (8 << 20), usage + " vs " + s);
            assertTrue(s.get("cpu_usage_ns").asLong() > 0, s.toString());
            assertTrue(s.get("pid_count").asLong() > 0, "runsc's processes and threads: " + s);
            assertEquals(Files.readString(pids.resolve("pids.max")).strip(), Long.toString(s.get("pids_limit").asLong()));

            Nucleus.Result table = nucleus("stats", "gvstats");
            assertEquals(0, table.exit(), table.toString());
            assertTrue(table.out().matches("(?s).*gvstats\\s.*/ 64\\.00MiB.*"), table.toString());
            Nucleus.Result all = nucleus("stats", "--json");
            assertEquals(0, all.exit(), all.toString());
            assertTrue(all.out().contains(id), "listed with every running container: " + all);
        } finally {
            assertEquals(0, nucleus("rm", "--force", id).exit());
        }
        assertFalse(Files.exists(memory), "the sandbox's cgroup is gone after rm");
    }

    @Test
    void aCgroupParentPlacesTheSandboxBeneathItAndRmRemovesIt() throws Exception {
        String id = detachedSandbox("--memory", "64M", "--cgroup-parent", "nucleus-gvit/t1", "--", "/bin/sleep", "60");
        Path memory = Path.of("/sys/fs/cgroup/memory" + ownCgroup("memory")).resolve("nucleus-gvit/t1").resolve(id);
        try {
            awaitRunscMade(() -> Files.isDirectory(memory));
            assertTrue(Files.isDirectory(memory), "beneath the parent, in the caller's subtree: " + memory);
            assertEquals(64L << 20, Long.parseLong(Files.readString(memory.resolve("memory.limit_in_bytes")).strip()));
            assertEquals(List.of(), ownSandboxCgroups(), "none beneath nucleus/");
        } finally {
            assertEquals(0, nucleus("rm", "--force", id).exit());
            // the parents stay (other containers may share them), as natively; the test's go
            Nucleus.shell("find /sys/fs/cgroup -maxdepth 6 -depth -type d -path '*/nucleus-gvit/t1' -exec rmdir {} \\;;"
                    + " find /sys/fs/cgroup -maxdepth 5 -depth -type d -name nucleus-gvit -exec rmdir {} \\;");
        }
        assertFalse(Files.exists(memory), "rm removed the sandbox's cgroup");
    }
}
