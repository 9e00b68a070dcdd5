package dev.nucleus.ports.in;

import dev.nucleus.domain.host.HostCapabilities;
import dev.nucleus.domain.host.Readiness;
import java.util.List;
import java.util.Objects;

/** What {@link InspectHost} found: the host's capabilities and each mode's readiness. */
public record HostReport(HostCapabilities capabilities, List<Readiness> modes) {
    public HostReport {
        Objects.requireNonNull(capabilities, "capabilities");
        modes = List.copyOf(modes);
    }
}
