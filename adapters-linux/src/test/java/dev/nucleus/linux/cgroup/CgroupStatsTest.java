package dev.nucleus.linux.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.event.ResourceStats;
import dev.nucleus.ports.CgroupException;
import dev.nucleus.ports.out.ContainerCgroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resource statistics read from a container's cgroup files. This machine has no cgroup v2
 * controllers (its cgroup2 at /sys/fs/cgroup/unified is empty), so the v2 reader is tested
 * against a temporary directory laid out like a cgroup2 container directory (same file names,
 * same formats); the v1 reader against a temporary layout like this host's v1 hierarchies. The
 * control-file reader is told to accept the temporary directory's file system.
 */
class CgroupStatsTest {
    private static final String ID = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path tmp;
    ControlFiles files;

    @BeforeEach
    void setUp() throws IOException {
        files = new ControlFiles(Set.of(Files.getFileStore(tmp).type()));
    }

    private static Path dir(Path root, String... names) throws IOException {
        Path d = root;
        for (String n : names) {
            d = d.resolve(n);
        }
        return Files.createDirectories(d);
    }

    private static void write(Path dir, String file, String text) throws IOException {
        Files.writeString(dir.resolve(file), text);
    }

    private static LinuxContainerCgroup.Member v1(String label, Path dir) {
        return new LinuxContainerCgroup.Member(label, false, label.contains("freezer"), dir, "/nucleus/" + ID);
    }

    private static LinuxContainerCgroup.Member v2(Path dir) {
        return new LinuxContainerCgroup.Member("cgroup2", true, false, dir, "/nucleus/" + ID);
    }

    /** A cgroup2 container directory as the kernel shows it with cpu, memory, pids and io enabled. */
    private Path v2Tree(String memoryMax, String pidsMax) throws IOException {
        Path d = dir(tmp, "unified", "nucleus", ID);
        write(d, "cgroup.procs", "");
        write(d, "cgroup.controllers", "cpu io memory pids\n");
        write(d, "cpu.stat", """
                usage_usec 1234567
                user_usec 1000000
                system_usec 234567
                nr_periods 0
                nr_throttled 0
                throttled_usec 0
                """);
        write(d, "memory.current", "52428800\n");
        write(d, "memory.max", memoryMax + "\n");
        write(d, "memory.swap.current", "4096\n");
        write(d, "memory.events", """
                low 0
                high 0
                max 12
                oom 3
                oom_kill 2
                oom_group_kill 0
                """);
        write(d, "pids.current", "7\n");
        write(d, "pids.max", pidsMax + "\n");
        write(d, "io.stat", """
                8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0
                259:0 rbytes=100 wbytes=1 rios=3 wios=1 dbytes=512 dios=1
                """);
        return d;
    }

    /** This host's v1 layout: memory, cpu and cpuacct, pids, blkio in hierarchies of their own. */
    private Map<String, Path> v1Tree(String memoryLimit, String pidsMax) throws IOException {
        Map<String, Path> dirs = new LinkedHashMap<>();
        Path mem = dir(tmp, "memory", "process_api", "x", "nucleus", ID);
        write(mem, "memory.usage_in_bytes", "67108864\n");
        write(mem, "memory.limit_in_bytes", memoryLimit + "\n");
        write(mem, "memory.memsw.usage_in_bytes", "67112960\n");
        write(mem, "memory.oom_control", """
                oom_kill_disable 0
                under_oom 0
                oom_kill 2
                """);
        dirs.put("memory", mem);
        Path cpu = dir(tmp, "cpu", "nucleus", ID);
        write(cpu, "cpu.shares", "1024\n");
        dirs.put("cpu", cpu);
        Path cpuacct = dir(tmp, "cpuacct", "nucleus", ID);
        write(cpuacct, "cpuacct.usage", "987654321\n");
        dirs.put("cpuacct", cpuacct);
        Path pids = dir(tmp, "pids", "nucleus", ID);
        write(pids, "pids.current", "3\n");
        write(pids, "pids.max", pidsMax + "\n");
        dirs.put("pids", pids);
        Path blkio = dir(tmp, "blkio", "nucleus", ID);
        write(blkio, "blkio.throttle.io_service_bytes", """
                8:0 Read 4096
                8:0 Write 512
                8:0 Sync 4608
                8:0 Async 0
                8:0 Discard 0
                8:0 Total 4608
                259:0 Read 10
                259:0 Write 20
                259:0 Total 30
                Total 4638
                """);
        dirs.put("blkio", blkio);
        return dirs;
    }

