package dev.nucleus.domain.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nucleus.domain.value.IpAddress.Family;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {
    private static final String V6_EXPECTATION = "expected an IPv4 or IPv6 address such as 10.0.0.1 or fd00::1";
    private static final String V4_EXPECTATION = "expected an IPv4 address such as 10.0.0.1";

    private static IpAddress v4(long value) {
        return new IpAddress(Family.IPV4, 0, value);
    }

    private static IpAddress v6(long high, long low) {
        return new IpAddress(Family.IPV6, high, low);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            0.0.0.0         | 0x00000000
            10.0.0.1        | 0x0A000001
            127.0.0.1       | 0x7F000001
            192.168.1.254   | 0xC0A801FE
            255.255.255.255 | 0xFFFFFFFF
            ' 8.8.4.4 '     | 0x08080404
            """)
    void parsesIpv4(String text, String hex) throws InvalidValueException {
        IpAddress a = IpAddress.parse(text);
        assertEquals(v4(Long.decode(hex)), a);
        assertEquals(32, a.bits());
        assertEquals(text.strip(), a.toString());
    }

    @ParameterizedTest(name = "refuses IPv4 \"{0}\"")
    @ValueSource(strings = {"", "1", "1.2.3", "1.2.3.4.5", "1.2.3.", ".1.2.3", "1..2.3", "256.0.0.1", "1.2.3.256",
            "01.2.3.4", "1.2.3.04", "00.0.0.0", "1.2.3.-4", "1.2.3.+4", "a.b.c.d", "1.2.3.4/8", "1 .2.3.4",
            "1000.1.1.1", "0x7f.0.0.1", "\u0661.2.3.4", "1.2.3.\uFF14", "localhost"})
    void refusesMalformedIpv4(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> IpAddress.parse(text));
        assertEquals(V4_EXPECTATION, e.getMessage());
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            ::                                      | 0x0000000000000000 | 0x0000000000000000 | ::
            ::1                                     | 0x0000000000000000 | 0x0000000000000001 | ::1
            1::                                     | 0x0001000000000000 | 0x0000000000000000 | 1::
            fd00::1                                 | 0xfd00000000000000 | 0x0000000000000001 | fd00::1
            FD00::1                                 | 0xfd00000000000000 | 0x0000000000000001 | fd00::1
            2001:db8::8:800:200c:417a               | 0x20010db800000000 | 0x00080800200c417a | 2001:db8::8:800:200c:417a
            2001:0db8:0000:0000:0000:0000:0000:0001 | 0x20010db800000000 | 0x0000000000000001 | 2001:db8::1
            2001:db8:0:0:1:0:0:1                    | 0x20010db800000000 | 0x0001000000000001 | 2001:db8::1:0:0:1
            2001:db8:0:1:1:1:1:1                    | 0x20010db800000001 | 0x0001000100010001 | 2001:db8:0:1:1:1:1:1
            2001:0:0:1:0:0:0:1                      | 0x2001000000000001 | 0x0000000000000001 | 2001:0:0:1::1
            1:2:3:4:5:6:7:8                         | 0x0001000200030004 | 0x0005000600070008 | 1:2:3:4:5:6:7:8
            1:2:3:4:5:6:7::                         | 0x0001000200030004 | 0x0005000600070000 | 1:2:3:4:5:6:7:0
            ::2:3:4:5:6:7:8                         | 0x0000000200030004 | 0x0005000600070008 | 0:2:3:4:5:6:7:8
            1:0:0:2:0:0:0:3                         | 0x0001000000000002 | 0x0000000000000003 | 1:0:0:2::3
            1:0:0:0:2:0:0:3                         | 0x0001000000000000 | 0x0002000000000003 | 1::2:0:0:3
            ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff | 0xffffffffffffffff | 0xffffffffffffffff | ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff
            ::ffff:192.0.2.1                        | 0x0000000000000000 | 0x0000ffffc0000201 | ::ffff:c000:201
            ::192.0.2.1                             | 0x0000000000000000 | 0x00000000c0000201 | ::c000:201
            64:ff9b::10.0.0.1                       | 0x0064ff9b00000000 | 0x000000000a000001 | 64:ff9b::a00:1
            1:2:3:4:5:6:1.2.3.4                     | 0x0001000200030004 | 0x0005000601020304 | 1:2:3:4:5:6:102:304
            ' fe80::1 '                             | 0xfe80000000000000 | 0x0000000000000001 | fe80::1
            """)
    void parsesIpv6AndRendersRfc5952(String text, String high, String low, String canonical)
            throws InvalidValueException {
        IpAddress a = IpAddress.parse(text);
        assertEquals(v6(Long.parseUnsignedLong(high.substring(2), 16),
                Long.parseUnsignedLong(low.substring(2), 16)), a);
        assertEquals(128, a.bits());
        assertEquals(canonical, a.toString());
    }

    @ParameterizedTest(name = "refuses IPv6 \"{0}\"")
    @ValueSource(strings = {":", ":::", "1:::2", "1::2::3", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:", "1:2:3:4:5:6:7",
            "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "12345::", "g::1", "::1%eth0",
            "[::1]", "1.2.3.4::", "1.2.3.4::1", "::1.2.3.4:5", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3", "-1::",
            "+1::", " :: 1", "\uFF11::", "\u0661::1"})
    void refusesMalformedIpv6(String text) {
        assertThrows(InvalidValueException.class, () -> IpAddress.parse(text));
    }

    @Test
    void refusesMalformedIpv6WithTheDualStackExpectation() {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> IpAddress.parse("1::2::3"));
        assertEquals(V6_EXPECTATION, e.getMessage());
    }

    @Test
    void parseV4OnlyRefusesIpv6() throws InvalidValueException {
        assertEquals(v4(0x0A000001L), IpAddress.parseV4Only("10.0.0.1"));
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> IpAddress.parseV4Only("::1"));
        assertEquals(V4_EXPECTATION, e.getMessage());
    }

    @ParameterizedTest(name = "{0}: loopback={1} unspecified={2} multicast={3}")
    @CsvSource({
            "127.0.0.1,     true,  false, false",
            "127.255.0.9,   true,  false, false",
            "128.0.0.1,     false, false, false",
            "0.0.0.0,       false, true,  false",
            "224.0.0.1,     false, false, true",
            "239.255.255.255, false, false, true",
            "240.0.0.1,     false, false, false",
            "::1,           true,  false, false",
            "::2,           false, false, false",
            "::,            false, true,  false",
            "ff02::1,       false, false, true",
            "fe80::1,       false, false, false"})
    void classifiesAddresses(String text, boolean loopback, boolean unspecified, boolean multicast)
            throws InvalidValueException {
        IpAddress a = IpAddress.parse(text);
        assertEquals(loopback, a.isLoopback(), "loopback");
        assertEquals(unspecified, a.isUnspecified(), "unspecified");
        assertEquals(multicast, a.isMulticast(), "multicast");
    }

    @Property
    void ipv4RoundTrips(@ForAll @LongRange(min = 0, max = 0xFFFFFFFFL) long value) throws InvalidValueException {
        IpAddress a = v4(value);
        assertEquals(a, IpAddress.parse(a.toString()));
    }

    @Property
    void ipv6RoundTripsThroughCanonicalForm(@ForAll("ipv6") IpAddress a) throws InvalidValueException {
        String text = a.toString();
        assertEquals(a, IpAddress.parse(text));
        assertEquals(text, text.toLowerCase(java.util.Locale.ROOT), "RFC 5952 4.3: lower case");
        assertEquals(-1, text.indexOf(":::"), "at most one '::'");
        assertEquals(text.indexOf("::"), text.lastIndexOf("::"), "at most one '::'");
    }

    @Property
    void ipv6FullFormParsesToTheSameAddress(@ForAll("ipv6") IpAddress a) throws InvalidValueException {
        StringBuilder full = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            long half = i < 4 ? a.high() : a.low();
            full.append(i == 0 ? "" : ":").append(String.format("%04X", half >>> (48 - 16 * (i % 4)) & 0xFFFF));
        }
        assertEquals(a, IpAddress.parse(full.toString()));
    }

    /** Addresses biased towards zero groups, so that '::' compression is exercised. */
    @Provide
    Arbitrary<IpAddress> ipv6() {
        Arbitrary<Long> group = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(0L)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(1L)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(0, 0xFFFF)));
        Arbitrary<Long> half = Combinators.combine(group, group, group, group)
                .as((a, b, c, d) -> a << 48 | b << 32 | c << 16 | d);
        return Combinators.combine(half, half).as((h, l) -> new IpAddress(Family.IPV6, h, l));
    }

    @Property
    void parseThrowsOnlyInvalidValue(@ForAll("addressLike") String text) {
        try {
            IpAddress.parse(text);
        } catch (InvalidValueException expected) {
            // the only exception allowed
        }
    }

    @Provide
    Arbitrary<String> addressLike() {
        return Arbitraries.oneOf(Arbitraries.strings(),
                Arbitraries.strings().withChars("0123456789abcdefABCDEF:.% ").ofMaxLength(45));
    }
}
