package dev.nucleus.domain.lifecycle;

import java.util.Map;
import java.util.Optional;

/**
 * What a detached container's supervisor records about itself in the container's annotations:
 * how it supervises ({@code dev.nucleus.supervisor}), and its own process, so that {@code stop}
 * and {@code rm --force} can wait for it to finish tearing the container down and recording the
 * end (and, in trace mode, writing the log). A foreground {@code nucleus run} does the same
 * teardown when its container ends, and records its own process likewise ({@code
 * dev.nucleus.runtime.*}: it supervises nothing).
 */
public final class SupervisorAnnotations {
    public static final String KIND = "dev.nucleus.supervisor";
    public static final String PID = "dev.nucleus.supervisor.pid";
    public static final String START = "dev.nucleus.supervisor.start";
    public static final String RUNTIME_PID = "dev.nucleus.runtime.pid";
    public static final String RUNTIME_START = "dev.nucleus.runtime.start";

    private SupervisorAnnotations() {
    }

    /** The annotations of a supervisor of {@code kind} running as {@code self}. */
    public static Map<String, String> of(String kind, ContainerProcess self) {
        return Map.of(KIND, kind, PID, Long.toString(self.pid()), START, Long.toString(self.startTime()));
    }

    /** The annotations of a foreground run whose runtime (the {@code nucleus run} itself) is {@code self}. */
    public static Map<String, String> foreground(ContainerProcess self) {
        return Map.of(RUNTIME_PID, Long.toString(self.pid()), RUNTIME_START, Long.toString(self.startTime()));
    }

    /**
     * The process that tears the container down once its workload ends: its supervisor, or the
     * foreground run's own, when the annotations name one with a known start time.
     */
    public static Optional<ContainerProcess> process(Map<String, String> annotations) {
        return named(annotations, PID, START).or(() -> named(annotations, RUNTIME_PID, RUNTIME_START));
    }

    /**
     * A kept container's state once its foreground run has torn it down: it no longer names that
     * process, so nothing waits for a process that lives on (one that ran the launch in-process).
     */
    public static ContainerState withoutForegroundRuntime(ContainerState s) {
        Map<String, String> a = s.facts().annotations();
        if (!a.containsKey(RUNTIME_PID) && !a.containsKey(RUNTIME_START)) {
            return s;
        }
        Map<String, String> kept = new java.util.TreeMap<>(a);
        kept.remove(RUNTIME_PID);
        kept.remove(RUNTIME_START);
        ContainerFacts f = s.facts();
        ContainerFacts without = new ContainerFacts(f.id(), f.name(), f.ownerUid(), f.createdMillis(), f.command(),
                f.mode(), f.runtime(), f.bundle(), f.ephemeral(), kept);
        if (s instanceof ContainerState.Stopped st) {
            return new ContainerState.Stopped(without, st.security(), st.startedMillis(), st.exit());
        }
        if (s instanceof ContainerState.Failed failed) {
            return new ContainerState.Failed(without, failed.reason());
        }
        return s; // still running or being made: another process's, not this run's to change
    }

    private static Optional<ContainerProcess> named(Map<String, String> annotations, String pidKey, String startKey) {
        try {
            long pid = Long.parseLong(annotations.getOrDefault(pidKey, ""));
            long start = Long.parseLong(annotations.getOrDefault(startKey, ""));
            return pid > 0 && start > 0 ? Optional.of(new ContainerProcess(pid, start)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty(); // none recorded (an embedded launch), or not ours to trust
        }
    }
}
