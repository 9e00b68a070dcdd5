package dev.nucleus.linux.backend;

import dev.nucleus.ports.LaunchFailedException;

/** The workload's program is missing (127) or not executable (126). */
public final class ProgramNotRunnable extends LaunchFailedException {
    private final int exitStatus;

    ProgramNotRunnable(int exitStatus, String message) {
        super(message);
        this.exitStatus = exitStatus;
    }

    public int exitStatus() {
        return exitStatus;
    }
}