    private LinuxContainerCgroup cgroup(List<LinuxContainerCgroup.Member> members) {
        return new LinuxContainerCgroup(members, "/nucleus/" + ID, files);
    }

    private LinuxContainerCgroup v1Cgroup(Map<String, Path> dirs) {
        return cgroup(dirs.entrySet().stream().map(e -> v1(e.getKey(), e.getValue())).toList());
    }

    @Test
    void v2LayoutInATempDirBecauseThisHostHasNoV2ControllersReadsEveryValue() throws Exception {
        Path d = v2Tree("268435456", "64");
        ResourceStats s = cgroup(List.of(v2(d))).stats();
        assertEquals(new ResourceStats(Optional.of(1_234_567_000L), Optional.of(52_428_800L), Optional.of(268_435_456L),
                Optional.of(4096L), Optional.of(7L), Optional.of(64L), Optional.of(4196L), Optional.of(8193L),
                Optional.of(2L)), s);
        assertTrue(s.oomKilled());
        assertEquals(Optional.of(100.0 * 52_428_800 / 268_435_456), s.memoryPercent());
    }

    /** Words as the kernel's key-value files separate them (spaces, tabs), as "\\s+" split them before. */
    @Test
    void wordsAreWhatABlankSplitGave() {
        for (String line : new String[]{"oom_kill 2", "  8:0 Read 4096\t", "rbytes=1 wbytes=2\n8:16 rbytes=3", "", " ",
                "\tmax\n"}) {
            List<String> expected = java.util.Arrays.stream(line.strip().split("\\s+")).filter(w -> !w.isEmpty())
                    .toList();
            assertEquals(expected, CgroupStats.words(line), "'" + line + "'");
        }
    }

    /** The OOM count alone (a launch without an event stream) is the one the full read gives. */
    @Test
    void theOomKillCountAloneEqualsTheFullRead() throws Exception {
        var v2 = cgroup(List.of(v2(v2Tree("268435456", "64"))));
        assertEquals(Optional.of(2L), v2.oomKills());
        assertEquals(v2.stats().oomKills(), v2.oomKills());
        var v1 = v1Cgroup(v1Tree("67108864", "32"));
        assertEquals(Optional.of(2L), v1.oomKills());
        assertEquals(v1.stats().oomKills(), v1.oomKills());
        Path bare = dir(tmp, "unified", "nucleus", "bare");
        write(bare, "cgroup.controllers", "");
        assertEquals(Optional.empty(), cgroup(List.of(v2(bare))).oomKills(), "no memory controller: unknown");
    }

    @Test
    void v2LayoutInATempDirBecauseThisHostHasNoV2ControllersMaxMeansNoLimit() throws Exception {
        Path d = v2Tree("max", "max");
        ResourceStats s = cgroup(List.of(v2(d))).stats();
        assertEquals(Optional.empty(), s.memoryLimitBytes());
        assertEquals(Optional.empty(), s.pidsLimit());
        assertEquals(Optional.of(52_428_800L), s.memoryBytes());
        assertEquals(Optional.of(7L), s.pids());
        assertEquals(Optional.empty(), s.memoryPercent());
    }

    @Test
    void v2LayoutInATempDirBecauseThisHostHasNoV2ControllersWithoutControllersReadsNothing() throws Exception {
        // what this host's own cgroup2 gives a container: the core files only
        Path d = dir(tmp, "unified", "nucleus", ID);
        write(d, "cgroup.procs", "");
        write(d, "cgroup.controllers", "");
        write(d, "cgroup.events", "populated 0\nfrozen 0\n");
        assertEquals(ResourceStats.NONE, cgroup(List.of(v2(d))).stats());
    }

    @Test
    void v2LayoutInATempDirBecauseThisHostHasNoV2ControllersNoOomKillIsZero() throws Exception {
        Path d = v2Tree("1048576", "10");
        write(d, "memory.events", "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n");
        ResourceStats s = cgroup(List.of(v2(d))).stats();
        assertEquals(Optional.of(0L), s.oomKills());
        assertTrue(!s.oomKilled());
    }

