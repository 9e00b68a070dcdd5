package dev.nucleus.domain.lifecycle;

import java.util.Map;
import java.util.Optional;

/**
 * What a detached container's supervisor records about itself in the container's annotations:
 * how it supervises ({@code dev.nucleus.supervisor}), and its own process, so that {@code rm
 * --force} can wait for it to finish recording the end (and, in trace mode, writing the log).
 */
public final class SupervisorAnnotations {
    public static final String KIND = "dev.nucleus.supervisor";
    public static final String PID = "dev.nucleus.supervisor.pid";
    public static final String START = "dev.nucleus.supervisor.start";

    private SupervisorAnnotations() {
    }

    /** The annotations of a supervisor of {@code kind} running as {@code self}. */
    public static Map<String, String> of(String kind, ContainerProcess self) {
        return Map.of(KIND, kind, PID, Long.toString(self.pid()), START, Long.toString(self.startTime()));
    }

    /** The supervisor's process, when the annotations name one with a known start time. */
    public static Optional<ContainerProcess> process(Map<String, String> annotations) {
        try {
            long pid = Long.parseLong(annotations.getOrDefault(PID, ""));
            long start = Long.parseLong(annotations.getOrDefault(START, ""));
            return pid > 0 && start > 0 ? Optional.of(new ContainerProcess(pid, start)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty(); // none recorded (a foreground run), or not ours to trust
        }
    }
}
