package dev.nucleus.ports.service;

import dev.nucleus.domain.launch.InvalidRequestException;
import dev.nucleus.domain.launch.LaunchRequestParser;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.domain.rules.LaunchValidator;
import dev.nucleus.ports.in.ResolveLaunch;

/**
 * Parses then validates. Values are checked first: rules are only meaningful on a request whose
 * every value is well formed, so a malformed request reports its value errors alone.
 */
public final class LaunchResolution implements ResolveLaunch {
    @Override
    public ContainerSpec resolve(RawLaunchRequest request, Invoker invoker) throws InvalidRequestException {
        return LaunchValidator.validate(LaunchRequestParser.parse(request), invoker);
    }
}
