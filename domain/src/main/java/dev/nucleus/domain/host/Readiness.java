package dev.nucleus.domain.host;

import dev.nucleus.domain.mode.ServiceMode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether {@code mode} can run fail-closed on a host with the native runtime: ready when no
 * reason stands against it. {@code fallback} says how the mode could still run, if at all.
 */
public record Readiness(ServiceMode mode, List<String> reasons, Optional<String> fallback) {
    public Readiness {
        Objects.requireNonNull(mode, "mode");
        reasons = List.copyOf(reasons);
        Objects.requireNonNull(fallback, "fallback");
    }

    public boolean ready() {
        return reasons.isEmpty();
    }
}
