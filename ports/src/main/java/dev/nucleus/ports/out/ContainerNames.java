package dev.nucleus.ports.out;

import dev.nucleus.ports.LaunchFailedException;

/**
 * Keeps --name unique among the containers of one state directory, whichever backend runs them:
 * a launch with a --name holds its claim from before its state is written until its state is
 * final (stopped, or removed), so no two running containers, nor a running and a kept stopped
 * one, share a name.
 */
public interface ContainerNames {
    /**
     * Claims {@code name} for this launch until the claim is closed. Refused (with what to do) when
     * a container of that name is running, or exists stopped; with {@code restart} (a supervisor
     * restarting the container that owns the name) its own stopped state is not in the way.
     */
    Claim claim(String name, boolean restart) throws LaunchFailedException;

    /** A name held by this launch; closing releases it. */
    interface Claim extends AutoCloseable {
        @Override
        void close();
    }
}
