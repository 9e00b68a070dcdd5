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
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cgroup v2 side of {@link LinuxCgroupDriver}, end to end from {@code create} to {@code close}.
 * This host has no cgroup v2 controllers (its cgroup2 at /sys/fs/cgroup/unified is empty), so the
 * driver is run against a temporary directory laid out like a cgroup2 hierarchy: the same file
 * names, the same initial contents and formats. The driver is told, through its package-private
 * seams, that a cgroup2 file system is mounted there (a fake mountinfo line and a fake
 * {@code 0::/path} membership), to accept that directory's file-system type in its control-file
 * guard, and to let {@link Kernel} make and remove cgroup directories: on cgroupfs the kernel
 * fills a new directory with its interface files and takes them away on rmdir, which a plain
 * directory cannot do.
 *
 * <p>What such a layout cannot show: a regular file keeps only the last value written to it (so
 * several writes to {@code io.max} or {@code cgroup.subtree_control} leave just the last one), it
 * never rejects a value, and nothing updates {@code cgroup.events} or {@code cgroup.procs}. The
 * kernel's acceptance of these values is not proved here.
 */
class LinuxCgroupDriverV2LayoutTest {
    private static final String ALL = "cpu io memory pids";
    private static final String OWN_PATH = "/user.slice/agent.scope";
    private static final String ID = "0123456789abcdef";

    @TempDir
    Path tmp;
    /** Where the fake mountinfo says a cgroup2 file system is mounted. */
    Path mount;
    /** This process's own cgroup in it, per the fake {@code 0::/user.slice/agent.scope}. */
    Path own;
    Path nucleus;
    Path container;
    ControlFiles files;

    /**
     * Plays the kernel's part in mkdir(2) and rmdir(2) on the layout: a new cgroup directory gets
     * the interface files of the core and of the {@code controllers} offered to it; rmdir refuses
     * a cgroup with children or processes, else takes its files away with it, keeping what they
     * last held in {@link #removed} so a test can see what was written before removal.
     */
    static final class Kernel implements LinuxCgroupDriver.Directories {
        final String controllers;
        final boolean swapAccounting;
        final List<Path> made = new ArrayList<>();
        final Map<Path, Map<String, String>> removed = new LinkedHashMap<>();
        /** How many rmdirs to refuse with EBUSY first (a process that came in meanwhile). */
        int busyRemovals;

        Kernel(String controllers, boolean swapAccounting) {
            this.controllers = controllers;
            this.swapAccounting = swapAccounting;
        }

        @Override
        public void mkdir(Path dir) throws IOException {
            Files.createDirectory(dir);
            made.add(dir);
            populate(dir, controllers, "", swapAccounting);
        }

        @Override
        public void rmdir(Path dir) throws IOException {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new NoSuchFileException(dir.toString());
            }
            if (busyRemovals > 0) {
                busyRemovals--;
                throw new FileSystemException(dir.toString(), null, "Device or resource busy");
            }
            try (Stream<Path> s = Files.list(dir)) {
                if (s.anyMatch(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
                    throw new FileSystemException(dir.toString(), null, "Device or resource busy");
                }
            }
            if (!Files.readString(dir.resolve("cgroup.procs")).isBlank()) {
                throw new FileSystemException(dir.toString(), null, "Device or resource busy");
            }
            Map<String, String> last = new TreeMap<>();
            try (Stream<Path> s = Files.list(dir)) {
                for (Path f : s.toList()) {
                    last.put(f.getFileName().toString(), Files.readString(f));
                    Files.delete(f);
                }
            }
            Files.delete(dir);
            removed.put(dir, last);
        }
    }