    @Test
    void v2LayoutInATempDirBecauseThisHostHasNoV2ControllersEmptyIoStatIsZeroBytes() throws Exception {
        Path d = v2Tree("max", "max");
        write(d, "io.stat", "");
        ResourceStats s = cgroup(List.of(v2(d))).stats();
        assertEquals(Optional.of(0L), s.ioReadBytes());
        assertEquals(Optional.of(0L), s.ioWriteBytes());
    }

    @Test
    void v1LayoutLikeThisHostsHierarchiesReadsEveryValue() throws Exception {
        ResourceStats s = v1Cgroup(v1Tree("67108864", "32")).stats();
        assertEquals(new ResourceStats(Optional.of(987_654_321L), Optional.of(67_108_864L), Optional.of(67_108_864L),
                Optional.of(4096L), Optional.of(3L), Optional.of(32L), Optional.of(4106L), Optional.of(532L),
                Optional.of(2L)), s);
        assertEquals(Optional.of(100.0), s.memoryPercent());
        assertTrue(s.oomKilled());
    }

    @Test
    void v1LayoutLikeThisHostsHierarchiesPageRoundedLongMaxMeansNoLimit() throws Exception {
        ResourceStats s = v1Cgroup(v1Tree("9223372036854771712", "max")).stats();
        assertEquals(Optional.empty(), s.memoryLimitBytes());
        assertEquals(Optional.empty(), s.pidsLimit());
        assertEquals(Optional.of(67_108_864L), s.memoryBytes());
        assertEquals(Optional.empty(), s.memoryPercent());
    }

    @Test
    void v1LayoutWithCpuAndCpuacctCoMountedReadsCpuacctUsage() throws Exception {
        Map<String, Path> dirs = v1Tree("67108864", "32");
        Path both = dir(tmp, "cpu,cpuacct", "nucleus", ID);
        write(both, "cpuacct.usage", "5000\n");
        dirs.remove("cpu");
        dirs.remove("cpuacct");
        dirs.put("cpu,cpuacct", both);
        assertEquals(Optional.of(5000L), v1Cgroup(dirs).stats().cpuNanos());
    }

    @Test
    void v1LayoutWithoutMemswReportsNoSwap() throws Exception {
        Map<String, Path> dirs = v1Tree("67108864", "32");
        Files.delete(dirs.get("memory").resolve("memory.memsw.usage_in_bytes"));
        ResourceStats s = v1Cgroup(dirs).stats();
        assertEquals(Optional.empty(), s.swapBytes());
        assertEquals(Optional.of(67_108_864L), s.memoryBytes());
    }

    @Test
    void aControllerNoHierarchyHoldsIsEmpty() throws Exception {
        Map<String, Path> dirs = v1Tree("67108864", "32");
        dirs.remove("pids");
        dirs.remove("blkio");
        ResourceStats s = v1Cgroup(dirs).stats();
        assertEquals(Optional.empty(), s.pids());
        assertEquals(Optional.empty(), s.pidsLimit());
        assertEquals(Optional.empty(), s.ioReadBytes());
        assertEquals(Optional.empty(), s.ioWriteBytes());
        assertEquals(Optional.of(67_108_864L), s.memoryBytes());
    }

    @Test
    void hybridLayoutLikeThisHostReadsV1ControllersNotTheEmptyCgroup2() throws Exception {
        Map<String, Path> dirs = v1Tree("67108864", "32");
        Path unified = dir(tmp, "unified", "nucleus", ID);
        write(unified, "cgroup.procs", "");
        write(unified, "cgroup.controllers", "");
        List<LinuxContainerCgroup.Member> members = new java.util.ArrayList<>(
                dirs.entrySet().stream().map(e -> v1(e.getKey(), e.getValue())).toList());
        members.add(v2(unified));
        ResourceStats s = cgroup(members).stats();
        assertEquals(v1Cgroup(dirs).stats(), s);
        assertEquals(Optional.of(987_654_321L), s.cpuNanos());
    }

    /**
     * A gVisor sandbox's cgroup as runsc makes it on this host, recorded as observed: every v1
     * hierarchy apart, the named name=systemd one among them, and the cgroup2 directory absent.
     */
    @Test
    void aSandboxsCgroupAsRunscLaysItOutReadsEveryValue() throws Exception {
        Map<String, Path> dirs = v1Tree("67108864", "512");
        dirs.put("name=systemd", dir(tmp, "systemd", "nucleus", ID));
        List<LinuxContainerCgroup.Member> members = new java.util.ArrayList<>(
                dirs.entrySet().stream().map(e -> v1(e.getKey(), e.getValue())).toList());
        members.add(v2(tmp.resolve("unified").resolve("nucleus").resolve(ID)));
        assertEquals(new ResourceStats(Optional.of(987_654_321L), Optional.of(67_108_864L), Optional.of(67_108_864L),
                Optional.of(4096L), Optional.of(3L), Optional.of(512L), Optional.of(4106L), Optional.of(532L),
                Optional.of(2L)), cgroup(members).stats());
    }

