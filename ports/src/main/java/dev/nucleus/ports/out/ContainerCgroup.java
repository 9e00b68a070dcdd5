package dev.nucleus.ports.out;

import dev.nucleus.ports.CgroupException;

/** One container's cgroup, in every hierarchy it was created in. */
public interface ContainerCgroup extends AutoCloseable {
    /** Moves pid into the cgroup in every hierarchy (v1: cgroup.procs per controller; v2: cgroup.procs). */
    void join(long pid) throws CgroupException;

    /**
     * Files the container process writes {@code 0} to, joining those hierarchies itself before
     * its other steps (cgroup v1's {@code tasks}: a process moving only itself skips the lock a
     * move by pid takes, whose first taker after a quiet spell waits a whole RCU grace period).
     * None by default: {@link #joinRemaining} then joins every hierarchy.
     */
    default java.util.List<String> selfJoinFiles() {
        return java.util.List.of();
    }

    /**
     * Moves pid into the hierarchies {@link #selfJoinFiles} leaves to the runtime, where it is not
     * in its cgroup already (a process cloned into its cgroup2 directory is).
     */
    default void joinRemaining(long pid) throws CgroupException {
        join(pid);
    }

    /**
     * The container's cgroup path relative to the hierarchy roots, e.g.
     * {@code /process_api/x/nucleus/<id>}, for events and state.
     */
    String path();

    /** Its directory in each hierarchy, by the hierarchy's controllers ({@code cgroup2} for the unified one). */
    java.util.Map<String, String> directories();

    /** What the container uses now (CPU, memory, swap, pids, I/O, OOM kills), from the cgroup's files. */
    dev.nucleus.domain.event.ResourceStats stats();

    /** How often the OOM killer killed in it (empty where nothing counts it): all a launch needs when no event carries the stats. */
    default java.util.Optional<Long> oomKills() {
        return stats().oomKills();
    }

    /**
     * Empties (freeze where available, SIGKILL every pid listed, wait until empty, bounded ~2 s)
     * and removes the cgroup in every hierarchy; idempotent; never throws for an already-removed
     * cgroup.
     */
    @Override
    void close() throws CgroupException;
}
