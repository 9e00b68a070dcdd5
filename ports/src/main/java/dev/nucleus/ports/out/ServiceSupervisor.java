package dev.nucleus.ports.out;

import dev.nucleus.ports.LaunchFailedException;

/**
 * Keeps a detached container's runtime alive after the command that created it exits: a systemd
 * transient unit where systemd is PID 1, else Nucleus's own supervisor. Either way the launch
 * travels as a document (a 0600 file), never on a command line, since it may hold secrets.
 */
public interface ServiceSupervisor {
    /** "systemd" or "builtin": how the container is supervised (shown to the operator). */
    String kind();

    /**
     * Starts supervising container {@code id} whose launch is {@code launchDocument}; returns
     * once the container runs (status 0) or could not start (its exit status and messages).
     */
    Outcome start(String id, byte[] launchDocument) throws LaunchFailedException;

    /** How the start went: status 0 and the container runs, or the launch's exit status and what it said. */
    record Outcome(int status, String messages) {
    }
}
