package dev.nucleus.domain.lifecycle;

import dev.nucleus.domain.event.SecurityStatus;

import java.util.Optional;

/**
 * A container in one state of its lifecycle:
 * <pre>
 *   Creating ─created→ Created ─started→ Running ─stopping→ Stopping ─exited→ Stopped
 *      │                  │                 └───────────exited──────────────────↑
 *      └─failed→ Failed ←─┘                                        (removed: no state at all)
 * </pre>
 * Each state has exactly the transitions drawn; removal deletes the state and is allowed from
 * Stopped and Failed (a live container is stopped first).
 */
public sealed interface ContainerState {
    ContainerFacts facts();

    /** The OCI runtime-spec status: creating, created, running or stopped. */
    String ociStatus();

    /** The status ps shows. */
    String label();

    /** A process exists for it (Created, Running, Stopping). */
    default Optional<ContainerProcess> process() {
        return Optional.empty();
    }

    /** May its state be removed (it has no process)? */
    default boolean removable() {
        return false;
    }

    record Creating(ContainerFacts facts) implements ContainerState {
        public Created created(ContainerProcess process, CgroupPlacement cgroup) {
            return new Created(facts, process, cgroup);
        }

        public Failed failed(String reason) {
            return new Failed(facts, reason);
        }

        public String ociStatus() {
            return "creating";
        }

        public String label() {
            return "creating";
        }
    }

    /** The process exists, namespaces and cgroup are set up, the workload has not been started. */
    record Created(ContainerFacts facts, ContainerProcess pid, CgroupPlacement cgroup) implements ContainerState {
        public Running started(SecurityStatus security, long startedMillis) {
            return new Running(facts, pid, cgroup, security, startedMillis);
        }

        public Failed failed(String reason) {
            return new Failed(facts, reason);
        }

        @Override
        public Optional<ContainerProcess> process() {
            return Optional.of(pid);
        }

        public String ociStatus() {
            return "created";
        }

        public String label() {
            return "created";
        }
    }

    record Running(ContainerFacts facts, ContainerProcess pid, CgroupPlacement cgroup, SecurityStatus security,
                   long startedMillis)
            implements ContainerState {
        public Stopping stopping() {
            return new Stopping(this);
        }

        public Stopped exited(Exit exit) {
            return new Stopped(facts, security, startedMillis, exit);
        }

        @Override
        public Optional<ContainerProcess> process() {
            return Optional.of(pid);
        }

        public String ociStatus() {
            return "running";
        }

        public String label() {
            return "running";
        }
    }

    /** A stop was asked (SIGTERM sent); the process has not ended yet. */
    record Stopping(Running running) implements ContainerState {
        public ContainerFacts facts() {
            return running.facts();
        }

        public Stopped exited(Exit exit) {
            return running.exited(exit);
        }

        @Override
        public Optional<ContainerProcess> process() {
            return Optional.of(running.pid());
        }

        public String ociStatus() {
            return "running";
        }

        public String label() {
            return "stopping";
        }
    }

    record Stopped(ContainerFacts facts, SecurityStatus security, long startedMillis, Exit exit)
            implements ContainerState {
        @Override
        public boolean removable() {
            return true;
        }

        public String ociStatus() {
            return "stopped";
        }

        public String label() {
            return "exited (" + (exit.code() == Exit.UNKNOWN ? "?" : Integer.toString(exit.code())) + ")";
        }
    }

    /** Setup failed before the workload ran; nothing of it is left but this record. */
    record Failed(ContainerFacts facts, String reason) implements ContainerState {
        @Override
        public boolean removable() {
            return true;
        }

        public String ociStatus() {
            return "stopped";
        }

        public String label() {
            return "failed";
        }
    }

    /**
     * How the workload ended.
     *
     * @param code     its exit status (128+N for signal N)
     * @param oomKilled the cgroup's OOM killer fired
     */
    record Exit(int code, long finishedMillis, boolean oomKilled) {
        /** The process is gone but nobody recorded how it ended (its runtime was killed). */
        public static final int UNKNOWN = -1;
    }

    /** A fresh container, before anything exists for it. */
    static Creating creating(ContainerFacts facts) {
        return new Creating(facts);
    }
}
