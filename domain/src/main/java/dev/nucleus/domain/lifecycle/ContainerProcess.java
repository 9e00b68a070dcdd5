package dev.nucleus.domain.lifecycle;

/**
 * The container's first process: its host pid and the start time the kernel gives it (field 22
 * of {@code /proc/<pid>/stat}, clock ticks since boot). Together they identify the process even
 * after its pid is reused.
 */
public record ContainerProcess(long pid, long startTime) {
    public ContainerProcess {
        if (pid < 1) {
            throw new IllegalArgumentException("a pid is positive, got " + pid);
        }
    }
}
