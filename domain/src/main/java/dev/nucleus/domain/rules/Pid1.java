package dev.nucleus.domain.rules;

/** Who is PID 1 in the container's PID namespace. */
public enum Pid1 {
    /** The workload itself. */
    WORKLOAD,
    /** Nucleus's mini-init, which reaps zombies and forwards signals to the workload. */
    MINI_INIT
}
