package dev.nucleus.domain.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.value.Cidr;
import dev.nucleus.domain.value.InvalidValueException;
import dev.nucleus.domain.value.IpAddress;
import dev.nucleus.domain.value.IpAddress.Family;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The --network bridge settings: name and subnet validation, host numbering, the derived IPv6 /64. */
class BridgeSettingsTest {
    private static final String NAME_RULE = "expected an interface name of 1 to 15 characters (A-Z a-z 0-9 _ . -)";
    private static final String SUBNET_RULE = "expected an IPv4 network from /8 to /30 (a gateway and at least one"
            + " container address)";

    private static BridgeSettings bridge(String subnet) throws InvalidValueException {
        return new BridgeSettings("br-test", BridgeSettings.parseSubnet(subnet));
    }

    // ---- defaults -----------------------------------------------------------------------------

    @Test
    void theDefaultIsNucleus0On10_0_42_0Slash24() {
        BridgeSettings d = BridgeSettings.defaults();
        assertEquals("nucleus0", d.name());
        assertEquals("nucleus0", BridgeSettings.DEFAULT_NAME);
        assertEquals("10.0.42.0/24", d.subnet().toString());
        assertEquals("10.0.42.0/24", BridgeSettings.DEFAULT_SUBNET);
        assertEquals("10.0.42.1", d.gateway().toString());
        assertEquals(253, d.containerAddresses());
        assertEquals(Family.IPV4, d.gateway().family());
    }

    @Test
    void defaultsAreEqualEachTime() {
        assertEquals(BridgeSettings.defaults(), BridgeSettings.defaults());
    }

    // ---- names --------------------------------------------------------------------------------

    @ParameterizedTest(name = "\"{0}\" is a bridge name")
    @ValueSource(strings = {"a", "nucleus0", "br-0", "br_0", "br.0", "BR0", "abcdefghijklmno", "0123456789abcde",
        "...", ".a", "a..", "-", "_"})
    void parseNameAcceptsInterfaceNames(String name) throws InvalidValueException {
        assertEquals(name, BridgeSettings.parseName(name));
        assertEquals(name, new BridgeSettings(name, BridgeSettings.defaults().subnet()).name());
    }

