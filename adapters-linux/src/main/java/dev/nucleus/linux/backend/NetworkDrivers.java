package dev.nucleus.linux.backend;

import dev.nucleus.ports.LaunchFailedException;

import java.nio.file.Path;

/** Network drivers for the composition root: what `nucleus rm` releases, and what a gVisor launch uses. */
public final class NetworkDrivers {
    private NetworkDrivers() {
    }

    public static void release(Path stateBase, String containerId) throws LaunchFailedException {
        Networks.release(stateBase, containerId);
    }

    /** The driver a bridged launch uses (for the gVisor backend, which prepares a namespace through it). */
    public static dev.nucleus.ports.out.NetworkDriver driver(dev.nucleus.domain.rules.ContainerSpec spec,
                                                            Path stateBase) {
        return Networks.driver(spec, stateBase);
    }
}
