package dev.nucleus.domain.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.rules.EgressPlan;
import dev.nucleus.domain.rules.EgressPlan.Kind;
import dev.nucleus.domain.value.Cidr;
import dev.nucleus.domain.value.Endpoint;
import dev.nucleus.domain.value.InvalidValueException;
import dev.nucleus.domain.value.IpAddress;
import dev.nucleus.domain.value.IpAddress.Family;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The egress policy as iptables / ip6tables argument lists, exactly and in order. */
class EgressRulesTest {
    private static final List<String> POLICY_DROP = List.of("-w", "-P", "OUTPUT", "DROP");
    private static final List<String> FLUSH = List.of("-w", "-F", "OUTPUT");
    private static final List<String> LOOPBACK = List.of("-w", "-A", "OUTPUT", "-o", "lo", "-j", "ACCEPT");
    private static final List<String> ESTABLISHED = List.of("-w", "-A", "OUTPUT", "-m", "conntrack", "--ctstate",
            "ESTABLISHED,RELATED", "-j", "ACCEPT");
    private static final List<String> NEIGHBOUR_SOLICITATION = List.of("-w", "-A", "OUTPUT", "-p", "ipv6-icmp",
            "--icmpv6-type", "neighbour-solicitation", "-j", "ACCEPT");
    private static final List<String> NEIGHBOUR_ADVERTISEMENT = List.of("-w", "-A", "OUTPUT", "-p", "ipv6-icmp",
            "--icmpv6-type", "neighbour-advertisement", "-j", "ACCEPT");
    private static final List<String> LOG = List.of("-w", "-A", "OUTPUT", "-m", "limit", "--limit", "5/min", "-j",
            "LOG", "--log-prefix", "nucleus-egress-denied: ");

    // ---- helpers ---------------------------------------------------------------------------

    private static EgressPlan plan(Kind kind, List<Cidr> allow, List<Integer> tcp, List<Integer> udp, boolean dns,
                                   Optional<Endpoint> broker) {
        return new EgressPlan(kind, allow, List.of(), tcp, udp, dns, broker);
    }

    private static EgressPlan allowlist(List<Cidr> allow, List<Integer> tcp, List<Integer> udp) {
        return plan(Kind.ALLOWLIST, allow, tcp, udp, true, Optional.empty());
    }

    private static IpAddress ip(String text) {
        try {
            return IpAddress.parse(text);
        } catch (InvalidValueException e) {
            throw new AssertionError(text, e);
        }
    }

    private static List<IpAddress> ips(String... texts) {
        return Arrays.stream(texts).map(EgressRulesTest::ip).toList();
    }

    private static Cidr cidr(String text) {
        try {
            return Cidr.parse(text);
        } catch (InvalidValueException e) {
            throw new AssertionError(text, e);
        }
    }

    private static List<Cidr> cidrs(String... texts) {
        return Arrays.stream(texts).map(EgressRulesTest::cidr).toList();
    }

    private static List<String> accept(String... middle) {
        List<String> r = new ArrayList<>(List.of("-w", "-A", "OUTPUT"));
        r.addAll(List.of(middle));
        r.addAll(List.of("-j", "ACCEPT"));
        return r;
    }

    private static List<String> dns(String proto, String resolver) {
        return accept("-p", proto, "-d", resolver, "--dport", "53");
    }

    private static List<String> port(String proto, String destination, int port) {
        return accept("-p", proto, "-d", destination, "--dport", Integer.toString(port));
    }

    private static List<String> to(String destination) {
        return accept("-d", destination);
    }

    /** The IPv4 rules: the fixed head, {@code middle}, the LOG and the DROP policy. */
    @SafeVarargs
    private static List<List<String>> v4(List<String>... middle) {
        List<List<String>> out = new ArrayList<>(List.of(POLICY_DROP, FLUSH, LOOPBACK, ESTABLISHED));
        out.addAll(List.of(middle));
        out.add(LOG);
        out.add(POLICY_DROP);
        return out;
    }