    /** A cgroup2 directory's interface files as the kernel makes them, with their initial contents. */
    static void populate(Path dir, String controllers, String subtreeControl, boolean swapAccounting) throws IOException {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("cgroup.controllers", controllers + "\n");
        f.put("cgroup.subtree_control", subtreeControl + "\n");
        f.put("cgroup.procs", "");
        f.put("cgroup.threads", "");
        f.put("cgroup.type", "domain\n");
        f.put("cgroup.events", "populated 0\nfrozen 0\n");
        f.put("cgroup.freeze", "0\n");
        f.put("cgroup.kill", "");
        List<String> offered = List.of(controllers.split(" "));
        if (offered.contains("memory")) {
            f.put("memory.max", "max\n");
            f.put("memory.high", "max\n");
            f.put("memory.oom.group", "0\n");
            if (swapAccounting) {
                f.put("memory.swap.max", "max\n");
            }
        }
        if (offered.contains("cpu")) {
            f.put("cpu.max", "max 100000\n");
            f.put("cpu.weight", "100\n");
        }
        if (offered.contains("pids")) {
            f.put("pids.max", "max\n");
        }
        if (offered.contains("io")) {
            f.put("io.max", "");
        }
        for (Map.Entry<String, String> e : f.entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue());
        }
    }

    @BeforeEach
    void hierarchy() throws IOException {
        mount = Files.createDirectory(tmp.resolve("cgroup2"));
        populate(mount, ALL, ALL, true);
        own = Files.createDirectories(mount.resolve(OWN_PATH.substring(1)));
        populate(own, ALL, ALL, true);
        nucleus = own.resolve("nucleus");
        container = nucleus.resolve(ID);
        files = new ControlFiles(java.util.Set.of(Files.getFileStore(tmp).type()));
    }

    /** The shared parent as an earlier container left it: every controller enabled for its children. */
    private void existingNucleus(String controllers, String enabled) throws IOException {
        Files.createDirectory(nucleus);
        populate(nucleus, controllers, enabled, true);
    }

    private String mountinfo() {
        return "30 1 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - tmpfs tmpfs ro,mode=755\n"
                + "42 30 0:27 / " + mount + " rw,nosuid,nodev,noexec,relatime shared:5 - cgroup2 cgroup2 rw,nsdelegate\n";
    }

    private LinuxCgroupDriver driver(Kernel kernel) {
        String mi = mountinfo();
        return new LinuxCgroupDriver(Map.of(), () -> mi, () -> "0::" + OWN_PATH + "\n", files, kernel);
    }

    private static Resources limits(String memory, boolean swap, String cpus, Integer weight, long pids, String... io)
            throws Exception {
        List<IoLimit> ios = new ArrayList<>();
        for (String d : io) {
            ios.add(IoLimit.parse(d));
        }
        return new Resources(memory == null ? Optional.empty() : Optional.of(ByteSize.parse(memory)), swap,
                cpus == null ? Optional.empty() : Optional.of(CpuQuota.parse(cpus)),
                weight == null ? OptionalInt.empty() : OptionalInt.of(weight), pids, List.copyOf(ios),
                Resources.DEFAULT_MEMLOCK);
    }

    private static String read(Path dir, String file) throws IOException {
        return Files.readString(dir.resolve(file));
    }

    private List<Path> childrenOfNucleus() throws IOException {
        try (Stream<Path> s = Files.list(nucleus)) {
            return s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
        }
    }

    @Test
    void v2LayoutInATempDir_becauseThisHostHasNoV2Controllers_memoryCpuPidsIoLimitsAreWrittenInTheKernelsFormats()
            throws Exception {
        existingNucleus(ALL, ALL);
        Kernel kernel = new Kernel(ALL, true);
        ContainerCgroup cg = driver(kernel).create(ID,
                limits("64M", false, "0.5", 250, 32, "8:0 riops=100 wiops=200 rbps=1M wbps=2M"));

        assertEquals(List.of(container), kernel.made, "only the container's cgroup is made; nucleus/ is shared");
        assertEquals("67108864", read(container, "memory.max"));
        assertEquals("60397977", read(container, "memory.high"), "90% of memory.max");
        assertEquals("0", read(container, "memory.swap.max"), "no swap unless --swap");
        assertEquals("1", read(container, "memory.oom.group"));
        assertEquals("50000 100000", read(container, "cpu.max"), "quota and period in microseconds");
        assertEquals("250", read(container, "cpu.weight"));
        assertEquals("32", read(container, "pids.max"));
        assertEquals("8:0 riops=100 wiops=200 rbps=1048576 wbps=2097152", read(container, "io.max"));
        // memlock is an rlimit, no file; nothing else in the directory was written
        assertEquals("", read(container, "cgroup.procs"));
        assertEquals("0\n", read(container, "cgroup.freeze"));
        assertEquals("", read(container, "cgroup.kill"));
        assertEquals(ALL + "\n", read(nucleus, "cgroup.subtree_control"), "already enabled: not written again");

        assertEquals(OWN_PATH + "/nucleus/" + ID, cg.path());
        assertEquals(Map.of("cgroup2", container.toString()), cg.directories());
        assertEquals(Optional.of(container), ((LinuxContainerCgroup) cg).unifiedDirectory());
    }

    @Test
    void v2LayoutInATempDir_becauseThisHostHasNoV2Controllers_withSwapMemorySwapMaxIsLeftAtTheKernelsMax()
            throws Exception {
        existingNucleus(ALL, ALL);
        driver(new Kernel(ALL, true)).create(ID, limits("1G", true, null, null, 512));
        assertEquals("1073741824", read(container, "memory.max"));
        assertEquals("966367641", read(container, "memory.high"));
        assertEquals("max\n", read(container, "memory.swap.max"), "untouched");
        assertEquals("1", read(container, "memory.oom.group"));
        assertEquals("512", read(container, "pids.max"));
    }

    @Test
    void v2LayoutInATempDir_becauseThisHostHasNoV2Controllers_withoutSwapAccountingTheAbsentMemorySwapMaxIsSkipped()
            throws Exception {
        existingNucleus(ALL, ALL);
        driver(new Kernel(ALL, false)).create(ID, limits("64M", false, null, null, 32));
        assertEquals("67108864", read(container, "memory.max"));
        assertFalse(Files.exists(container.resolve("memory.swap.max")), "a control file is never created");
        assertEquals("1", read(container, "memory.oom.group"));
    }

    @Test
    void v2LayoutInATempDir_becauseThisHostHasNoV2Controllers_unlimitedPidsIsMaxAndNoMemoryLimitLeavesMemoryAlone()
            throws Exception {
        existingNucleus(ALL, ALL);
        driver(new Kernel(ALL, true)).create(ID, limits(null, false, null, null, 0));
        assertEquals("max", read(container, "pids.max"), "written, as the kernel's own spelling of unlimited");
        assertEquals("max\n", read(container, "memory.max"));
        assertEquals("max\n", read(container, "memory.high"));
        assertEquals("max\n", read(container, "memory.swap.max"));
        assertEquals("0\n", read(container, "memory.oom.group"));
        assertEquals("max 100000\n", read(container, "cpu.max"));
        assertEquals("100\n", read(container, "cpu.weight"));
        assertEquals("", read(container, "io.max"));
    }

    @Test
    void v2LayoutInATempDir_becauseThisHostHasNoV2Controllers_unlimitedPidsNeedsNoPidsController() throws Exception {
        existingNucleus("cpu io memory", "cpu io memory");
        driver(new Kernel("cpu io memory", true)).create(ID, limits("64M", false, null, null, 0));
        assertFalse(Files.exists(container.resolve("pids.max")));
        assertEquals("67108864", read(container, "memory.max"));
    }

    @Test
    void v2LayoutInATempDir_becauseThisHostHasNoV2Controllers_aNewNucleusParentGetsItsControllersEnabled()
            throws Exception {
        Kernel kernel = new Kernel("memory", true);
        driver(kernel).create(ID, limits("64M", false, null, null, 0));
        assertEquals(List.of(nucleus, container), kernel.made, "nucleus/ is made when missing, then the container");
        assertEquals("+memory", read(nucleus, "cgroup.subtree_control"), "the kernel's +controller syntax");
        assertEquals("67108864", read(container, "memory.max"));
        assertFalse(Files.exists(container.resolve("pids.max")), "pids is not offered, and --pids 0 needs none");
    }

    /** --cgroup-parent agents/team1: each level is made beneath our own cgroup and enables memory for the next. */
    @Test
    void v2LayoutInATempDir_becauseThisHostHasNoV2Controllers_aCgroupParentIsMadeLevelByLevel() throws Exception {
        Kernel kernel = new Kernel("memory", true);
        Resources r = limits("64M", false, null, null, 0);
        Resources nested = new Resources(r.memory(), r.swap(), r.cpus(), r.cpuWeight(), r.pids(), r.io(), r.memlock(),
                dev.nucleus.domain.value.CgroupParent.parse("agents/team1"));
        ContainerCgroup cg = driver(kernel).create(ID, nested);
        Path agents = own.resolve("agents");
        Path team = agents.resolve("team1");
        assertEquals(List.of(agents, team, team.resolve(ID)), kernel.made, "each level, then the container");
        assertEquals("+memory", read(agents, "cgroup.subtree_control"));
        assertEquals("+memory", read(team, "cgroup.subtree_control"));
        assertEquals("67108864", read(team.resolve(ID), "memory.max"));
        assertEquals(OWN_PATH + "/agents/team1/" + ID, cg.path());
        assertFalse(Files.exists(nucleus), "nucleus/ is not used with --cgroup-parent");
    }

    @Test
    void v2LayoutInATempDir_becauseThisHostHasNoV2Controllers_aSharedParentHasOnlyItsMissingControllerEnabled()
            throws Exception {
        existingNucleus(ALL, "cpu io pids");
        driver(new Kernel(ALL, true)).create(ID, limits("64M", false, null, null, 32));
        // writes go memory, cpu, pids, io: a rewrite of the enabled ones would have left "+io" last
        assertEquals("+memory", read(nucleus, "cgroup.subtree_control"));
    }

    @Test
    void v2LayoutInATempDir_becauseThisHostHasNoV2Controllers_joinWritesThePidToCgroupProcs() throws Exception {
        existingNucleus(ALL, ALL);
        ContainerCgroup cg = driver(new Kernel(ALL, true)).create(ID, limits(null, false, null, null, 32));
        // the test JVM's own pid: nothing here runs in the layout, and close refuses to kill itself
        long pid = ProcessHandle.current().pid();
        cg.join(pid);
        assertEquals(Long.toString(pid), read(container, "cgroup.procs"), "one pid, in decimal, in one write");
        assertThrows(IllegalArgumentException.class, () -> cg.join(0));
    }

    @Test
    void v2LayoutInATempDir_becauseThisHostHasNoV2Controllers_anEmptyCgroupIsRemovedWithoutFreezingOrKilling()
            throws Exception {
        existingNucleus(ALL, ALL);
        Kernel kernel = new Kernel(ALL, true);
        ContainerCgroup cg = driver(kernel).create(ID, limits("64M", false, "1", null, 32));
        long start = System.nanoTime();
        cg.close();
        long elapsed = System.nanoTime() - start;
        assertFalse(Files.exists(container));
        Map<String, String> last = kernel.removed.get(container);
        assertEquals("0\n", last.get("cgroup.freeze"), "never written: the initial content");
        assertEquals("", last.getOrDefault("cgroup.kill", "").strip(), "never killed");
        assertTrue(elapsed < LinuxContainerCgroup.FREEZE_BUDGET_NANOS, "no freeze wait: " + elapsed + " ns");
    }

    @Test
    void v2LayoutInATempDir_becauseThisHostHasNoV2Controllers_closeFreezesKillsThawsAndRemovesTheDirectory()
            throws Exception {
        existingNucleus(ALL, ALL);
        Kernel kernel = new Kernel(ALL, true);
        ContainerCgroup cg = driver(kernel).create(ID, limits("64M", false, "1", null, 32));
        kernel.busyRemovals = 1; // a process came in between the check and the rmdir: the full path runs
        long start = System.nanoTime();
        cg.close();
        long elapsed = System.nanoTime() - start;

        assertFalse(Files.exists(container));
        assertTrue(Files.isDirectory(nucleus), "the shared parent stays");
        Map<String, String> last = kernel.removed.get(container);
        assertEquals("1", last.get("cgroup.kill"));
        assertEquals("0", last.get("cgroup.freeze"), "frozen, then thawed after the kill so the dying can exit");
        // nothing here turns cgroup.events to "frozen 1", so close waited its whole freeze budget for it
        assertTrue(elapsed >= LinuxContainerCgroup.FREEZE_BUDGET_NANOS, "waited " + elapsed + " ns");
        assertTrue(elapsed < LinuxContainerCgroup.CLOSE_BUDGET_NANOS + TimeUnit.SECONDS.toNanos(1),
                "close took " + TimeUnit.NANOSECONDS.toMillis(elapsed) + " ms");
        assertEquals("67108864", last.get("memory.max"));
        assertEquals(List.of(container), List.copyOf(kernel.removed.keySet()));

        cg.close(); // again: nothing left to do
        assertEquals(1, kernel.removed.size());
    }

    @Test
    void v2LayoutInATempDir_becauseThisHostHasNoV2Controllers_aControllerMissingFromCgroupControllersIsNamed()
            throws Exception {
        Map<String, Resources> cases = new LinkedHashMap<>();
        cases.put("memory", limits("64M", false, null, null, 32));
        cases.put("cpu", limits(null, false, "0.5", null, 32));
        cases.put("pids", limits(null, false, null, null, 32));
        cases.put("io", limits(null, false, null, null, 0, "8:0 wbps=1M"));
        Map<String, String> flag = Map.of("memory", "--memory", "cpu", "--cpus", "pids", "--pids", "io", "--io-limit");
        for (Map.Entry<String, Resources> c : cases.entrySet()) {
            String missing = c.getKey();
            String offered = String.join(" ", List.of(ALL.split(" ")).stream().filter(x -> !x.equals(missing)).toList());
            // a fresh own cgroup per case, to which the missing controller is not delegated
            deleteTree(own);
            Files.createDirectory(own);
            populate(own, offered, offered, true);
            Kernel kernel = new Kernel(offered, true);

            CgroupException e = assertThrows(CgroupException.class, () -> driver(kernel).create(ID, c.getValue()),
                    missing);
            assertEquals(Optional.of(missing), e.controller(), e.getMessage());
            assertTrue(e.getMessage().contains(flag.get(missing)), e.getMessage());
            assertTrue(e.getMessage().contains("not enabled in " + container.resolve("cgroup.controllers")),
                    e.getMessage());
            assertEquals(List.of(nucleus, container), kernel.made);
            assertEquals(List.of(container), List.copyOf(kernel.removed.keySet()), "the container's cgroup is removed");
            assertEquals(List.of(), childrenOfNucleus(), missing + ": nothing is left behind");
            assertFalse(kernel.removed.get(container).containsKey(missing + ".max"),
                    "the kernel offered no " + missing + " files to write");
        }
    }

    @Test
    void v2LayoutInATempDir_becauseThisHostHasNoV2Controllers_anExistingContainerCgroupIsRefusedAndKept()
            throws Exception {
        existingNucleus(ALL, ALL);
        Kernel kernel = new Kernel(ALL, true);
        driver(kernel).create(ID, limits("64M", false, null, null, 32));
        CgroupException e = assertThrows(CgroupException.class,
                () -> driver(kernel).create(ID, limits("8M", false, null, null, 4)));
        assertTrue(e.getMessage().contains("mkdir " + container + ": File exists"), e.getMessage());
        assertEquals(Map.of(), kernel.removed, "the other container's cgroup is not rolled back");
        assertEquals("67108864", read(container, "memory.max"));
        assertEquals("32", read(container, "pids.max"));
    }

    @Test
    void v2LayoutInATempDir_becauseThisHostHasNoV2Controllers_theProductionGuardRefusesItAsNotCgroupfs()
            throws Exception {
        existingNucleus(ALL, ALL);
        String mi = mountinfo();
        LinuxCgroupDriver production = new LinuxCgroupDriver(Map.of(), () -> mi, () -> "0::" + OWN_PATH + "\n");
        CgroupException e = assertThrows(CgroupException.class,
                () -> production.create(ID, limits("64M", false, null, null, 32)));
        assertTrue(e.getMessage().contains("refusing a file on a " + Files.getFileStore(tmp).type() + " file system"),
                e.getMessage());
        assertEquals(List.of(), childrenOfNucleus());
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
