package dev.nucleus.linux.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.spec.Resources;
import dev.nucleus.domain.value.ByteSize;
import dev.nucleus.domain.value.CpuQuota;
import dev.nucleus.domain.value.IoLimit;
import dev.nucleus.ports.CgroupException;
import dev.nucleus.ports.out.ContainerCgroup;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The driver against this machine's kernel: hybrid cgroups, with cpu, cpuacct, cpuset, memory,
 * devices, freezer, blkio and pids on v1 and an empty cgroup2 at /sys/fs/cgroup/unified, run
 * as root. Every container cgroup lives under {@code <own>/nucleus/} of this test JVM's cgroups
 * and carries an id with this run's prefix, so nothing else is touched or counted.
 */
@Tag("root")
class LinuxCgroupDriverKernelTest {
    private static final String PREFIX = "t" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "-";
    private static List<Hierarchy> hierarchies;
    private static Hierarchy memory;

    private final List<ContainerCgroup> opened = new ArrayList<>();
    private final List<Process> started = new ArrayList<>();
    private final LinuxCgroupDriver driver = new LinuxCgroupDriver(Map.of());
    private int counter;

    @BeforeAll
    static void layout() throws IOException {
        hierarchies = Hierarchies.resolve(Files.readString(Path.of("/proc/self/mountinfo")),
                Files.readString(Path.of("/proc/self/cgroup")));
        memory = v1("memory");
        for (String c : List.of("memory", "pids", "cpu", "freezer")) {
            assertTrue(Files.isWritable(v1(c).ownDir()), "this test needs root and a writable " + c + " hierarchy");
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : started) {
            p.destroyForcibly();
        }
        for (ContainerCgroup cg : opened) {
            cg.close();
        }
        assertEquals(List.of(), leftovers(), "container cgroups left behind");
    }

    private static Hierarchy v1(String controller) {
        return hierarchies.stream().filter(h -> h.controllers().contains(controller)).findFirst().orElseThrow();
    }

    private static Path dir(Hierarchy h, String id) {
        return h.ownDir().resolve("nucleus").resolve(id);
    }

    private String id() {
        return PREFIX + (counter++);
    }

    private ContainerCgroup create(LinuxCgroupDriver d, String id, Resources r) throws CgroupException {
        ContainerCgroup cg = d.create(id, r);
        opened.add(cg);
        return cg;
    }

    private static Resources limits(String memory, long pids, String cpus, Integer weight) throws Exception {
        return new Resources(memory == null ? Optional.empty() : Optional.of(ByteSize.parse(memory)), false,
                cpus == null ? Optional.empty() : Optional.of(CpuQuota.parse(cpus)),
                weight == null ? OptionalInt.empty() : OptionalInt.of(weight), pids, List.of(), Resources.DEFAULT_MEMLOCK);
    }

    /** This run's container cgroups still present in any hierarchy. */
    private static List<Path> leftovers() throws IOException {
        List<Path> left = new ArrayList<>();
        for (Hierarchy h : hierarchies) {
            Path parent = h.ownDir().resolve("nucleus");
            if (Files.isDirectory(parent)) {
                try (Stream<Path> s = Files.list(parent)) {
                    s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                            .filter(p -> p.getFileName().toString().startsWith(PREFIX)
                                    || p.getFileName().toString().startsWith("nucleus-" + PREFIX))
                            .forEach(left::add);
                }
            }
        }
        Path unified = Path.of("/sys/fs/cgroup/unified");
        try (Stream<Path> s = Files.list(unified)) {
            s.filter(p -> p.getFileName().toString().startsWith("nucleus-" + PREFIX)).forEach(left::add);
        }
        return left;
    }

    private static String read(Path dir, String file) throws IOException {
        return Files.readString(dir.resolve(file)).strip();
    }

    /** A shell that waits for a line on stdin before running {@code script}, so it can join first. */
    private Process gated(String script) throws IOException {
        Process p = new ProcessBuilder("/bin/sh", "-c", "read go; " + script)
                .redirectErrorStream(true).start();
        started.add(p);
        return p;
    }

    private static void release(Process p) throws IOException {
        OutputStream in = p.getOutputStream();
        in.write('\n');
        in.flush();
    }