    /** The IPv6 rules: the fixed head with neighbour discovery, {@code middle}, the LOG and the DROP policy. */
    @SafeVarargs
    private static List<List<String>> v6(List<String>... middle) {
        List<List<String>> out = new ArrayList<>(List.of(POLICY_DROP, FLUSH, LOOPBACK, ESTABLISHED,
                NEIGHBOUR_SOLICITATION, NEIGHBOUR_ADVERTISEMENT));
        out.addAll(List.of(middle));
        out.add(LOG);
        out.add(POLICY_DROP);
        return out;
    }

    // ---- no policy ----------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"ALLOW_ALL", "NOT_APPLICABLE"})
    void withoutAPolicyThereAreNoRules(Kind kind) {
        EgressPlan p = plan(kind, cidrs("10.1.0.0/16", "2001:db8::/32"), List.of(443), List.of(53), true,
                Optional.of(new Endpoint(ip("10.0.42.1"), 8080)));
        EgressRules r = EgressRules.of(p, ips("10.0.42.1", "fd00::53"), ips("93.184.216.34", "2606:2800::1"));
        assertEquals(List.of(), r.ipv4());
        assertEquals(List.of(), r.ipv6());
        assertTrue(r.isEmpty());
    }

    // ---- deny all -----------------------------------------------------------------------------

