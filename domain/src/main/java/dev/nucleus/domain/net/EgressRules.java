package dev.nucleus.domain.net;

import dev.nucleus.domain.rules.EgressPlan;
import dev.nucleus.domain.value.Cidr;
import dev.nucleus.domain.value.IpAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The egress policy as the iptables and ip6tables commands that install it in the container's
 * network namespace, in order (the reference's order, for IPv6 too, which the reference leaves
 * open): OUTPUT policy DROP, flush, loopback, established/related, DNS to the configured resolvers
 * only, each allowed destination (restricted to the allowed ports when there are any), a
 * rate-limited LOG, and the DROP policy again. IPv6 also lets neighbour discovery out, without
 * which no IPv6 destination on the link is reachable at all.
 */
public record EgressRules(List<List<String>> ipv4, List<List<String>> ipv6) {
    public static final String LOG_PREFIX = "nucleus-egress-denied: ";

    public EgressRules {
        ipv4 = ipv4.stream().map(List::copyOf).toList();
        ipv6 = ipv6.stream().map(List::copyOf).toList();
    }

    public boolean isEmpty() {
        return ipv4.isEmpty() && ipv6.isEmpty();
    }

    /**
     * @param resolvers        the container's name servers (reached on port 53 only when the plan allows DNS)
     * @param domainAddresses  what the --egress-domain names resolved to at start
     */
    public static EgressRules of(EgressPlan plan, List<IpAddress> resolvers, List<IpAddress> domainAddresses) {
        return switch (plan.kind()) {
            case ALLOW_ALL, NOT_APPLICABLE -> new EgressRules(List.of(), List.of());
            case DENY_ALL, ALLOWLIST, BROKER_ONLY -> new EgressRules(
                    family(plan, IpAddress.Family.IPV4, resolvers, domainAddresses),
                    family(plan, IpAddress.Family.IPV6, resolvers, domainAddresses));
        };
    }

    private static List<List<String>> family(EgressPlan plan, IpAddress.Family family, List<IpAddress> resolvers,
                                             List<IpAddress> domainAddresses) {
        List<List<String>> rules = new ArrayList<>();
        rules.add(List.of("-w", "-P", "OUTPUT", "DROP"));
        rules.add(List.of("-w", "-F", "OUTPUT"));
        rules.add(List.of("-w", "-A", "OUTPUT", "-o", "lo", "-j", "ACCEPT"));
        rules.add(List.of("-w", "-A", "OUTPUT", "-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "ACCEPT"));
        if (family == IpAddress.Family.IPV6) {
            for (String type : List.of("neighbour-solicitation", "neighbour-advertisement")) {
                rules.add(List.of("-w", "-A", "OUTPUT", "-p", "ipv6-icmp", "--icmpv6-type", type, "-j", "ACCEPT"));
            }
        }
        if (plan.allowDns() && plan.kind() != EgressPlan.Kind.DENY_ALL) {
            for (IpAddress r : resolvers) {
                if (r.family() == family) {
                    for (String proto : List.of("udp", "tcp")) {
                        rules.add(List.of("-w", "-A", "OUTPUT", "-p", proto, "-d", r.toString(), "--dport", "53", "-j",
                                "ACCEPT"));
                    }
                }
            }
        }
        if (plan.kind() == EgressPlan.Kind.BROKER_ONLY) {
            plan.broker().filter(b -> b.address().family() == family).ifPresent(b -> rules.add(List.of("-w", "-A",
                    "OUTPUT", "-p", "tcp", "-d", b.address().toString(), "--dport", Integer.toString(b.port()), "-j",
                    "ACCEPT")));
        }
        if (plan.kind() == EgressPlan.Kind.ALLOWLIST) {
            for (String destination : destinations(plan, family, domainAddresses)) {
                if (plan.tcpPorts().isEmpty() && plan.udpPorts().isEmpty()) {
                    rules.add(List.of("-w", "-A", "OUTPUT", "-d", destination, "-j", "ACCEPT"));
                    continue;
                }
                for (int port : plan.tcpPorts()) {
                    rules.add(List.of("-w", "-A", "OUTPUT", "-p", "tcp", "-d", destination, "--dport",
                            Integer.toString(port), "-j", "ACCEPT"));
                }
                for (int port : plan.udpPorts()) {
                    rules.add(List.of("-w", "-A", "OUTPUT", "-p", "udp", "-d", destination, "--dport",
                            Integer.toString(port), "-j", "ACCEPT"));
                }
            }
        }
        rules.add(List.of("-w", "-A", "OUTPUT", "-m", "limit", "--limit", "5/min", "-j", "LOG", "--log-prefix",
                LOG_PREFIX));
        rules.add(List.of("-w", "-P", "OUTPUT", "DROP"));
        return rules;
    }

    /** The --egress-allow networks of this family, then the domains' addresses (sorted, once each). */
    private static List<String> destinations(EgressPlan plan, IpAddress.Family family, List<IpAddress> domainAddresses) {
        List<String> out = new ArrayList<>();
        for (Cidr c : plan.allow()) {
            if (c.address().family() == family) {
                out.add(c.toString());
            }
        }
        TreeSet<String> resolved = new TreeSet<>();
        for (IpAddress a : domainAddresses) {
            if (a.family() == family) {
                resolved.add(a + (family == IpAddress.Family.IPV4 ? "/32" : "/128"));
            }
        }
        out.addAll(resolved);
        return out;
    }
}
