package dev.nucleus.linux.backend;

import dev.nucleus.domain.policy.CapabilityPolicy;
import dev.nucleus.domain.policy.LandlockPolicy;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.PolicyContentRules;
import dev.nucleus.domain.rules.Violation;
import dev.nucleus.linux.policy.PolicyFiles;
import dev.nucleus.ports.PolicyRejectedException;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The launch's policy files, loaded, pinned, validated and checked against the mode before anything is built. */
record Policies(Optional<CapabilityPolicy> caps, Optional<LandlockPolicy> landlock) {
    static Policies load(ContainerSpec spec, int kernelLandlockAbi) throws PolicyRejectedException {
        Optional<CapabilityPolicy> caps = PolicyFiles.caps(spec.request().security().capsPolicy());
        Optional<LandlockPolicy> landlock = PolicyFiles.landlock(spec.request().security().landlockPolicy());
        List<Violation> violations = PolicyContentRules.check(spec.enforcement(), caps, landlock, kernelLandlockAbi);
        if (!violations.isEmpty()) {
            throw new PolicyRejectedException("policy refused: " + violations.stream()
                    .map(v -> v.toProblem().toString()).collect(Collectors.joining("; ")));
        }
        return new Policies(caps, landlock);
    }
}
