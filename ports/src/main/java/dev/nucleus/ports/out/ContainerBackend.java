package dev.nucleus.ports.out;

import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.SecurityLayers;
import dev.nucleus.ports.LaunchFailedException;

import java.util.List;

/** Runs containers: the native kernel backend, or gVisor. */
public interface ContainerBackend {
    /**
     * The parts of this spec the backend cannot do yet, each named as the user wrote it (for
     * example {@code --context}). The launch is refused when any is listed: never ignored.
     */
    List<String> unsupported(ContainerSpec spec);

    /**
     * Runs the container in the foreground with the decided security layers and returns its exit
     * status: the workload's code, or 128+N when signal N ended it.
     */
    int runForeground(ContainerSpec spec, SecurityLayers layers, LaunchSecrets secrets, EventSink events)
            throws LaunchFailedException;
}