    @Test
    void denyAllIsTheBarePolicyInBothFamilies() {
        EgressRules r = EgressRules.of(plan(Kind.DENY_ALL, List.of(), List.of(), List.of(), false, Optional.empty()),
                List.of(), List.of());
        assertEquals(List.of(
                List.of("-w", "-P", "OUTPUT", "DROP"),
                List.of("-w", "-F", "OUTPUT"),
                List.of("-w", "-A", "OUTPUT", "-o", "lo", "-j", "ACCEPT"),
                List.of("-w", "-A", "OUTPUT", "-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "ACCEPT"),
                List.of("-w", "-A", "OUTPUT", "-m", "limit", "--limit", "5/min", "-j", "LOG", "--log-prefix",
                        "nucleus-egress-denied: "),
                List.of("-w", "-P", "OUTPUT", "DROP")), r.ipv4());
        assertEquals(List.of(
                List.of("-w", "-P", "OUTPUT", "DROP"),
                List.of("-w", "-F", "OUTPUT"),
                List.of("-w", "-A", "OUTPUT", "-o", "lo", "-j", "ACCEPT"),
                List.of("-w", "-A", "OUTPUT", "-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "ACCEPT"),
                List.of("-w", "-A", "OUTPUT", "-p", "ipv6-icmp", "--icmpv6-type", "neighbour-solicitation", "-j",
                        "ACCEPT"),
                List.of("-w", "-A", "OUTPUT", "-p", "ipv6-icmp", "--icmpv6-type", "neighbour-advertisement", "-j",
                        "ACCEPT"),
                List.of("-w", "-A", "OUTPUT", "-m", "limit", "--limit", "5/min", "-j", "LOG", "--log-prefix",
                        "nucleus-egress-denied: "),
                List.of("-w", "-P", "OUTPUT", "DROP")), r.ipv6());
        assertFalse(r.isEmpty());
    }

    @Test
    void denyAllLetsNoDnsOutEvenWithResolversAndDnsAllowed() {
        EgressPlan p = plan(Kind.DENY_ALL, List.of(), List.of(), List.of(), true, Optional.empty());
        EgressRules r = EgressRules.of(p, ips("10.0.42.1", "8.8.8.8", "fd00::53"), List.of());
        assertEquals(v4(), r.ipv4());
        assertEquals(v6(), r.ipv6());
        assertTrue(r.ipv4().stream().noneMatch(rule -> rule.contains("53")));
        assertTrue(r.ipv6().stream().noneMatch(rule -> rule.contains("53")));
    }

    @Test
    void denyAllIgnoresAllowedNetworksPortsAndDomainAddresses() {
        EgressPlan p = plan(Kind.DENY_ALL, cidrs("10.1.0.0/16", "2001:db8::/32"), List.of(443), List.of(123), true,
                Optional.of(new Endpoint(ip("10.0.42.1"), 8080)));
        EgressRules r = EgressRules.of(p, ips("10.0.42.1"), ips("93.184.216.34", "2606:2800::1"));
        assertEquals(v4(), r.ipv4());
        assertEquals(v6(), r.ipv6());
    }

    @Test
    void theLogPrefixConstantIsWhatTheLogRuleCarries() {
        assertEquals("nucleus-egress-denied: ", EgressRules.LOG_PREFIX);
    }

    // ---- allowlist ----------------------------------------------------------------------------

    @Test
    void allowlistWithoutPortsAcceptsEachNetworkInItsOwnFamilyAfterDns() {
        EgressRules r = EgressRules.of(
                allowlist(cidrs("10.1.0.0/16", "2001:db8::/32", "192.168.5.0/24", "fd00:1::/64"), List.of(),
                        List.of()),
                ips("10.0.42.1", "2606:4700:4700::1111", "1.1.1.1"), List.of());
        assertEquals(v4(
                dns("udp", "10.0.42.1"), dns("tcp", "10.0.42.1"),
                dns("udp", "1.1.1.1"), dns("tcp", "1.1.1.1"),
                to("10.1.0.0/16"),
                to("192.168.5.0/24")), r.ipv4());
        assertEquals(v6(
                dns("udp", "2606:4700:4700::1111"), dns("tcp", "2606:4700:4700::1111"),
                to("2001:db8::/32"),
                to("fd00:1::/64")), r.ipv6());
    }

    @Test
    void allowlistWithPortsHasOneRulePerTcpPortThenPerUdpPortForEachDestination() {
        EgressRules r = EgressRules.of(
                allowlist(cidrs("10.1.0.0/16", "fd00:1::/64", "192.168.5.7/32"), List.of(443, 80), List.of(123)),
                ips("fd00::53", "10.0.42.1"), List.of());
        assertEquals(v4(
                dns("udp", "10.0.42.1"), dns("tcp", "10.0.42.1"),
                port("tcp", "10.1.0.0/16", 443), port("tcp", "10.1.0.0/16", 80), port("udp", "10.1.0.0/16", 123),
                port("tcp", "192.168.5.7/32", 443), port("tcp", "192.168.5.7/32", 80),
                port("udp", "192.168.5.7/32", 123)), r.ipv4());
        assertEquals(v6(
                dns("udp", "fd00::53"), dns("tcp", "fd00::53"),
                port("tcp", "fd00:1::/64", 443), port("tcp", "fd00:1::/64", 80), port("udp", "fd00:1::/64", 123)),
                r.ipv6());
    }

    @Test
    void allowlistWithOnlyUdpPortsHasNoTcpDestinationRuleAndNoPlainAccept() {
        EgressRules r = EgressRules.of(allowlist(cidrs("10.1.0.0/16"), List.of(), List.of(53, 123)), List.of(),
                List.of());
        assertEquals(v4(port("udp", "10.1.0.0/16", 53), port("udp", "10.1.0.0/16", 123)), r.ipv4());
        assertEquals(v6(), r.ipv6());
    }

    @Test
    void allowlistWithOnlyTcpPorts() {
        EgressRules r = EgressRules.of(allowlist(cidrs("2001:db8::/32"), List.of(22), List.of()), List.of(),
                List.of());
        assertEquals(v4(), r.ipv4());
        assertEquals(v6(port("tcp", "2001:db8::/32", 22)), r.ipv6());
    }

    @Test
    void anAllowlistOfOneFamilyLeavesTheOtherFamilyDenied() {
        EgressRules r = EgressRules.of(allowlist(cidrs("10.1.0.0/16"), List.of(), List.of()), ips("10.0.42.1"),
                List.of());
        assertEquals(v4(dns("udp", "10.0.42.1"), dns("tcp", "10.0.42.1"), to("10.1.0.0/16")), r.ipv4());
        assertEquals(v6(), r.ipv6());
    }

    @Test
    void allowlistWithoutDnsAllowedHasNoDnsRules() {
        EgressPlan p = plan(Kind.ALLOWLIST, cidrs("10.1.0.0/16"), List.of(), List.of(), false, Optional.empty());
        EgressRules r = EgressRules.of(p, ips("10.0.42.1", "fd00::53"), List.of());
        assertEquals(v4(to("10.1.0.0/16")), r.ipv4());
        assertEquals(v6(), r.ipv6());
    }

    @Test
    void domainAddressesFollowTheNetworksSortedOnceEachAsHostRoutes() {
        EgressRules r = EgressRules.of(
                allowlist(cidrs("192.168.5.0/24", "fd00:1::/64"), List.of(), List.of()),
                ips("10.0.42.1"),
                ips("93.184.216.34", "2606:2800::1", "1.2.3.4", "93.184.216.34", "10.0.0.9", "2606:2800::1",
                        "2001:db8::5", "1.2.3.4"));
        assertEquals(v4(
                dns("udp", "10.0.42.1"), dns("tcp", "10.0.42.1"),
                to("192.168.5.0/24"),
                to("1.2.3.4/32"), to("10.0.0.9/32"), to("93.184.216.34/32")), r.ipv4());
        assertEquals(v6(
                to("fd00:1::/64"),
                to("2001:db8::5/128"), to("2606:2800::1/128")), r.ipv6());
    }

    @Test
    void domainAddressesGetThePortRulesToo() {
        EgressRules r = EgressRules.of(allowlist(List.of(), List.of(443), List.of(443)), List.of(),
                ips("2001:db8::5", "93.184.216.34"));
        assertEquals(v4(port("tcp", "93.184.216.34/32", 443), port("udp", "93.184.216.34/32", 443)), r.ipv4());
        assertEquals(v6(port("tcp", "2001:db8::5/128", 443), port("udp", "2001:db8::5/128", 443)), r.ipv6());
    }

    @Test
    void ipv6AddressesAreWrittenInCanonicalForm() {
        EgressRules r = EgressRules.of(allowlist(List.of(), List.of(), List.of()),
                ips("2606:4700:4700:0000:0000:0000:0000:1111"), ips("2001:DB8:0:0:0:0:0:5"));
        assertEquals(v6(dns("udp", "2606:4700:4700::1111"), dns("tcp", "2606:4700:4700::1111"),
                to("2001:db8::5/128")), r.ipv6());
    }

    // ---- broker only --------------------------------------------------------------------------

    @Test
    void brokerOnlyAcceptsOnlyTheBrokersTcpPort() {
        EgressPlan p = plan(Kind.BROKER_ONLY, List.of(), List.of(), List.of(), false,
                Optional.of(new Endpoint(ip("10.0.42.1"), 8080)));
        EgressRules r = EgressRules.of(p, ips("10.0.42.1", "fd00::53"), ips("93.184.216.34", "2001:db8::5"));
        assertEquals(v4(accept("-p", "tcp", "-d", "10.0.42.1", "--dport", "8080")), r.ipv4());
        assertEquals(v6(), r.ipv6());
    }

    @Test
    void brokerOnlyIgnoresAllowedNetworksAndPorts() {
        EgressPlan p = new EgressPlan(Kind.BROKER_ONLY, cidrs("10.1.0.0/16", "2001:db8::/32"),
                List.of("example.com"), List.of(443), List.of(123), false,
                Optional.of(new Endpoint(ip("172.17.0.1"), 9000)));
        EgressRules r = EgressRules.of(p, List.of(), ips("93.184.216.34"));
        assertEquals(v4(accept("-p", "tcp", "-d", "172.17.0.1", "--dport", "9000")), r.ipv4());
        assertEquals(v6(), r.ipv6());
    }

    @Test
    void brokerOnlyWithoutABrokerDeniesEverything() {
        EgressPlan p = plan(Kind.BROKER_ONLY, List.of(), List.of(), List.of(), false, Optional.empty());
        EgressRules r = EgressRules.of(p, List.of(), List.of());
        assertEquals(v4(), r.ipv4());
        assertEquals(v6(), r.ipv6());
    }

    // ---- the record ---------------------------------------------------------------------------

    @Test
    void theRuleListsAreImmutableCopies() {
        List<String> rule = new ArrayList<>(List.of("-w", "-F", "OUTPUT"));
        List<List<String>> rules = new ArrayList<>();
        rules.add(rule);
        EgressRules r = new EgressRules(rules, List.of());
        rule.add("changed");
        rules.add(List.of("more"));
        assertEquals(List.of(List.of("-w", "-F", "OUTPUT")), r.ipv4());
        assertThrows(UnsupportedOperationException.class, () -> r.ipv4().add(List.of()));
        assertThrows(UnsupportedOperationException.class, () -> r.ipv4().get(0).add("x"));
        EgressRules built = EgressRules.of(allowlist(cidrs("10.1.0.0/16"), List.of(), List.of()), List.of(),
                List.of());
        assertThrows(UnsupportedOperationException.class, () -> built.ipv6().get(0).set(0, "x"));
    }

    @Test
    void isEmptyOnlyWhenBothFamiliesAreEmpty() {
        assertTrue(new EgressRules(List.of(), List.of()).isEmpty());
        assertFalse(new EgressRules(List.of(FLUSH), List.of()).isEmpty());
        assertFalse(new EgressRules(List.of(), List.of(FLUSH)).isEmpty());
    }

    // ---- properties ---------------------------------------------------------------------------

    @Property(tries = 300)
    void everyPolicyStartsAndEndsWithDropAndKeepsTheFamiliesApart(@ForAll("plans") EgressPlan plan,
                                                                   @ForAll("addresses") List<IpAddress> resolvers,
                                                                   @ForAll("addresses") List<IpAddress> resolved) {
        EgressRules r = EgressRules.of(plan, resolvers, resolved);
        for (List<List<String>> rules : List.of(r.ipv4(), r.ipv6())) {
            assertTrue(rules.size() >= 6, rules::toString);
            assertEquals("-w -P OUTPUT DROP", String.join(" ", rules.getFirst()));
            assertEquals(LOG, rules.get(rules.size() - 2));
            assertEquals("-w -P OUTPUT DROP", String.join(" ", rules.getLast()));
            assertEquals(List.of(POLICY_DROP, FLUSH, LOOPBACK, ESTABLISHED), rules.subList(0, 4));
            for (List<String> rule : rules) {
                assertEquals("-w", rule.getFirst());
            }
        }
        assertEquals(Set.of(), addressesIn(r.ipv4(), Family.IPV6), "IPv6 in the iptables rules");
        assertEquals(Set.of(), addressesIn(r.ipv6(), Family.IPV4), "IPv4 in the ip6tables rules");

        // Everything that should be let out is, in its own family's list; DENY_ALL lets nothing out.
        if (plan.kind() == Kind.DENY_ALL) {
            assertEquals(v4(), r.ipv4());
            assertEquals(v6(), r.ipv6());
        }
        if (plan.allowDns() && plan.kind() != Kind.DENY_ALL) {
            for (IpAddress a : resolvers) {
                List<List<String>> own = a.family() == Family.IPV4 ? r.ipv4() : r.ipv6();
                assertTrue(own.contains(dns("udp", a.toString())) && own.contains(dns("tcp", a.toString())),
                        () -> "resolver " + a);
            }
        }
        if (plan.kind() == Kind.ALLOWLIST) {
            List<List<String>> v4 = r.ipv4();
            List<List<String>> v6 = r.ipv6();
            for (Cidr c : plan.allow()) {
                assertTrue((c.address().family() == Family.IPV4 ? v4 : v6).stream()
                        .anyMatch(rule -> rule.contains(c.toString())), () -> "network " + c);
            }
            for (IpAddress a : resolved) {
                String host = a + (a.family() == Family.IPV4 ? "/32" : "/128");
                assertTrue((a.family() == Family.IPV4 ? v4 : v6).stream().anyMatch(rule -> rule.contains(host)),
                        () -> "domain address " + host);
            }
        }
        if (plan.kind() == Kind.BROKER_ONLY && plan.broker().isPresent()) {
            assertTrue(r.ipv4().stream().anyMatch(rule -> rule.contains(plan.broker().get().address().toString())
                    && rule.contains(Integer.toString(plan.broker().get().port()))));
        }
    }

    /** The addresses of {@code family} any word of {@code rules} names (with or without a prefix length). */
    private static Set<IpAddress> addressesIn(List<List<String>> rules, Family family) {
        return rules.stream().flatMap(List::stream).map(word -> {
            String bare = word.indexOf('/') >= 0 ? word.substring(0, word.indexOf('/')) : word;
            try {
                return IpAddress.parse(bare);
            } catch (InvalidValueException | RuntimeException notAnAddress) {
                return null;
            }
        }).filter(a -> a != null && a.family() == family).collect(Collectors.toSet());
    }

    @Provide
    Arbitrary<List<IpAddress>> addresses() {
        return address().list().ofMaxSize(6);
    }

    private static Arbitrary<IpAddress> address() {
        Arbitrary<IpAddress> v4 = Arbitraries.longs().between(0, 0xFFFF_FFFFL)
                .map(v -> new IpAddress(Family.IPV4, 0, v));
        Arbitrary<IpAddress> v6 = Combinators.combine(Arbitraries.longs(), Arbitraries.longs())
                .as((hi, lo) -> new IpAddress(Family.IPV6, hi, lo));
        return Arbitraries.oneOf(v4, v6);
    }

    private static Arbitrary<Cidr> network() {
        return Combinators.combine(address(), Arbitraries.integers().between(0, 128)).as((a, len) -> {
            int prefix = Math.min(len, a.bits());
            try {
                // Cidr.parse refuses host bits: mask them off first.
                return Cidr.parse(masked(a, prefix) + "/" + prefix);
            } catch (InvalidValueException e) {
                throw new AssertionError(e);
            }
        });
    }

    private static IpAddress masked(IpAddress a, int prefix) {
        if (a.family() == Family.IPV4) {
            long mask = prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
            return new IpAddress(Family.IPV4, 0, a.low() & mask);
        }
        long hi = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
        long lo = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
        return new IpAddress(Family.IPV6, a.high() & hi, a.low() & lo);
    }

    @Provide
    Arbitrary<EgressPlan> plans() {
        Arbitrary<Kind> kind = Arbitraries.of(Kind.DENY_ALL, Kind.ALLOWLIST, Kind.BROKER_ONLY);
        Arbitrary<List<Cidr>> allow = network().list().ofMaxSize(5);
        Arbitrary<List<Integer>> ports = Arbitraries.integers().between(1, 65535).list().ofMaxSize(3);
        Arbitrary<Boolean> dns = Arbitraries.of(true, false);
        Arbitrary<Optional<Endpoint>> broker = Arbitraries.longs().between(0, 0xFFFF_FFFFL)
                .map(v -> new IpAddress(Family.IPV4, 0, v))
                .flatMap(a -> Arbitraries.integers().between(1, 65535).map(p -> new Endpoint(a, p)))
                .optional(0.8);
        return Combinators.combine(kind, allow, ports, ports, dns, broker)
                .as((k, a, tcp, udp, d, b) -> new EgressPlan(k, a, List.of(), tcp, udp, d, b));
    }
}