    @Test
    void hybridWithAV1ControllerAndTheSameOnCgroup2PrefersTheV1Hierarchy() throws Exception {
        Map<String, Path> dirs = v1Tree("67108864", "32");
        Path d = v2Tree("max", "max");
        List<LinuxContainerCgroup.Member> members = new java.util.ArrayList<>(
                dirs.entrySet().stream().map(e -> v1(e.getKey(), e.getValue())).toList());
        members.add(v2(d));
        assertEquals(Optional.of(67_108_864L), cgroup(members).stats().memoryBytes());
    }

    @Test
    void aMemberWhoseDirectoryIsGoneIsLeftOut() throws Exception {
        Map<String, Path> dirs = v1Tree("67108864", "32");
        Path gone = tmp.resolve("memory-gone").resolve(ID);
        dirs.put("memory", gone);
        ResourceStats s = v1Cgroup(dirs).stats();
        assertEquals(Optional.empty(), s.memoryBytes());
        assertEquals(Optional.empty(), s.oomKills());
        assertEquals(Optional.of(3L), s.pids());
        assertEquals(Optional.empty(), v1Cgroup(dirs).oomKills(), "asked alone, as a launch's teardown does");
    }

    @Test
    void aSymlinkedControlFileIsNotRead() throws Exception {
        Path d = v2Tree("max", "max");
        Path elsewhere = Files.writeString(tmp.resolve("elsewhere"), "999\n");
        Files.delete(d.resolve("pids.current"));
        Files.createSymbolicLink(d.resolve("pids.current"), elsewhere);
        assertEquals(Optional.empty(), cgroup(List.of(v2(d))).stats().pids());
    }

    @Test
    void theProductionReaderReadsNothingFromFilesNotOnCgroupfs() throws Exception {
        Path d = v2Tree("max", "max");
        LinuxContainerCgroup cg = new LinuxContainerCgroup(List.of(v2(d)), "/nucleus/" + ID, ControlFiles.CGROUPFS);
        ResourceStats s = cg.stats();
        assertEquals(Optional.empty(), s.memoryBytes());
        assertEquals(Optional.empty(), s.cpuNanos());
        assertEquals(Optional.empty(), s.pids());
    }

