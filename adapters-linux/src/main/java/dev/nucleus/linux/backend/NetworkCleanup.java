package dev.nucleus.linux.backend;

import dev.nucleus.ports.LaunchFailedException;

import java.nio.file.Path;

/** What `nucleus rm` calls to remove a bridged container's network after its runtime died. */
public final class NetworkCleanup {
    private NetworkCleanup() {
    }

    public static void release(Path stateBase, String containerId) throws LaunchFailedException {
        Networks.release(stateBase, containerId);
    }
}
