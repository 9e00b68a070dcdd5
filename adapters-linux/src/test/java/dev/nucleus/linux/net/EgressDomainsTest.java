package dev.nucleus.linux.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.value.IpAddress;
import dev.nucleus.ports.PolicyRejectedException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * --egress-domain names through the host's resolver: localhost comes from /etc/hosts and a name
 * under .invalid never resolves (RFC 6761), so neither needs the network.
 */
class EgressDomainsTest {

    @Test
    void localhostResolvesToLoopback() throws Exception {
        List<IpAddress> found = EgressDomains.resolve(List.of("localhost"));
        assertFalse(found.isEmpty());
        assertTrue(found.stream().allMatch(IpAddress::isLoopback), found::toString);
        assertTrue(found.contains(IpAddress.parse("127.0.0.1")) || found.contains(IpAddress.parse("::1")),
                found::toString);
    }

    @Test
    void noNamesNoAddresses() throws Exception {
        assertEquals(List.of(), EgressDomains.resolve(List.of()));
    }

    @Test
    void aNameWithoutAnAddressIsRefusedNamingIt() {
        PolicyRejectedException e = assertThrows(PolicyRejectedException.class,
                () -> EgressDomains.resolve(List.of("no-such-host.invalid")));
        assertEquals("--egress-domain no-such-host.invalid: the name has no address (it does not resolve on this"
                + " host)", e.getMessage());
        assertTrue(e.getMessage().contains("no-such-host.invalid"));
        assertTrue(e.getMessage().contains("has no address"));
    }

    @Test
    void oneUnresolvableNameRefusesTheWholeList() {
        PolicyRejectedException e = assertThrows(PolicyRejectedException.class,
                () -> EgressDomains.resolve(List.of("localhost", "nothing-here.invalid", "localhost")));
        assertTrue(e.getMessage().startsWith("--egress-domain nothing-here.invalid: "), e.getMessage());
    }

    @Test
    void addressesOfEveryNameAreCollectedInOrder() throws Exception {
        List<IpAddress> once = EgressDomains.resolve(List.of("localhost"));
        List<IpAddress> twice = EgressDomains.resolve(List.of("localhost", "localhost"));
        assertEquals(once.size() * 2, twice.size());
        assertEquals(once, twice.subList(0, once.size()));
        assertEquals(once, twice.subList(once.size(), twice.size()));
    }

    @Test
    void addressLiteralsNeedNoLookup() throws Exception {
        assertEquals(List.of(IpAddress.parse("192.0.2.7"), IpAddress.parse("2001:db8::1")),
                EgressDomains.resolve(List.of("192.0.2.7", "2001:db8::1")));
    }

    @Test
    void theScopeOfALinkLocalAddressIsDropped() throws Exception {
        assertEquals(List.of(IpAddress.parse("fe80::1")), EgressDomains.resolve(List.of("fe80::1%1")));
    }
}
