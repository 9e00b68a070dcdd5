package dev.nucleus.ports.in;

import dev.nucleus.domain.launch.InvalidRequestException;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.Invoker;

/** Use case: turn a launch request, however it was written, into a validated spec. */
public interface ResolveLaunch {
    /**
     * @throws InvalidRequestException listing every malformed value, or else every broken rule
     */
    ContainerSpec resolve(RawLaunchRequest request, Invoker invoker) throws InvalidRequestException;
}