    @Test
    void limitsAreWrittenToTheV1ControllerFiles() throws Exception {
        String id = id();
        ContainerCgroup cg = create(driver, id, limits("64M", 32, "0.5", 100));
        Path mem = dir(memory, id);
        assertEquals(memory.ownPath() + "/nucleus/" + id, cg.path());
        assertEquals("67108864", read(mem, "memory.limit_in_bytes"));
        assertTrue(read(mem, "memory.oom_control").contains("oom_kill_disable 0"), "the OOM killer acts");
        if (Files.exists(mem.resolve("memory.memsw.limit_in_bytes"))) {
            assertEquals("67108864", read(mem, "memory.memsw.limit_in_bytes"), "no swap without --swap");
        }
        assertEquals("32", read(dir(v1("pids"), id), "pids.max"));
        Path cpu = dir(v1("cpu"), id);
        assertEquals("100000", read(cpu, "cpu.cfs_period_us"));
        assertEquals("50000", read(cpu, "cpu.cfs_quota_us"));
        assertEquals(Long.toString(dev.nucleus.domain.spec.Resources.cpuShares(100)), read(cpu, "cpu.shares"));
        assertEquals("1024", read(cpu, "cpu.shares"), "the default weight is the default share");
        // created in cgroup2 and in each hierarchy of a controller it uses, and in no other
        for (Hierarchy h : hierarchies) {
            boolean used = h.unified() || h.controllers().stream().anyMatch(
                    List.of("memory", "pids", "cpu", "cpuacct", "blkio", "freezer")::contains);
            assertEquals(used, Files.isDirectory(dir(h, id)), h.label() + " (used: " + used + ")");
        }
        assertFalse(Files.exists(dir(v1("cpuset"), id)), "nothing is written to cpuset");
        assertFalse(Files.exists(dir(v1("devices"), id)), "nothing is written to devices");
    }

