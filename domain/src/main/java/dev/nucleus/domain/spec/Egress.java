package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.*;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Requested egress allowlist; empty lists mean the mode's default applies. */
public record Egress(List<Cidr> allow, List<String> domains, List<Integer> tcpPorts, List<Integer> udpPorts) {
    public boolean hasDestinations() {
        return !allow.isEmpty() || !domains.isEmpty();
    }

    public boolean isEmpty() {
        return !hasDestinations() && tcpPorts.isEmpty() && udpPorts.isEmpty();
    }
}
