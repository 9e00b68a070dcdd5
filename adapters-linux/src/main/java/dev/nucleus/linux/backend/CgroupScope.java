package dev.nucleus.linux.backend;

import dev.nucleus.domain.event.ResourceStats;
import dev.nucleus.domain.lifecycle.CgroupPlacement;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.FailureAction;
import dev.nucleus.ports.CgroupException;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.out.CgroupDriver;
import dev.nucleus.ports.out.ContainerCgroup;
import dev.nucleus.ports.out.EventSink;
import java.util.Optional;

/**
 * The container's cgroup for one run, with the mode's failure semantics: strict-agent and
 * production stop (exit 125) when it cannot be created or joined; agent warns and runs without.
 * Closing it empties and removes it, so nothing the workload started outlives the run.
 */
final class CgroupScope implements AutoCloseable {
    private final ContainerCgroup cgroup;
    private final boolean fatal;
    private final EventSink events;

    private CgroupScope(ContainerCgroup cgroup, boolean fatal, EventSink events) {
        this.cgroup = cgroup;
        this.fatal = fatal;
        this.events = events;
    }

    static CgroupScope create(CgroupDriver driver, String id, ContainerSpec spec, EventSink events)
            throws LaunchFailedException {
        boolean fatal = spec.enforcement().cgroupFailure() == FailureAction.FATAL;
        try {
            return new CgroupScope(driver.create(id, spec.request().resources()), fatal, events);
        } catch (CgroupException e) {
            if (fatal) {
                throw new LaunchFailedException("cgroup: " + e.getMessage(), e);
            }
            events.warning("cgroup limits are not applied: " + e.getMessage() + " (agent mode goes on without them)");
            return new CgroupScope(null, false, events);
        }
    }

    /** The files the container process writes 0 to, joining those hierarchies itself (its plan's first steps). */
    java.util.List<String> selfJoinFiles() {
        return cgroup == null ? java.util.List.of() : cgroup.selfJoinFiles();
    }

    /**
     * Joins pid to the hierarchies the container process does not join itself. A container
     * process that failed a step of its own is exiting, so the kernel refuses to move it
     * (ESRCH): its failure is then the one reported, not the cgroup's.
     */
    void join(long pid, Networks.ContainerFailure containerFailure) throws LaunchFailedException {
        if (cgroup == null) {
            return;
        }
        try {
            cgroup.joinRemaining(pid);
        } catch (CgroupException e) {
            Optional<LaunchFailedException> first = containerFailure.get();
            if (first.isPresent()) {
                throw first.get();
            }
            if (fatal) {
                throw new LaunchFailedException("cgroup: " + e.getMessage(), e);
            }
            events.warning("the container could not join its cgroup: " + e.getMessage());
        }
    }

    /** Where the cgroup is (recorded in the state), or none when the container runs without one. */
    CgroupPlacement placement() {
        return cgroup == null ? CgroupPlacement.NONE : new CgroupPlacement(cgroup.path(), cgroup.directories());
    }

    /**
     * What the container used, read before the cgroup is emptied; none without a cgroup. With
     * {@code full} false, the OOM kill count alone (the state and the audit need it; the rest
     * goes only into events).
     */
    ResourceStats stats(boolean full) {
        if (cgroup == null) {
            return ResourceStats.NONE;
        }
        return full ? cgroup.stats() : ResourceStats.ofOomKills(cgroup.oomKills());
    }

    @Override
    public void close() throws LaunchFailedException {
        if (cgroup == null) {
            return;
        }
        try {
            cgroup.close();
        } catch (CgroupException e) {
            throw new LaunchFailedException("cgroup cleanup: " + e.getMessage(), e);
        }
    }
}
