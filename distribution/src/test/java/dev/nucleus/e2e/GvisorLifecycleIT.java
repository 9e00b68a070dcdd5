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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The lifecycle of --runtime gvisor containers as the native backend's: a --name is held by one
 * container at a time (running, or stopped and kept), whichever backend runs it; and a bridged
 * sandbox's network namespace (the process holding it, its veth and rules) is gone after rm
 * --force, after a crashed runtime's rm, and after stop.
 */
@Tag("root")
class GvisorLifecycleIT {
    static final JsonMapper JSON = JsonMapper.builder().build();
    /** A bridge and subnet of this test's own (NetworkIT: nucit0 10.231.7.0/28, GvisorIT: nucgv0 10.232.9.0/24). */
    static final String BRIDGE = "nucgvl0";
    static final String SUBNET = "10.233.11.0/28";
    static final String REFUSED = "a container named '%s' is already running; choose another --name";

    Path dir;
    /** Every container this test made (all of its --root), and the namespace holders it saw start. */
    final Set<String> ids = new HashSet<>();
    final Set<Long> holders = new HashSet<>();

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("nucleus-gvlife");
    }

    /**
     * Only what this test made is checked: the tests of another checkout may run on this host
     * meanwhile, with containers, holders and rules of their own.
     */
    @AfterEach
    void nothingLeft() {
        for (JsonNode c : JSON.readTree(nucleus("ps", "--all", "--json").out())) {
            ids.add(c.get("id").asString());
            nucleus("rm", "--force", c.get("id").asString());
        }
        // A detached container's runtime may still be finishing its own teardown: up to 10 s.
        eventually(() -> ownNetwork().isEmpty() && holders.stream().noneMatch(GvisorLifecycleIT::alive));
        assertEquals(List.of(), ownNetwork(), "no link, rule or route of this test's bridge is left");
        assertEquals(List.of(), holders.stream().filter(GvisorLifecycleIT::alive).toList(), "no namespace holder");
        Nucleus.Result runsc = Nucleus.shell("runsc --root " + dir.resolve("state/runsc") + " list -quiet 2>/dev/null");
        assertEquals("", runsc.out().strip(), "no runsc container is left");
        assertEquals(List.of(), ownCgroups(), "no sandbox cgroup is left");
        Nucleus.shell("rm -rf '" + dir + "'");
    }

    /** The host's links and iptables rules of this test's bridge, subnet and containers. */
    List<String> ownNetwork() {
        return NetworkFixture.hostNetwork().lines().filter(l -> l.contains(BRIDGE) || l.contains("10.233.11.")
                || ids.stream().anyMatch(id -> l.contains(id) || l.contains("nv" + id.substring(0, 12)))).toList();
    }

    /** The container cgroups of this test's containers. */
    List<Path> ownCgroups() {
        try {
            return GvisorSandbox.sandboxCgroups().stream().filter(c -> ids.contains(c.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    Nucleus.Result nucleus(String... args) {
        List<String> all = new ArrayList<>(List.of("--root", dir.resolve("state").toString()));
        all.addAll(List.of(args));
        return Nucleus.run(all.toArray(String[]::new));
    }

    List<String> gvisor(String... rest) {
        List<String> args = new ArrayList<>(List.of("--runtime", "gvisor"));
        args.addAll(List.of(rest));
        return args;
    }

    Nucleus.Result run(List<String> args) {
        List<String> all = new ArrayList<>(List.of("run"));
        all.addAll(args);
        return nucleus(all.toArray(String[]::new));
    }

    /** The names of the listed containers, running or not. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        for (JsonNode c : JSON.readTree(nucleus("ps", "--all", "--json").out())) {
            names.add(c.get("name").asString());
        }
        return names;
    }

    @Test
    void aRunningContainersNameIsRefusedToASecondGvisorOrNativeLaunch() {
        Nucleus.Result first = run(gvisor("-d", "--name", "dup", "--", "/bin/sleep", "30"));
        assertEquals(0, first.exit(), first.toString());
        Nucleus.Result again = run(gvisor("-d", "--name", "dup", "--", "/bin/sleep", "30"));
        assertEquals(2, again.exit(), "as the native backend refuses it: " + again);
        assertTrue(again.err().contains(REFUSED.formatted("dup")), again.toString());
        Nucleus.Result nativeToo = run(List.of("-d", "--name", "dup", "--", "/bin/sleep", "30"));
        assertEquals(2, nativeToo.exit(), nativeToo.toString());
        assertEquals(nativeToo.err(), again.err(), "the very message of the native backend");
        assertEquals(List.of("dup"), names());

        // and a native container's name, to a gVisor launch
        Nucleus.Result nativeFirst = run(List.of("-d", "--name", "nat", "--", "/bin/sleep", "30"));
        assertEquals(0, nativeFirst.exit(), nativeFirst.toString());
        Nucleus.Result gvisorSecond = run(gvisor("--name", "nat", "--", "/bin/true"));
        assertEquals(2, gvisorSecond.exit(), gvisorSecond.toString());
        assertTrue(gvisorSecond.err().contains(REFUSED.formatted("nat")), gvisorSecond.toString());
        assertEquals(2, names().size(), names().toString());
    }

    @Test
    void killSignalsTheWorkloadInsideTheSandboxNotItsSupervisor() throws IOException {
        Nucleus.Result started = run(gvisor("-d", "--name", "sig", "--", "/bin/sh", "-c",
                "trap 'echo winch' WINCH; trap 'echo cont' CONT; echo ready; while :; do sleep 0.1; done"));
        assertEquals(0, started.exit(), started.toString());
        eventually(() -> nucleus("logs", "sig").out().contains("ready"));
        long supervisor = JSON.readTree(nucleus("state", "sig").out()).get("pid").asLong();
        Nucleus.Result winch = nucleus("kill", "sig", "WINCH");
        assertEquals(0, winch.exit(), winch.toString());
        assertEquals(0, nucleus("kill", "sig", "STOP").exit());
        String status = Files.readString(Path.of("/proc/" + supervisor + "/status"));
        assertFalse(status.contains("State:\tT"), "the supervisor is not the one stopped: " + status);
        assertEquals(0, nucleus("kill", "sig", "CONT").exit());
        eventually(() -> nucleus("logs", "sig").out().contains("cont"));
        String logs = nucleus("logs", "sig").out();
        assertTrue(logs.contains("winch") && logs.contains("cont"), "each reached the workload: " + logs);
        Nucleus.Result realtime = nucleus("kill", "sig", "40");
        assertEquals(2, realtime.exit(), realtime.toString());
        assertTrue(realtime.err().contains("runsc cannot send realtime signals"), realtime.toString());
        assertTrue(nucleus("ps", "--format", "NAME").out().contains("sig"), "still running");
    }

    @Test
    void ofGvisorLaunchesRacingForANameExactlyOneRuns() throws Exception {
        List<CompletableFuture<Nucleus.Result>> racing = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            racing.add(CompletableFuture.supplyAsync(() -> run(gvisor("-d", "--name", "race", "--", "/bin/sleep", "30"))));
        }
        int ran = 0;
        for (CompletableFuture<Nucleus.Result> r : racing) {
            Nucleus.Result result = r.get(120, TimeUnit.SECONDS);
            if (result.exit() == 0) {
                ran++;
            } else {
                assertEquals(2, result.exit(), result.toString());
                assertTrue(result.err().contains(REFUSED.formatted("race")), result.toString());
            }
        }
        assertEquals(1, ran, "one winner");
        assertEquals(List.of("race"), names());
    }

    @Test
    void aStoppedGvisorContainerKeptWithKeepStillOwnsItsName() {
        Nucleus.Result kept = run(gvisor("--keep", "--name", "kept", "--", "/bin/true"));
        assertEquals(0, kept.exit(), kept.toString());
        Nucleus.Result again = run(gvisor("--name", "kept", "--", "/bin/true"));
        assertEquals(2, again.exit(), again.toString());
        assertTrue(again.err().contains("a container named 'kept' exists (exited (0), ")
                && again.err().contains("remove it with 'nucleus rm kept' or choose another --name"), again.toString());
        Nucleus.Result nativeToo = run(List.of("--name", "kept", "--", "/bin/true"));
        assertEquals(2, nativeToo.exit(), nativeToo.toString());
        assertEquals(nativeToo.err(), again.err(), "the very message of the native backend");

        assertEquals(0, nucleus("rm", "kept").exit());
        Nucleus.Result free = run(gvisor("--name", "kept", "--", "/bin/true"));
        assertEquals(0, free.exit(), "removed, the name is free again: " + free);
    }

    /** A detached bridged gVisor container, once its network namespace is wired. */
    record Bridged(String id, long runtime, long holder, String netns) {
    }

    Bridged bridged() throws IOException {
        Nucleus.Result r = run(gvisor("-d", "--network", "bridge", "--bridge", BRIDGE, "--bridge-subnet", SUBNET,
                "--dns", "10.233.11.1", "--", "/bin/sleep", "60"));
        assertEquals(0, r.exit(), r.toString());
        String id = r.out().strip();
        ids.add(id);
        JsonNode ps = JSON.readTree(nucleus("ps", "--json").out());
        assertEquals(1, ps.size(), ps.toString());
        long runtime = ps.get(0).get("pid").asLong(); // the supervisor's runtime, which started the holder
        eventually(() -> holderOf(runtime).isPresent() && NetworkFixture.hostNetwork().contains("nv" + id.substring(0, 12)));
        long holder = holderOf(runtime).orElseThrow(() -> new AssertionError("no namespace holder of " + runtime));
        holders.add(holder);
        assertTrue(NetworkFixture.hostNetwork().contains("nv" + id.substring(0, 12)), "the sandbox's veth is on the bridge");
        return new Bridged(id, runtime, holder, Files.readSymbolicLink(Path.of("/proc/" + holder + "/ns/net")).toString());
    }

    @Test
    void rmForceOfABridgedGvisorContainerEndsItsNamespaceHolder() throws IOException {
        Bridged c = bridged();
        Nucleus.Result rm = nucleus("rm", "--force", c.id());
        assertEquals(0, rm.exit(), rm.toString());
        assertGone(c);
    }

    @Test
    void rmAfterTheRuntimeOfABridgedGvisorContainerCrashedLeavesNothing() throws IOException {
        Bridged c = bridged();
        assertEquals(0, Nucleus.shell("kill -9 " + c.runtime()).exit());
        eventually(() -> JSON.readTree(nucleus("ps", "--json").out()).isEmpty());
        Nucleus.Result rm = nucleus("rm", c.id());
        assertEquals(0, rm.exit(), rm.toString());
        assertGone(c);
    }

    @Test
    void stopOfABridgedGvisorContainerLeavesNothing() throws IOException {
        Bridged c = bridged();
        assertEquals(0, nucleus("stop", "--timeout", "5", c.id()).exit());
        eventually(() -> JSON.readTree(nucleus("ps", "--json").out()).isEmpty());
        Nucleus.Result rm = nucleus("rm", c.id());
        assertEquals(0, rm.exit(), rm.toString());
        assertGone(c);
    }

    /** The holder, its namespace (no process is in it any more), the veth, the bridge and the rules are gone. */
    void assertGone(Bridged c) throws IOException {
        assertFalse(alive(c.holder()), "the namespace holder " + c.holder() + " is gone");
        assertEquals(List.of(), inNamespace(c.netns()), "no process is left in " + c.netns());
        eventually(() -> ownNetwork().isEmpty());
        assertEquals(List.of(), ownNetwork(), "no link or rule of the bridge or the container is left");
        assertFalse(Files.exists(dir.resolve("state/gvisor/holders").resolve(c.id())), "nor the holder's record");
    }

    /** Processes whose network namespace is {@code netns} (net:[inode]). */
    static List<Long> inNamespace(String netns) throws IOException {
        List<Long> in = new ArrayList<>();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    if (Files.readSymbolicLink(p.resolve("ns/net")).toString().equals(netns)) {
                        in.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // ended meanwhile, or a zombie: in no namespace
                }
            }
        }
        return in;
    }

    /** Whether a process is alive (a zombie is not: it holds no namespace). */
    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    /** The child of {@code runtime} running {@code sleep infinity}: the holder of its sandbox's network namespace. */
    static java.util.Optional<Long> holderOf(long runtime) {
        return ProcessHandle.of(runtime).stream().flatMap(ProcessHandle::children).filter(p -> {
            try {
                return Files.readString(Path.of("/proc/" + p.pid() + "/cmdline")).matches("(/usr)?/s?bin/sleep\0infinity\0");
            } catch (IOException gone) {
                return false;
            }
        }).map(ProcessHandle::pid).findFirst();
    }

    /** Waits up to 10 s for {@code condition}. */
    static void eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
