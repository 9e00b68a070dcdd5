package dev.nucleus.domain.rules;

import dev.nucleus.domain.spec.NatBackend;
import dev.nucleus.domain.value.IpAddress;

import java.util.List;

/** The resolved network: NAT backend chosen, name servers decided, egress policy decided. */
public record NetworkPlan(NatBackend natBackend, List<IpAddress> dns, boolean userspaceDns, EgressPlan egress) {
    public NetworkPlan {
        dns = List.copyOf(dns);
    }
}
