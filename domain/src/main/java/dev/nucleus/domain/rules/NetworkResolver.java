package dev.nucleus.domain.rules;

import dev.nucleus.domain.mode.ServiceMode;
import dev.nucleus.domain.spec.Egress;
import dev.nucleus.domain.spec.LaunchRequest;
import dev.nucleus.domain.spec.NatBackend;
import dev.nucleus.domain.spec.Network;
import dev.nucleus.domain.spec.NetworkMode;
import dev.nucleus.domain.value.IpAddress;

import java.util.List;
import java.util.Optional;

/** Resolves the NAT backend, name servers and egress default of the mode table. */
final class NetworkResolver {
    /** Agent mode's bridge resolvers when --dns is absent (the reference's choice). */
    static final List<IpAddress> AGENT_DEFAULT_DNS = List.of(
            new IpAddress(IpAddress.Family.IPV4, 0, 0x08080808L),
            new IpAddress(IpAddress.Family.IPV4, 0, 0x08080404L));

    private NetworkResolver() {
    }

    static NetworkPlan resolve(LaunchRequest request, Invoker invoker, UserNamespacePlan userns) {
        Network net = request.network();
        NatBackend nat = natBackend(request, invoker, userns);
        if (net.mode() != NetworkMode.BRIDGE) {
            return new NetworkPlan(nat, net.dns(), false, notApplicable());
        }
        List<IpAddress> dns = net.dns();
        boolean userspaceDns = false;
        if (dns.isEmpty() && net.credentialBroker().isEmpty()) {
            if (nat == NatBackend.USERSPACE) {
                userspaceDns = true; // slirp4netns answers DNS itself
            } else if (request.serviceMode() == ServiceMode.AGENT) {
                dns = AGENT_DEFAULT_DNS;
            }
        }
        return new NetworkPlan(nat, dns, userspaceDns, egress(request.serviceMode(), net));
    }

    /** The backend asked for, or the one auto picks for this caller and user namespace. */
    static NatBackend natBackend(LaunchRequest request, Invoker invoker, UserNamespacePlan userns) {
        NatBackend nat = request.network().natBackend();
        if (nat != NatBackend.AUTO) {
            return nat;
        }
        // Root wires a kernel bridge from the host; a user namespace of its own asking (--userns,
        // strict-agent's remap) goes through slirp4netns. Production keeps the kernel bridge its
        // host-side port forwards and deny-all egress were built on, with its remapped root.
        boolean hostWired = !userns.enabled() || request.serviceMode() == ServiceMode.PRODUCTION
                && userns.source() == UserNamespacePlan.Source.STRICT_REMAP;
        return invoker.isRoot() && hostWired ? NatBackend.KERNEL : NatBackend.USERSPACE;
    }

    private static EgressPlan egress(ServiceMode mode, Network net) {
        Egress e = net.egress();
        if (net.credentialBroker().isPresent()) {
            return new EgressPlan(EgressPlan.Kind.BROKER_ONLY, List.of(), List.of(), List.of(), List.of(), false,
                    net.credentialBroker());
        }
        if (e.hasDestinations()) {
            return new EgressPlan(EgressPlan.Kind.ALLOWLIST, e.allow(), e.domains(), e.tcpPorts(), e.udpPorts(), true,
                    Optional.empty());
        }
        EgressPlan.Kind kind = mode == ServiceMode.PRODUCTION ? EgressPlan.Kind.DENY_ALL : EgressPlan.Kind.ALLOW_ALL;
        return new EgressPlan(kind, List.of(), List.of(), List.of(), List.of(), kind == EgressPlan.Kind.ALLOW_ALL,
                Optional.empty());
    }

    private static EgressPlan notApplicable() {
        return new EgressPlan(EgressPlan.Kind.NOT_APPLICABLE, List.of(), List.of(), List.of(), List.of(), false,
                Optional.empty());
    }
}
