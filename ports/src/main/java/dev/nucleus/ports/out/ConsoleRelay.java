package dev.nucleus.ports.out;

import dev.nucleus.ports.LaunchFailedException;

import java.time.Duration;

/**
 * The user's terminal for a runtime that opens the container's pty itself and sends the master
 * over a console socket (runsc, the OCI convention): a socket to name to the runtime, the window
 * size to ask for, then a relay between that master and this process's stdin and stdout (the
 * user's terminal raw meanwhile) until closed.
 */
public interface ConsoleRelay extends AutoCloseable {
    /** The path of the socket the runtime is to send the pty master to. */
    String socket();

    int rows();

    int columns();

    /**
     * Waits at most {@code timeout} for the master; when it came, relays it until {@link #close}
     * and returns true; false when it has not come yet (ask again while the runtime lives).
     */
    boolean start(Duration timeout) throws LaunchFailedException;

    /** The user's terminal changed size: pass it on (the pty then signals the workload). */
    void resize();

    /** Stops relaying after draining the workload's last output, and restores the user's terminal. */
    @Override
    void close();
}
