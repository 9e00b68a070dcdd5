package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.*;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Backend, gVisor platform (empty = probe the best), trust level and an optional OCI bundle. */
public record RuntimeSelection(RuntimeKind kind, Optional<GvisorPlatform> gvisorPlatform, TrustLevel trustLevel,
                               Optional<HostPath> bundle) {
}
