package dev.nucleus.ports.service;

import dev.nucleus.domain.launch.InvalidRequestException;
import dev.nucleus.domain.launch.LaunchRequestParser;
import dev.nucleus.domain.launch.Problem;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.domain.rules.LaunchValidator;
import dev.nucleus.domain.spec.LaunchRequest;
import dev.nucleus.ports.in.ResolveLaunch;
import dev.nucleus.ports.out.SubordinateIdSource;

/**
 * Parses then validates. Values are checked first: rules are only meaningful on a request whose
 * every value is well formed, so a malformed request reports its value errors alone. The caller's
 * subordinate ids are looked up only for a request whose user namespace maps onto them.
 */
public final class LaunchResolution implements ResolveLaunch {
    private final SubordinateIdSource subordinateIds;

    /** Without subordinate ids: --userns keep-id and auto are refused. */
    public LaunchResolution() {
        this(SubordinateIdSource.NONE);
    }

    public LaunchResolution(SubordinateIdSource subordinateIds) {
        this.subordinateIds = subordinateIds;
    }

    @Override
    public ContainerSpec resolve(RawLaunchRequest request, Invoker invoker) throws InvalidRequestException {
        try {
            LaunchRequest parsed = LaunchRequestParser.parse(request);
            return LaunchValidator.validate(parsed, parsed.userNamespace().mapsSubordinateIds()
                    ? invoker.withSubordinate(subordinateIds.of(invoker)) : invoker);
        } catch (InvalidRequestException e) {
            if (request.keyNames().isEmpty()) {
                throw e;
            }
            // The rules name flags; a document that calls an option otherwise (a topology) is answered in its terms.
            throw new InvalidRequestException(e.problems().stream()
                    .map(p -> new Problem(p.subject(), request.inOwnTerms(p.message()))).toList());
        }
    }
}
