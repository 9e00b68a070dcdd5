package dev.nucleus.ports;

/** The workload's program is missing (127) or not executable (126). */
public final class ProgramNotRunnable extends LaunchFailedException {
    private final int exitStatus;

    public ProgramNotRunnable(int exitStatus, String message) {
        super(message);
        this.exitStatus = exitStatus;
    }

    public int exitStatus() {
        return exitStatus;
    }
}