    @Test
    void directoriesAreByLabel() throws Exception {
        Map<String, Path> dirs = v1Tree("1", "1");
        Path unified = dir(tmp, "unified", "nucleus", ID);
        List<LinuxContainerCgroup.Member> members = new java.util.ArrayList<>(
                dirs.entrySet().stream().map(e -> v1(e.getKey(), e.getValue())).toList());
        members.add(v2(unified));
        LinuxContainerCgroup cg = cgroup(members);
        Map<String, String> expected = new LinkedHashMap<>();
        dirs.forEach((k, v) -> expected.put(k, v.toString()));
        expected.put("cgroup2", unified.toString());
        assertEquals(expected, cg.directories());
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(cg.directories().keySet()), "in member order");
        assertEquals(Optional.of(unified), cg.unifiedDirectory());
        assertEquals("/nucleus/" + ID, cg.path());
    }

    @Test
    void numbersAndFieldsParseAsTheKernelWritesThem() {
        assertEquals(Optional.of(42L), CgroupStats.number(" 42\n"));
        assertEquals(Optional.empty(), CgroupStats.number("max\n"));
        assertEquals(Optional.empty(), CgroupStats.number(""));
        assertEquals(Optional.empty(), CgroupStats.number("12 34"));
        assertEquals(Optional.of(5L), CgroupStats.field("oom 1\noom_kill 5\noom_group_kill 9\n", "oom_kill"));
        assertEquals(Optional.empty(), CgroupStats.field("oom 1\n", "oom_kill"));
    }

    // reopen: only a container's own directory under /sys/fs/cgroup, named for it, absolute and normalized

    private final LinuxCgroupDriver driver = new LinuxCgroupDriver(Map.of());

    private void refused(Map<String, String> dirs) {
        CgroupException e = assertThrows(CgroupException.class, () -> driver.reopen(ID, dirs), dirs.toString());
        assertTrue(e.getMessage().contains("not a cgroup of container " + ID), e.getMessage());
    }

    @Test
    void reopenRefusesADirectoryOutsideSysFsCgroup() {
        refused(Map.of("memory", "/tmp/nucleus/" + ID));
        refused(Map.of("memory", "/sys/fs/cgroupx/memory/" + ID));
        refused(Map.of("memory", "/sys/fs/" + ID));
        refused(Map.of("cgroup2", tmp.resolve(ID).toString()));
    }

    @Test
    void reopenRefusesADirectoryNotNamedForTheContainer() {
        refused(Map.of("memory", "/sys/fs/cgroup/memory/nucleus/ffffffffffffffffffffffffffffffff"));
        refused(Map.of("memory", "/sys/fs/cgroup/memory/nucleus"));
        refused(Map.of("memory", "/sys/fs/cgroup/memory/" + ID + "/child"));
        refused(Map.of("memory", "/sys/fs/cgroup/memory/nucleus-x" + ID));
        refused(Map.of("cgroup2", "/sys/fs/cgroup"));
        refused(Map.of("cgroup2", "/"));
    }

    @Test
    void reopenRefusesARelativeDirectory() {
        refused(Map.of("memory", "sys/fs/cgroup/memory/nucleus/" + ID));
        refused(Map.of("memory", "nucleus/" + ID));
        refused(Map.of("memory", ID));
    }

    @Test
    void reopenRefusesDotDotAndOtherUnnormalizedPaths() {
        refused(Map.of("memory", "/sys/fs/cgroup/memory/../../../../tmp/" + ID));
        refused(Map.of("memory", "/sys/fs/cgroup/memory/nucleus/../nucleus/" + ID));
        refused(Map.of("memory", "/sys/fs/cgroup/memory/nucleus/./" + ID));
        refused(Map.of("memory", "/sys/fs/cgroup/../cgroup/memory/" + ID));
    }

    @Test
    void reopenRefusesAllWhenOneDirectoryIsBad() {
        Map<String, String> dirs = new LinkedHashMap<>();
        dirs.put("memory", "/sys/fs/cgroup/memory/nucleus/" + ID);
        dirs.put("pids", "/etc/" + ID);
        refused(dirs);
    }

    @Test
    void reopenRefusesABadId() {
        for (String bad : List.of("", "..", "a/b", "../x")) {
            assertThrows(CgroupException.class, () -> driver.reopen(bad, Map.of()), bad);
        }
        assertThrows(CgroupException.class, () -> driver.reopen(null, Map.of()));
    }

    @Test
    void reopenAcceptsTheContainersOwnDirectoriesAndReadsNothingWhenTheyAreGone() throws Exception {
        // this id's cgroups do not exist on this host: reopen only records them
        Map<String, String> dirs = new LinkedHashMap<>();
        dirs.put("memory", "/sys/fs/cgroup/memory/process_api/x/nucleus/" + ID);
        dirs.put("cpu", "/sys/fs/cgroup/cpu/nucleus/" + ID);
        dirs.put("freezer", "/sys/fs/cgroup/freezer/nucleus/" + ID);
        dirs.put("cgroup2", "/sys/fs/cgroup/unified/nucleus-" + ID);
        for (String d : dirs.values()) {
            assertTrue(!Files.exists(Path.of(d)), d + " must not exist for this test");
        }
        ContainerCgroup cg = driver.reopen(ID, dirs);
        assertEquals(dirs, cg.directories());
        assertEquals(List.copyOf(dirs.keySet()), List.copyOf(cg.directories().keySet()));
        LinuxContainerCgroup linux = (LinuxContainerCgroup) cg;
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/unified/nucleus-" + ID)), linux.unifiedDirectory());
        assertTrue(linux.members().stream().filter(m -> m.label().equals("freezer")).allMatch(LinuxContainerCgroup.Member::freezer));
        assertTrue(linux.members().stream().filter(m -> !m.label().equals("freezer")).noneMatch(LinuxContainerCgroup.Member::freezer));
        assertEquals(ResourceStats.NONE, cg.stats());
        cg.close(); // nothing there: a no-op
    }
}
