package dev.nucleus.ports.service;

import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.SecurityLayers;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.NotSupportedYetException;
import dev.nucleus.ports.in.RunContainer;
import dev.nucleus.ports.out.ContainerBackend;
import dev.nucleus.ports.out.EventSink;
import dev.nucleus.ports.out.HostProbe;
import dev.nucleus.ports.out.LaunchSecrets;

import java.util.List;

/**
 * Runs a container in the foreground: refuses what the backend cannot do yet, decides the security
 * layers from the host and the mode (fail closed unless the mode allows degrading), then launches.
 */
public final class ForegroundRun implements RunContainer {
    private final HostProbe host;
    private final ContainerBackend backend;
    private final EventSink events;

    public ForegroundRun(HostProbe host, ContainerBackend backend, EventSink events) {
        this.host = host;
        this.backend = backend;
        this.events = events;
    }

    @Override
    public int run(ContainerSpec spec, LaunchSecrets secrets) throws LaunchFailedException {
        List<String> unsupported = backend.unsupported(spec);
        if (!unsupported.isEmpty()) {
            throw new NotSupportedYetException(unsupported);
        }
        SecurityLayers layers = SecurityLayers.decide(spec.enforcement(), host.probe());
        if (!layers.fatal().isEmpty()) {
            throw new LaunchFailedException(spec.mode().cliName() + " mode cannot run fail-closed on this host: "
                    + String.join("; ", layers.fatal()));
        }
        layers.warnings().forEach(events::warning);
        return backend.runForeground(spec, layers, secrets, events);
    }
}
