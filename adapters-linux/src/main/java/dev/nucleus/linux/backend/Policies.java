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
public record Policies(Optional<CapabilityPolicy> caps, Optional<LandlockPolicy> landlock) {
    static Policies load(ContainerSpec spec, int kernelLandlockAbi) throws PolicyRejectedException {
        Optional<CapabilityPolicy> caps = PolicyFiles.caps(spec.request().security().capsPolicy());
        Optional<LandlockPolicy> landlock = PolicyFiles.landlock(spec.request().security().landlockPolicy());
        refuse(PolicyContentRules.check(spec.enforcement(), caps, landlock, kernelLandlockAbi));
        return new Policies(caps, landlock);
    }

    /** The capability policy alone (a runtime that refuses Landlock policies apart), checked against the mode. */
    static Optional<CapabilityPolicy> capabilitiesOnly(ContainerSpec spec) throws PolicyRejectedException {
        Optional<CapabilityPolicy> caps = PolicyFiles.caps(spec.request().security().capsPolicy());
        refuse(PolicyContentRules.check(spec.enforcement(), caps, Optional.empty(), 0));
        return caps;
    }

    /** A user's seccomp profile, checked against what the mode guarantees (see PolicyContentRules). */
    public static void checkSeccompProfile(ContainerSpec spec, dev.nucleus.domain.seccomp.SeccompProfile profile)
            throws PolicyRejectedException {
        refuse(PolicyContentRules.checkSeccompProfile(spec.mode(), profile));
    }

    private static void refuse(List<Violation> violations) throws PolicyRejectedException {
        if (!violations.isEmpty()) {
            throw new PolicyRejectedException("policy refused: " + violations.stream()
                    .map(v -> v.toProblem().toString()).collect(Collectors.joining("; ")));
        }
    }
}
