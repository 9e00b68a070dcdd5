package dev.nucleus.ports.out;

import dev.nucleus.ports.LaunchFailedException;

/**
 * Keeps --name unique among the containers of one state directory, whichever backend runs them:
 * a launch with a --name holds its claim from before its state is written until its state is
 * final (stopped, or removed), so no two containers the store knows share a name, whatever their
 * state (running, stopped and kept, left by a runtime that died) and whether the name was given
 * or is an unnamed container's default (its id's first 12 digits).
 */
public interface ContainerNames {
    /**
     * Claims {@code name} for this launch until the claim is closed. Refused as an invalid request
     * ({@link dev.nucleus.ports.PolicyRejectedException}, exit 2), naming the holder and what to do,
     * when any container of that name exists; with {@code restart} (a supervisor restarting the
     * container that owns the name) its own state is not in the way.
     */
    Claim claim(String name, boolean restart) throws LaunchFailedException;

    /** A name held by this launch; closing releases it. */
    interface Claim extends AutoCloseable {
        @Override
        void close();
    }
}
