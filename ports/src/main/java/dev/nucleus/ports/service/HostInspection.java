package dev.nucleus.ports.service;

import dev.nucleus.domain.host.HostCapabilities;
import dev.nucleus.domain.host.ModeReadiness;
import dev.nucleus.ports.in.HostReport;
import dev.nucleus.ports.in.InspectHost;
import dev.nucleus.ports.out.HostProbe;
import java.util.Objects;

/** Probes the host once and judges every service mode against the same answers. */
public final class HostInspection implements InspectHost {
    private final HostProbe probe;

    public HostInspection(HostProbe probe) {
        this.probe = Objects.requireNonNull(probe, "probe");
    }

    @Override
    public HostReport inspect() {
        HostCapabilities capabilities = probe.probe();
        return new HostReport(capabilities, ModeReadiness.evaluateAll(capabilities));
    }
}
