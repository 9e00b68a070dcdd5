package dev.nucleus.ports.in;

import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.ports.LaunchFailedException;

/** Use case: run a validated container in the foreground and return its exit status. */
public interface RunContainer {
    int run(ContainerSpec spec, dev.nucleus.ports.out.LaunchSecrets secrets) throws LaunchFailedException;
}
