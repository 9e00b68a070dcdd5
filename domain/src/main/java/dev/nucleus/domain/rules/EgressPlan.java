package dev.nucleus.domain.rules;

import dev.nucleus.domain.value.Cidr;
import dev.nucleus.domain.value.Endpoint;

import java.util.List;
import java.util.Optional;

/** The egress policy to install in the container's network namespace (IPv4 and IPv6). */
public record EgressPlan(Kind kind, List<Cidr> allow, List<String> domains, List<Integer> tcpPorts,
                         List<Integer> udpPorts, boolean allowDns, Optional<Endpoint> broker) {
    public enum Kind {
        /** No policy: everything the network reaches is allowed. */
        ALLOW_ALL,
        /** Nothing leaves, DNS included. */
        DENY_ALL,
        /** Only the listed destinations (and DNS to the configured resolvers). */
        ALLOWLIST,
        /** Only the credential broker. */
        BROKER_ONLY,
        /** No Nucleus-owned network namespace to police (none, host, gvisor-host). */
        NOT_APPLICABLE
    }

    public EgressPlan {
        allow = List.copyOf(allow);
        domains = List.copyOf(domains);
        tcpPorts = List.copyOf(tcpPorts);
        udpPorts = List.copyOf(udpPorts);
    }
}
