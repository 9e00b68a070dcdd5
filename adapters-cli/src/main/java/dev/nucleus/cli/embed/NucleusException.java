package dev.nucleus.cli.embed;

/**
 * A launch that did not run its workload, with the status {@code nucleus run} would have exited
 * with: 2 for an invalid request or a policy the mode forbids, 125 when Nucleus itself failed, 126
 * when the program cannot be executed, 127 when it does not exist. The message never holds secrets.
 */
public final class NucleusException extends Exception {
    private final int exitStatus;

    public NucleusException(int exitStatus, String message, Throwable cause) {
        super(message, cause);
        this.exitStatus = exitStatus;
    }

    public int exitStatus() {
        return exitStatus;
    }
}
