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

    /** cgroup v2 weight [1, 10000] to v1 cpu.shares [2, 262144], linearly (runc's conversion, inverted). */
    public static long cpuShares(int weight) {
        if (weight < 1 || weight > 10_000) {
            throw new IllegalArgumentException("cpu weight out of range [1, 10000]: " + weight);
        }
        return 2 + ((weight - 1L) * 262_142L) / 9_999L;
    }
    public static final ByteSize DEFAULT_MEMLOCK = new ByteSize(64 << 10);
}
