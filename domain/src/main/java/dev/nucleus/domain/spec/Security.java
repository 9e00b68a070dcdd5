package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.*;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Security policy, integrity controls and the explicit escapes from fail-closed behaviour. */
public record Security(SeccompSettings seccomp, Optional<PolicyFile> capsPolicy, Optional<PolicyFile> landlockPolicy,
                       boolean allowDegradedSecurity, boolean allowChrootFallback,
                       Optional<LockdownLevel> requiredLockdown, boolean verifyRootfsAttestation,
                       boolean timeNamespace, boolean cgroupNamespace) {
}