    @Test
    void fifteenCharactersIsTheLongestName() throws InvalidValueException {
        String fifteen = "x".repeat(15);
        assertEquals(fifteen, BridgeSettings.parseName(fifteen));
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> BridgeSettings.parseName("x".repeat(16)));
        assertEquals(NAME_RULE, e.getMessage());
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @ValueSource(strings = {"", ".", "..", "abcdefghijklmnop", "br 0", " br0", "br0 ", "br/0", "/", "br:0", "br@0",
        "brü0", "br\t0", "br\n0", "br0\n", "*", "br0%"})
    void parseNameRefusesWhatIsNoInterfaceName(String name) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> BridgeSettings.parseName(name));
        assertEquals(NAME_RULE, e.getMessage());
    }

    @ParameterizedTest(name = "new BridgeSettings(\"{0}\", ...) is refused")
    @ValueSource(strings = {"", ".", "..", "abcdefghijklmnop", "br 0", "br/0", "br:0"})
    void theConstructorRefusesBadNamesToo(String name) {
        Cidr subnet = BridgeSettings.defaults().subnet();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BridgeSettings(name, subnet));
        assertEquals("a bridge name is 1 to 15 of A-Z a-z 0-9 _ . -", e.getMessage());
    }

    // ---- subnets ------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"10.0.0.0/8", "10.0.0.0/16", "172.16.0.0/12", "10.0.42.0/24", "10.231.7.0/28",
        "192.168.1.252/30", "10.255.255.248/29", "0.0.0.0/8"})
    void parseSubnetAcceptsIpv4NetworksFrom8To30(String text) throws InvalidValueException {
        Cidr c = BridgeSettings.parseSubnet(text);
        assertEquals(text, c.toString());
        assertEquals(Family.IPV4, c.address().family());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fd00::/64", "fd00::/8", "::/0", "2001:db8::/32", "10.0.0.0/31", "10.0.0.1/32",
        "10.0.0.0/32", "10.0.0.0/7", "0.0.0.0/0", "8.0.0.0/5", "10.0.42.1"})
    void parseSubnetRefusesIpv6AndPrefixesOutside8To30(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> BridgeSettings.parseSubnet(text));
        assertEquals(SUBNET_RULE, e.getMessage());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.42.1/24     | host bits are set; did you mean 10.0.42.0/24?
            192.168.1.253/30 | host bits are set; did you mean 192.168.1.252/30?
            10.1.0.0/8       | host bits are set; did you mean 10.0.0.0/8?
            10.0.0.0/33      | expected a prefix length from 0 to 32
            10.0.0.256/24    | expected an IPv4 address such as 10.0.0.1
            nucleus0         | expected an IPv4 address such as 10.0.0.1
            """)
    void parseSubnetRefusesWhatIsNoNetwork(String text, String message) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> BridgeSettings.parseSubnet(text));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fd00::/64", "10.0.0.0/31", "10.0.0.1/32", "10.0.0.0/7", "0.0.0.0/0"})
    void theConstructorRefusesBadSubnetsToo(String text) throws InvalidValueException {
        Cidr c = Cidr.parse(text);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BridgeSettings("br0", c));
        assertEquals("the bridge subnet is an IPv4 network from /8 to /30", e.getMessage());
    }

    // ---- host numbering -----------------------------------------------------------------------

    @ParameterizedTest(name = "{0}: {1} container addresses")
    @CsvSource({
        "10.0.42.0/24,     253, 10.0.42.0,     10.0.42.1,     10.0.42.2,     10.0.42.254,   10.0.42.255",
        "10.231.7.0/28,    13,  10.231.7.0,    10.231.7.1,    10.231.7.2,    10.231.7.14,   10.231.7.15",
        "192.168.1.252/30, 1,   192.168.1.252, 192.168.1.253, 192.168.1.254, 192.168.1.254, 192.168.1.255",
        "172.16.0.0/12,    1048573, 172.16.0.0, 172.16.0.1,   172.16.0.2,    172.31.255.254, 172.31.255.255",
        "10.0.0.0/8,       16777213, 10.0.0.0,  10.0.0.1,     10.0.0.2,      10.255.255.254, 10.255.255.255",
    })
    void hostNumbersRunFromTheNetworkToTheBroadcastAddress(String subnet, long containers, String network,
                                                          String gateway, String first, String last, String broadcast)
            throws InvalidValueException {
        BridgeSettings b = bridge(subnet);
        assertEquals(containers, b.containerAddresses());
        assertEquals(network, b.host(0).toString());
        assertEquals(gateway, b.gateway().toString());
        assertEquals(gateway, b.host(1).toString());
        assertEquals(first, b.host(2).toString());
        // Containers take 2 .. containerAddresses() + 1; the one after is the broadcast address.
        assertEquals(last, b.host(b.containerAddresses() + 1).toString());
        assertEquals(broadcast, b.host(b.containerAddresses() + 2).toString());
    }

    @Test
    void hostNumbersCarryAcrossOctets() throws InvalidValueException {
        BridgeSettings b = bridge("10.8.0.0/16");
        assertEquals("10.8.0.255", b.host(255).toString());
        assertEquals("10.8.1.0", b.host(256).toString());
        assertEquals("10.8.1.44", b.host(300).toString());
        assertEquals(new IpAddress(Family.IPV4, 0, 0x0A08012CL), b.host(300));
    }

    @Property(tries = 300)
    void everyContainerAddressLiesInsideTheSubnetBetweenGatewayAndBroadcast(@ForAll("subnets") Cidr subnet,
                                                                           @ForAll("fractions") double where) {
        BridgeSettings b = new BridgeSettings("br0", subnet);
        long size = 1L << (32 - subnet.prefixLength());
        assertEquals(size - 3, b.containerAddresses());
        long n = 2 + (long) (where * (b.containerAddresses() - 1));
        IpAddress a = b.host(n);
        assertEquals(Family.IPV4, a.family());
        assertEquals(subnet.address().low(), a.low() & ~(size - 1) & 0xFFFF_FFFFL, () -> a + " outside " + subnet);
        assertTrue(a.low() - subnet.address().low() >= 2, () -> a + " is the network or gateway of " + subnet);
        assertTrue(a.low() - subnet.address().low() <= size - 2, () -> a + " is the broadcast of " + subnet);
        assertEquals(subnet.address().low() + size - 1, b.host(size - 1).low());
    }

    // ---- IPv6 ---------------------------------------------------------------------------------

    @Test
    void theIpv6PrefixCarriesTheIpv4NetworkIn32Bits() throws InvalidValueException {
        BridgeSettings b = bridge("10.231.7.0/28");
        assertEquals("fd6e:7563:ae7:700", b.ipv6Prefix());
        assertEquals("fd6e:7563:ae7:700::1", b.ipv6Host(1));
        assertEquals("fd6e:7563:ae7:700::2", b.ipv6Host(2));
        assertEquals("fd6e:7563:ae7:700::e", b.ipv6Host(14));
        assertEquals("fd6e:7563:ae7:700::fffe", b.ipv6Host(0xfffe));

        for (long n : new long[] {1, 2, 14, 0xfffe}) {
            IpAddress a = IpAddress.parse(b.ipv6Host(n));
            assertEquals(Family.IPV6, a.family());
            assertEquals(0xfd6e_7563_0ae7_0700L, a.high());
            assertEquals(n, a.low());
        }
        assertEquals(new Cidr(new IpAddress(Family.IPV6, 0xfd6e_7563_0ae7_0700L, 0), 64),
                Cidr.parse(b.ipv6Prefix() + "::/64"));
    }

    @Test
    void theDefaultBridgesIpv6Prefix() throws InvalidValueException {
        BridgeSettings d = BridgeSettings.defaults();
        assertEquals("fd6e:7563:a00:2a00", d.ipv6Prefix());
        assertEquals("fd6e:7563:a00:2a00::1", d.ipv6Host(1));
        assertEquals(new IpAddress(Family.IPV6, 0xfd6e_7563_0a00_2a00L, 1), IpAddress.parse(d.ipv6Host(1)));
    }

    @Test
    void zeroGroupsOfThePrefixStillParse() throws InvalidValueException {
        BridgeSettings b = bridge("10.0.0.0/8");
        assertEquals("fd6e:7563:a00:0", b.ipv6Prefix());
        assertEquals(new IpAddress(Family.IPV6, 0xfd6e_7563_0a00_0000L, 1), IpAddress.parse(b.ipv6Host(1)));
    }

    @Test
    void hostNumbersAbove0xffffStillMakeAnIpv6Address() throws InvalidValueException {
        // A /15 or larger subnet has host numbers that need two IPv6 groups.
        BridgeSettings b = bridge("10.0.0.0/8");
        for (long n : new long[] {0xffff, 0x10000, 0x12345, b.containerAddresses() + 1}) {
            IpAddress a = IpAddress.parse(b.ipv6Host(n));
            assertEquals(0xfd6e_7563_0a00_0000L, a.high(), b.ipv6Host(n));
            assertEquals(n, a.low(), b.ipv6Host(n));
        }
    }

    @Property(tries = 300)
    void everyIpv6HostParsesAndMatchesItsIpv4HostNumber(@ForAll("subnets") Cidr subnet,
                                                        @ForAll("fractions") double where)
            throws InvalidValueException {
        BridgeSettings b = new BridgeSettings("br0", subnet);
        long n = 1 + (long) (where * b.containerAddresses());
        IpAddress a = IpAddress.parse(b.ipv6Host(n));
        assertEquals(Family.IPV6, a.family());
        assertEquals(0xfd6e_7563L << 32 | subnet.address().low(), a.high(), b::ipv6Prefix);
        assertEquals(n, a.low(), () -> b.ipv6Host(n));
        assertTrue(b.ipv6Host(n).startsWith(b.ipv6Prefix() + "::"));
        // The prefix is a /64 network (no host bits).
        assertEquals(64, Cidr.parse(b.ipv6Prefix() + "::/64").prefixLength());
    }

    @Provide
    Arbitrary<Cidr> subnets() {
        return Combinators.combine(Arbitraries.longs().between(0, 0xFFFF_FFFFL), Arbitraries.integers().between(8, 30))
                .as((v, prefix) -> new Cidr(new IpAddress(Family.IPV4, 0,
                        v & (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL), prefix));
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(0, 1);
    }
}
