package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.*;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** cgroup limits and rlimits. {@code pids} 0 means unlimited. */
public record Resources(Optional<ByteSize> memory, boolean swap, Optional<CpuQuota> cpus, OptionalInt cpuWeight,
                        long pids, List<IoLimit> io, ByteSize memlock, CgroupParent cgroupParent) {
    /** Without --cgroup-parent: container cgroups go to {@code nucleus/} beneath the caller's cgroup. */
    public Resources(Optional<ByteSize> memory, boolean swap, Optional<CpuQuota> cpus, OptionalInt cpuWeight,
                     long pids, List<IoLimit> io, ByteSize memlock) {
        this(memory, swap, cpus, cpuWeight, pids, io, memlock, CgroupParent.DEFAULT);
    }

    public static final long DEFAULT_PIDS = 512;
    /** The smallest --memory: 6M. */
    public static final long MIN_MEMORY = 6L << 20;

    /**
     * cgroup v2 weight [1, 10000] to v1 cpu.shares, as the kernel's scheduler relates them: a v2
     * weight W is scheduled as W * 1024 / 100 (kernel/sched, sched_weight_from_cgroup), the unit of
     * v1 shares, so the defaults meet (100 is 1024) and weights keep their ratios on either
     * hierarchy. runc's linear map of [2, 262144] onto [1, 10000], inverted, made 100 into 2597:
     * a container asking for the default weight got 2.5 times a default task's share. 1..10000
     * becomes 10..102400, strictly increasing and within v1's [2, 262144].
     */
    public static long cpuShares(int weight) {
        if (weight < 1 || weight > 10_000) {
            throw new IllegalArgumentException("cpu weight out of range [1, 10000]: " + weight);
        }
        return (weight * 1024L + 50) / 100; // rounded to the closest, as the kernel does
    }
    public static final ByteSize DEFAULT_MEMLOCK = new ByteSize(64 << 10);
}
