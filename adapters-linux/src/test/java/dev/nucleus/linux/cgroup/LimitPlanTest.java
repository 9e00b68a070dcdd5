package dev.nucleus.linux.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.spec.Resources;
import dev.nucleus.domain.value.ByteSize;
import dev.nucleus.domain.value.CpuQuota;
import dev.nucleus.domain.value.IoLimit;
import dev.nucleus.linux.cgroup.LimitPlan.Need;
import dev.nucleus.linux.cgroup.LimitPlan.Write;
import dev.nucleus.ports.CgroupException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The pure mapping of limits to control-file writes, v2 and v1. */
class LimitPlanTest {
    static Resources resources(Optional<ByteSize> memory, boolean swap, Optional<CpuQuota> cpus, OptionalInt weight,
                               long pids, List<IoLimit> io) {
        return new Resources(memory, swap, cpus, weight, pids, io, Resources.DEFAULT_MEMLOCK);
    }

    static final Resources FULL = full(false);

    static Resources full(boolean swap) {
        try {
            return resources(Optional.of(ByteSize.parse("64M")), swap, Optional.of(CpuQuota.parse("0.5")),
                    OptionalInt.of(100), 32, List.of(IoLimit.parse("8:0 riops=100 wbps=1M"), IoLimit.parse("8:16 rbps=2K")));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> render(List<Write> writes) {
        return writes.stream().map(w -> w.controller() + " " + w.file() + "=" + w.value() + " " + w.need()).toList();
    }

    @Test
    void v2InTheReferenceOrder() {
        assertEquals(List.of(
                "memory memory.max=67108864 REQUIRED",
                "memory memory.high=60397977 REQUIRED",
                "memory memory.swap.max=0 IF_FILE",
                "memory memory.oom.group=1 IF_FILE",
                "cpu cpu.max=50000 100000 REQUIRED",
                "cpu cpu.weight=100 REQUIRED",
                "pids pids.max=32 REQUIRED",
                "io io.max=8:0 riops=100 wbps=1048576 REQUIRED",
                "io io.max=8:16 rbps=2048 REQUIRED"), render(LimitPlan.v2(FULL)));
    }

    @Test
    void v1Files() {
        assertEquals(List.of(
                "memory memory.limit_in_bytes=67108864 REQUIRED",
                "memory memory.memsw.limit_in_bytes=67108864 IF_FILE",
                "memory memory.oom_control=0 IF_FILE",
                "cpu cpu.cfs_period_us=100000 REQUIRED",
                "cpu cpu.cfs_quota_us=50000 REQUIRED",
                "cpu cpu.shares=1024 REQUIRED",
                "pids pids.max=32 REQUIRED",
                "blkio blkio.throttle.write_bps_device=8:0 1048576 REQUIRED",
                "blkio blkio.throttle.read_iops_device=8:0 100 REQUIRED",
                "blkio blkio.throttle.read_bps_device=8:16 2048 REQUIRED"), render(LimitPlan.v1(FULL)));
    }

    @Test
    void swapLeavesSwapUnlimited() {
        assertEquals(List.of("memory.max", "memory.high", "memory.oom.group"),
                LimitPlan.v2(full(true)).stream().filter(w -> w.controller().equals("memory")).map(Write::file).toList());
        assertEquals(List.of("memory.limit_in_bytes", "memory.oom_control"),
                LimitPlan.v1(full(true)).stream().filter(w -> w.controller().equals("memory")).map(Write::file).toList());
    }

    @Test
    void defaultsAreJustPids() {
        Resources none = resources(Optional.empty(), false, Optional.empty(), OptionalInt.empty(), 512, List.of());
        assertEquals(List.of(new Write("pids", "pids.max", "512", Need.REQUIRED, "--pids")), LimitPlan.v2(none));
        assertEquals(LimitPlan.v2(none), LimitPlan.v1(none));
    }

    @Test
    void zeroPidsIsMaxAndOptional() {
        Resources unlimited = resources(Optional.empty(), false, Optional.empty(), OptionalInt.empty(), 0, List.of());
        assertEquals(List.of(new Write("pids", "pids.max", "max", Need.IF_CONTROLLER, "--pids 0")), LimitPlan.v1(unlimited));
    }

    @Test
    void cpuQuotaIsExact() throws Exception {
        Resources r = resources(Optional.empty(), false, Optional.of(CpuQuota.parse("2.125")), OptionalInt.empty(), 0, List.of());
        assertEquals("212500 100000", LimitPlan.v2(r).getFirst().value());
        assertEquals("212500", LimitPlan.v1(r).get(1).value());
    }

    @Test
    void highIsNinetyPercentWithoutOverflow() {
        assertEquals(90, LimitPlan.high(100));
        assertEquals(60397977, LimitPlan.high(64L << 20));
        assertEquals(Long.MAX_VALUE / 10 * 9 + 6, LimitPlan.high(Long.MAX_VALUE));
    }

    private static final Path V2 = Path.of("/sys/fs/cgroup/nucleus/c1");
    private static final Path MEM = Path.of("/sys/fs/cgroup/memory/nucleus/c1");
    private static final Path CPU = Path.of("/sys/fs/cgroup/cpu,cpuacct/nucleus/c1");
    private static final Path PIDS = Path.of("/sys/fs/cgroup/pids/nucleus/c1");
    private static final Path BLKIO = Path.of("/sys/fs/cgroup/blkio/nucleus/c1");
    private static final Map<String, Path> V1_ALL = Map.of("memory", MEM, "cpu", CPU, "cpuacct", CPU, "pids", PIDS,
            "blkio", BLKIO);

    private static List<String> where(List<LimitPlan.Placed> placed) {
        return placed.stream().map(p -> p.dir().getFileName() + "@" + p.dir().getParent().getParent().getFileName()
                + " " + p.write().file()).toList();
    }

    @Test
    void unifiedOnlyPutsEverythingInCgroup2() throws Exception {
        List<LimitPlan.Placed> placed = LimitPlan.place(FULL, Optional.of(V2), Set.of("cpu", "io", "memory", "pids"),
                Map.of(), Map.of());
        assertEquals(LimitPlan.v2(FULL), placed.stream().map(LimitPlan.Placed::write).toList());
        assertEquals(Set.of(V2), placed.stream().map(LimitPlan.Placed::dir).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void unifiedWithoutTheMemoryControllerNamesIt() {
        CgroupException e = assertThrows(CgroupException.class, () -> LimitPlan.place(FULL, Optional.of(V2),
                Set.of("cpu", "pids", "io"), Map.of(), Map.of()));
        assertEquals(Optional.of("memory"), e.controller());
        assertEquals("cgroup controller 'memory' is not usable (not mounted as cgroup v1 and not enabled in "
                + V2.resolve("cgroup.controllers") + "), so --memory cannot be enforced", e.getMessage());
    }

    @Test
    void hybridWithAnEmptyCgroup2UsesTheV1Hierarchies() throws Exception {
        List<LimitPlan.Placed> placed = LimitPlan.place(FULL, Optional.of(V2), Set.of(), V1_ALL, Map.of());
        assertEquals(LimitPlan.v1(FULL), placed.stream().map(LimitPlan.Placed::write).toList());
        assertEquals(List.of(
                "c1@memory memory.limit_in_bytes", "c1@memory memory.memsw.limit_in_bytes", "c1@memory memory.oom_control",
                "c1@cpu,cpuacct cpu.cfs_period_us", "c1@cpu,cpuacct cpu.cfs_quota_us", "c1@cpu,cpuacct cpu.shares",
                "c1@pids pids.max",
                "c1@blkio blkio.throttle.write_bps_device", "c1@blkio blkio.throttle.read_iops_device",
                "c1@blkio blkio.throttle.read_bps_device"), where(placed));
    }

    @Test
    void hybridWithSomeControllersOnCgroup2SplitsByController() throws Exception {
        List<LimitPlan.Placed> placed = LimitPlan.place(FULL, Optional.of(V2), Set.of("pids", "io"),
                Map.of("memory", MEM, "cpu", CPU), Map.of());
        assertEquals(List.of(
                "c1@memory memory.limit_in_bytes", "c1@memory memory.memsw.limit_in_bytes", "c1@memory memory.oom_control",
                "c1@cpu,cpuacct cpu.cfs_period_us", "c1@cpu,cpuacct cpu.cfs_quota_us", "c1@cpu,cpuacct cpu.shares",
                "c1@cgroup pids.max", "c1@cgroup io.max", "c1@cgroup io.max"), where(placed));
    }

    @Test
    void v1OnlyIoIsBlkioAndAMissingOneSaysWhy() {
        CgroupException e = assertThrows(CgroupException.class, () -> LimitPlan.place(FULL, Optional.empty(), Set.of(),
                Map.of("memory", MEM, "cpu", CPU, "pids", PIDS), Map.of()));
        assertEquals(Optional.of("io"), e.controller());
        assertTrue(e.getMessage().contains("not mounted as cgroup v1 (blkio) and no cgroup2 hierarchy is usable"),
                e.getMessage());
        CgroupException ro = assertThrows(CgroupException.class, () -> LimitPlan.place(FULL, Optional.empty(), Set.of(),
                Map.of("cpu", CPU, "pids", PIDS, "blkio", BLKIO),
                Map.of("memory", "this process's cgroup /sys/fs/cgroup/memory/x is not writable")));
        assertEquals(Optional.of("memory"), ro.controller());
        assertTrue(ro.getMessage().contains("/sys/fs/cgroup/memory/x is not writable"), ro.getMessage());
    }

    @Test
    void unlimitedPidsNeedsNoPidsController() throws Exception {
        Resources unlimited = resources(Optional.empty(), false, Optional.empty(), OptionalInt.empty(), 0, List.of());
        assertEquals(List.of(), LimitPlan.place(unlimited, Optional.empty(), Set.of(), Map.of("memory", MEM), Map.of()));
        assertEquals(List.of(new LimitPlan.Placed(PIDS, new Write("pids", "pids.max", "max", Need.IF_CONTROLLER, "--pids 0"))),
                LimitPlan.place(unlimited, Optional.empty(), Set.of(), V1_ALL, Map.of()));
    }
}
