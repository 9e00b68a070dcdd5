package dev.nucleus.ports.out;

import dev.nucleus.domain.lifecycle.ContainerProcess;

/** Signals and watches a container's first process, by pid and start time (never a recycled pid). */
public interface ProcessControl {
    boolean alive(ContainerProcess process);

    /** Sends the signal; false when the process is gone. */
    boolean signal(ContainerProcess process, int signal);

    /** Waits up to {@code millis} for the process to be gone; true when it is. */
    boolean awaitGone(ContainerProcess process, long millis);

    /**
     * Asks {@code done} every few milliseconds, up to {@code millis}, until it says true: for a
     * container between processes (a restart being set up). True when it did.
     */
    boolean awaitCondition(java.util.function.BooleanSupplier done, long millis);
}
