package dev.nucleus.ports.out;

import dev.nucleus.ports.LaunchFailedException;

/**
 * Keeps a detached container's runtime alive after the command that created it exits: a systemd
 * transient unit where systemd is PID 1, else Nucleus's own supervisor. Either way the launch
 * travels as a document (a 0600 file), never on a command line; its secrets go through a pipe
 * where the supervisor can take one ({@link #pipesSecrets}), else in the document.
 */
public interface ServiceSupervisor {
    /** "systemd" or "builtin": how the container is supervised (shown to the operator). */
    String kind();

    /**
     * Starts supervising container {@code id} whose launch is {@code launchDocument}; returns
     * once the container runs (status 0) or could not start (its exit status and messages).
     */
    Outcome start(String id, byte[] launchDocument) throws LaunchFailedException;

    /**
     * Whether {@link #start(String, byte[], byte[])} hands the launch's secrets to the supervisor
     * through a pipe (its stdin), so that they never touch a file; one that cannot (systemd's
     * transient unit inherits no pipe of ours) gets them in the document.
     */
    default boolean pipesSecrets() {
        return false;
    }

    /** {@link #start(String, byte[])}, {@code secrets} written to the supervisor's stdin (see {@link #pipesSecrets}). */
    default Outcome start(String id, byte[] launchDocument, byte[] secrets) throws LaunchFailedException {
        throw new UnsupportedOperationException(kind() + " supervision takes the secrets in the launch document");
    }

    /** How the start went: status 0 and the container runs, or the launch's exit status and what it said. */
    record Outcome(int status, String messages) {
    }
}