    @Test
    void withoutACpuLimitTheContainerIsScheduledWhereItsCallerIsAndStillAccounted() throws Exception {
        String id = id();
        ContainerCgroup cg = create(driver, id, limits("64M", 32, null, null));
        assertFalse(Files.exists(dir(v1("cpu"), id)), "no cpu cgroup of its own without a CPU limit");
        assertTrue(Files.isDirectory(dir(v1("cpuacct"), id)), "its CPU time is still counted");
        Process sleep = new ProcessBuilder("sleep", "30").start();
        started.add(sleep);
        cg.join(sleep.pid());
        List<String> lines = Files.readAllLines(Path.of("/proc/" + sleep.pid() + "/cgroup"));
        String cpu = v1("cpu").ownPath();
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\d+:cpu:" + java.util.regex.Pattern.quote(cpu))),
                "in the caller's own cpu cgroup: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\d+:cpuacct:" + java.util.regex.Pattern.quote(
                v1("cpuacct").childPath("nucleus/" + id)))), "in its own cpuacct cgroup: " + lines);
    }

    @Test
    void joinMovesAProcessIntoEveryHierarchyAndCloseKillsItAndRemovesEverything() throws Exception {
        String id = id();
        ContainerCgroup cg = create(driver, id, limits("64M", 32, "0.5", 100));
        Process sleep = new ProcessBuilder("sleep", "30").start();
        started.add(sleep);
        cg.join(sleep.pid());
        List<String> lines = Files.readAllLines(Path.of("/proc/" + sleep.pid() + "/cgroup"));
        for (String c : List.of("memory", "pids", "cpu", "cpuacct", "freezer", "blkio")) {
            Hierarchy h = v1(c);
            String expected = h.childPath("nucleus/" + id);
            assertTrue(lines.stream().anyMatch(l -> l.matches("\\d+:" + c + ":" + java.util.regex.Pattern.quote(expected))),
                    c + ": " + lines);
        }
        assertTrue(lines.contains("0::/nucleus/" + id), "cgroup2 membership: " + lines);
        assertEquals(Long.toString(sleep.pid()), read(dir(memory, id), "cgroup.procs"));

        long start = System.nanoTime();
        cg.close();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 1000, "close took " + millis + " ms");
        assertTrue(sleep.waitFor(2, TimeUnit.SECONDS), "close kills the members");
        assertEquals(128 + 9, sleep.exitValue(), "killed by SIGKILL");
        for (Hierarchy h : hierarchies) {
            assertFalse(Files.exists(dir(h, id)), "still there in " + h.label());
        }
        cg.close(); // idempotent
        cg.close();
    }

    @Test
    void closeKillsForkedDescendantsToo() throws Exception {
        String id = id();
        ContainerCgroup cg = create(driver, id, limits(null, 64, null, null));
        Process sh = gated("sleep 30 & sleep 30 & echo ready; wait");
        cg.join(sh.pid());
        release(sh);
        assertEquals("ready", new String(sh.getInputStream().readNBytes(5), StandardCharsets.US_ASCII));
        List<Long> members = Files.readAllLines(dir(v1("pids"), id).resolve("cgroup.procs")).stream()
                .map(Long::parseLong).toList();
        assertEquals(3, members.size(), members.toString());
        cg.close();
        assertTrue(sh.waitFor(2, TimeUnit.SECONDS));
        for (long pid : members) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                            && !Files.readString(Path.of("/proc/" + pid + "/stat")).contains(") Z "),
                    "pid " + pid + " survived");
        }
        assertEquals(List.of(), leftovers());
    }

    /** Cgroups the workload made below its own (a delegated subtree) go too, with their members. */
    @Test
    void closeRemovesCgroupsTheWorkloadMadeBelowItsOwn() throws Exception {
        String id = id();
        ContainerCgroup cg = create(driver, id, limits(null, 64, null, null));
        Path unified = Path.of("/sys/fs/cgroup/unified/nucleus").resolve(id);
        List<Path> nested = new ArrayList<>();
        for (Path own : List.of(dir(memory, id), dir(v1("pids"), id), unified)) {
            Path grandchild = Files.createDirectories(own.resolve("job").resolve("step"));
            Files.createDirectory(own.resolve("idle"));
            nested.add(grandchild);
        }
        assertEquals(4, Files.getAttribute(dir(memory, id), "unix:nlink"), "2 + two subdirectories");
        Process sleep = new ProcessBuilder("sleep", "30").start();
        started.add(sleep);
        cg.join(sleep.pid());
        for (Path step : nested) {
            Files.writeString(step.resolve("cgroup.procs"), Long.toString(sleep.pid()));
        }
        cg.close();
        assertTrue(sleep.waitFor(2, TimeUnit.SECONDS), "the member of the nested cgroup is killed");
        for (Path step : nested) {
            assertFalse(Files.exists(step.getParent().getParent()), "still there: " + step);
        }
    }

    @Test
    void aMemoryLimitIsEnforcedByTheOomKiller() throws Exception {
        String id = id();
        ContainerCgroup cg = create(driver, id, limits("32M", 64, null, null));
        Process hog = gated("head -c 200M /dev/zero | tail > /dev/null");
        cg.join(hog.pid());
        release(hog);
        assertTrue(hog.waitFor(30, TimeUnit.SECONDS), "the allocation ends one way or the other");
        String out = new String(hog.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(128 + 9, hog.exitValue(), "tail is OOM-killed (SIGKILL): " + out);
        Path mem = dir(memory, id);
        // this kernel's v1 memory.failcnt stays 0 here; the OOM kill count is the kernel's own record
        String oom = read(mem, "memory.oom_control");
        assertTrue(oom.matches("(?s).*\\boom_kill [1-9].*"), "the cgroup's OOM killer fired: " + oom);
        long peak = Long.parseLong(read(mem, "memory.max_usage_in_bytes"));
        assertTrue(peak <= 32L << 20 && peak > 16L << 20, "peak usage ran up to the limit, not past it: " + peak);
    }

    @Test
    void aPidsLimitIsEnforced() throws Exception {
        String id = id();
        ContainerCgroup cg = create(driver, id, limits(null, 5, null, null));
        Process forker = gated("i=0; while [ $i -lt 20 ]; do sleep 30 >/dev/null 2>&1 & i=$((i+1)); done; echo all-started");
        cg.join(forker.pid());
        release(forker);
        assertTrue(forker.waitFor(15, TimeUnit.SECONDS));
        String out = new String(forker.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(forker.exitValue() != 0 || !out.contains("all-started"), out);
        assertTrue(out.toLowerCase().contains("fork"), "the shell reports a failed fork: " + out);
        Path pids = dir(v1("pids"), id);
        assertTrue(read(pids, "pids.events").matches("max [1-9]\\d*"), read(pids, "pids.events"));
        assertTrue(Long.parseLong(read(pids, "pids.current")) <= 5);
        cg.close();
        assertEquals(List.of(), leftovers());
    }

    /** `rm` reopening a cgroup its runtime's teardown removed meanwhile: nothing to verify or remove, no error. */
    @Test
    void reopeningACgroupThatIsGoneIsFine() throws Exception {
        String id = id();
        ContainerCgroup cg = driver.create(id, limits("16M", 8, null, null));
        Map<String, String> dirs = cg.directories();
        cg.close();
        ContainerCgroup again = driver.reopen(id, dirs);
        again.close();
        assertEquals(List.of(), leftovers());
    }

    /** `rm --force` of a container whose state is lost: its cgroup found by id, its process killed, all removed. */
    @Test
    void aCgroupIsLocatedByIdAloneAndReopenedToKillWhatRuns() throws Exception {
        String id = id();
        ContainerCgroup cg = create(driver, id, limits("16M", 8, "0.5", null));
        Process sleep = new ProcessBuilder("sleep", "30").start();
        started.add(sleep);
        cg.join(sleep.pid());

        Map<String, String> located = driver.locate(id);
        assertEquals(cg.directories(), located, "every hierarchy it was made in, cpu included");
        try (ContainerCgroup found = driver.reopen(id, located)) {
            assertEquals(cg.directories(), found.directories());
        }
        assertTrue(sleep.waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "the process in it was killed");
        assertEquals(Map.of(), driver.locate(id));
        assertEquals(Map.of(), driver.locate(id() + "-never-made"));
    }

    /**
     * image commit --freeze: the container's processes stop (the kernel reports the cgroup frozen,
     * the process's state is stopped) and go on once thawed.
     */
    @Test
    void aReopenedCgroupFreezesAndThaws() throws Exception {
        String id = id();
        ContainerCgroup cg = create(driver, id, limits("16M", 8, null, null));
        Process counter = new ProcessBuilder("/bin/sh", "-c", "while :; do :; done").start();
        started.add(counter);
        cg.join(counter.pid());
        LinuxContainerCgroup reopened = driver.reopen(id, cg.directories());

        reopened.setFrozen(true);
        Path unified = Path.of(cg.directories().get("cgroup2"));
        boolean v2 = Files.exists(unified.resolve("cgroup.freeze"));
        if (v2) {
            assertTrue(read(unified, "cgroup.events").contains("frozen 1"), read(unified, "cgroup.events"));
        } else {
            assertEquals("FROZEN", read(Path.of(cg.directories().get("freezer")), "freezer.state"));
        }
        long before = cpuTicks(counter.pid());
        Thread.sleep(200);
        assertEquals(before, cpuTicks(counter.pid()), "a frozen process runs no more");

        reopened.setFrozen(false);
        Thread.sleep(200);
        assertTrue(cpuTicks(counter.pid()) > before, "thawed, it runs again");
        assertTrue(counter.isAlive());
    }

    /** utime + stime of a process, in clock ticks (/proc/PID/stat fields 14 and 15). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    @Test
    void zeroPidsMeansMax() throws Exception {
        String id = id();
        create(driver, id, limits(null, 0, null, null));
        assertEquals("max", read(dir(v1("pids"), id), "pids.max"));
        assertFalse(Files.exists(dir(v1("cpu"), id)), "no --cpus: no cpu cgroup to limit");
    }

    @Test
    void twentyCyclesLeaveNothingBehind() throws Exception {
        Map<Path, Long> before = childCounts();
        for (int i = 0; i < 20; i++) {
            ContainerCgroup cg = driver.create(id(), limits("16M", 8, "0.25", 50));
            Process p = new ProcessBuilder("sleep", "30").start();
            started.add(p);
            cg.join(p.pid());
            cg.close();
            assertTrue(p.waitFor(2, TimeUnit.SECONDS));
        }
        assertEquals(List.of(), leftovers());
        assertEquals(before, childCounts());
    }

    private static Map<Path, Long> childCounts() throws IOException {
        Map<Path, Long> counts = new java.util.TreeMap<>();
        for (Hierarchy h : hierarchies) {
            Path parent = h.ownDir().resolve("nucleus");
            if (Files.isDirectory(parent)) {
                try (Stream<Path> s = Files.list(parent)) {
                    counts.put(parent, s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                            .filter(p -> p.getFileName().toString().startsWith(PREFIX)).count());
                }
            }
        }
        return counts;
    }

    @Test
    void aDuplicateIdIsRefusedWithoutHarmingTheFirst() throws Exception {
        String id = id();
        create(driver, id, limits("64M", 32, null, null));
        CgroupException e = assertThrows(CgroupException.class, () -> driver.create(id, limits("8M", 4, null, null)));
        assertTrue(e.getMessage().contains("File exists"), e.getMessage());
        assertEquals("67108864", read(dir(memory, id), "memory.limit_in_bytes"));
    }

    @Test
    void aBadIdIsRefused() {
        for (String bad : List.of("", "..", "a/b", "../escape", ".hidden", "x y")) {
            assertThrows(CgroupException.class, () -> driver.create(bad, limits(null, 1, null, null)), bad);
        }
    }

    @Test
    void aKernelRefusalNamesTheFileAndRollsBack() throws Exception {
        String id = id();
        Resources io = new Resources(Optional.empty(), false, Optional.empty(), OptionalInt.empty(), 16,
                List.of(IoLimit.parse("259:99999 rbps=1M")), Resources.DEFAULT_MEMLOCK);
        CgroupException e = assertThrows(CgroupException.class, () -> driver.create(id, io));
        assertTrue(e.getMessage().contains(dir(v1("blkio"), id).resolve("blkio.throttle.read_bps_device").toString()),
                e.getMessage());
        assertTrue(e.getMessage().contains("259:99999 1048576"), e.getMessage());
        assertEquals(List.of(), leftovers(), "nothing of a failed create is left");
    }

    @Test
    void aLimitWhoseControllerIsNotUsableNamesTheController() throws Exception {
        // the same machine, with the pids hierarchy hidden from the driver
        String mountinfo = Files.readString(Path.of("/proc/self/mountinfo")).lines()
                .filter(l -> !l.contains(" /sys/fs/cgroup/pids ")).reduce("", (a, b) -> a + b + "\n");
        String membership = Files.readString(Path.of("/proc/self/cgroup"));
        LinuxCgroupDriver noPids = new LinuxCgroupDriver(Map.of(), () -> mountinfo, () -> membership);
        String id = id();
        CgroupException e = assertThrows(CgroupException.class, () -> noPids.create(id, limits("64M", 32, null, null)));
        assertEquals(Optional.of("pids"), e.controller());
        assertTrue(e.getMessage().contains("--pids"), e.getMessage());
        assertEquals(List.of(), leftovers(), "the memory cgroup made before the check is removed");
        // unlimited pids needs no pids controller
        ContainerCgroup cg = create(noPids, id, limits("64M", 0, null, null));
        assertEquals("67108864", read(dir(memory, id), "memory.limit_in_bytes"));
        assertFalse(Files.exists(dir(v1("pids"), id)));
        cg.close();
    }

    @Test
    void aCgroupRootOverrideIsUsedAsTheCgroup2Parent() throws Exception {
        LinuxCgroupDriver rooted = new LinuxCgroupDriver(Map.of(LinuxCgroupDriver.ROOT_ENV, "/sys/fs/cgroup/unified"));
        String id = id();
        ContainerCgroup cg = create(rooted, id, limits("64M", 32, null, null));
        Path v2 = Path.of("/sys/fs/cgroup/unified/nucleus-" + id);
        assertTrue(Files.isDirectory(v2));
        assertFalse(Files.exists(Path.of("/sys/fs/cgroup/unified/nucleus/" + id)));
        assertEquals(Optional.of(v2), ((LinuxContainerCgroup) cg).unifiedDirectory());
        // no controllers in this cgroup2, so the limits went to v1
        assertEquals("67108864", read(dir(memory, id), "memory.limit_in_bytes"));
        Process sleep = new ProcessBuilder("sleep", "30").start();
        started.add(sleep);
        cg.join(sleep.pid());
        assertTrue(Files.readAllLines(Path.of("/proc/" + sleep.pid() + "/cgroup")).contains("0::/nucleus-" + id));
        cg.close();
        assertTrue(sleep.waitFor(2, TimeUnit.SECONDS));
        assertFalse(Files.exists(v2));
    }

    @Test
    void aBadCgroupRootOverrideIsRefused() {
        Map<String, String> reasons = Map.of(
                "sys/fs/cgroup/unified", "not an absolute path",
                "/tmp", "inside /sys/fs/cgroup",
                "/sys/fs/cgroup/unified/../memory", "normalized",
                "/sys/fs/cgroup/memory", "not cgroup2",
                "/sys/fs/cgroup", "not cgroup2",
                "/sys/fs/cgroup/unified/does-not-exist", "No such file");
        reasons.forEach((root, why) -> {
            CgroupException e = assertThrows(CgroupException.class,
                    () -> new LinuxCgroupDriver(Map.of(LinuxCgroupDriver.ROOT_ENV, root)).create(id(), limits(null, 1, null, null)));
            assertTrue(e.getMessage().contains(why), root + ": " + e.getMessage());
        });
    }

    /** This machine's cgroup2 hierarchy as a v2-only host would show it: every v1 mount hidden. */
    private static LinuxCgroupDriver unifiedOnly() throws IOException {
        String mountinfo = Files.readString(Path.of("/proc/self/mountinfo")).lines()
                .filter(l -> !l.contains(" - cgroup ")).reduce("", (a, b) -> a + b + "\n");
        String membership = Files.readString(Path.of("/proc/self/cgroup"));
        return new LinuxCgroupDriver(Map.of(), () -> mountinfo, () -> membership);
    }

    @Test
    void onCgroup2AloneJoinAndCloseUseCgroupKill() throws Exception {
        Hierarchy unified = hierarchies.stream().filter(Hierarchy::unified).findFirst().orElseThrow();
        String id = id();
        ContainerCgroup cg = create(unifiedOnly(), id, limits(null, 0, null, null));
        Path v2 = dir(unified, id);
        assertEquals(unified.childPath("nucleus/" + id), cg.path());
        assertEquals(Map.of("cgroup2", v2), ((LinuxContainerCgroup) cg).directoryPaths());
        assertTrue(Files.exists(v2.resolve("cgroup.kill")), "this kernel has cgroup.kill");
        Process sh = gated("sleep 30 & sleep 30 & echo ready; wait");
        cg.join(sh.pid());
        release(sh);
        assertEquals("ready", new String(sh.getInputStream().readNBytes(5), StandardCharsets.US_ASCII));
        assertTrue(read(v2, "cgroup.events").contains("populated 1"));
        assertEquals(3, Files.readAllLines(v2.resolve("cgroup.procs")).size());
        cg.close();
        assertTrue(sh.waitFor(2, TimeUnit.SECONDS));
        assertEquals(128 + 9, sh.exitValue());
        assertFalse(Files.exists(v2));
        cg.close();
    }

    @Test
    void onCgroup2WithoutControllersALimitNamesTheMissingController() throws Exception {
        String id = id();
        CgroupException e = assertThrows(CgroupException.class, () -> unifiedOnly().create(id, limits("64M", 32, null, null)));
        assertEquals(Optional.of("memory"), e.controller());
        assertTrue(e.getMessage().contains("cgroup.controllers"), e.getMessage());
        assertEquals(List.of(), leftovers());
    }

    @Test
    void onV1AloneCloseFreezesKillsThawsAndRemoves() throws Exception {
        String mountinfo = Files.readString(Path.of("/proc/self/mountinfo")).lines()
                .filter(l -> !l.contains(" - cgroup2 ")).reduce("", (a, b) -> a + b + "\n");
        String membership = Files.readString(Path.of("/proc/self/cgroup"));
        LinuxCgroupDriver v1Only = new LinuxCgroupDriver(Map.of(), () -> mountinfo, () -> membership);
        String id = id();
        ContainerCgroup cg = create(v1Only, id, limits("64M", 16, "1", null));
        assertTrue(((LinuxContainerCgroup) cg).unifiedDirectory().isEmpty());
        Process sh = gated("sleep 30 & sleep 30 & echo ready; wait");
        cg.join(sh.pid());
        release(sh);
        assertEquals("ready", new String(sh.getInputStream().readNBytes(5), StandardCharsets.US_ASCII));
        long start = System.nanoTime();
        cg.close();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 1000, "close took " + millis + " ms");
        assertTrue(sh.waitFor(2, TimeUnit.SECONDS));
        assertFalse(Files.exists(dir(v1("freezer"), id)));
        assertEquals(List.of(), leftovers());
    }
}
