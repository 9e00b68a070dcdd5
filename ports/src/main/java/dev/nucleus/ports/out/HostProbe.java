package dev.nucleus.ports.out;

import dev.nucleus.domain.host.HostCapabilities;

/** Asks the host what isolation it can provide. Implemented against the real kernel. */
public interface HostProbe {
    /** Probes now; never throws for a missing feature (that is an answer, not an error). */
    HostCapabilities probe();
}
