package dev.nucleus.domain.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nucleus.domain.value.IpAddress.Family;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.0/8        | 10.0.0.0/8
            0.0.0.0/0         | 0.0.0.0/0
            192.168.1.0/24    | 192.168.1.0/24
            192.168.1.128/25  | 192.168.1.128/25
            10.0.0.1/32       | 10.0.0.1/32
            10.0.0.1          | 10.0.0.1/32
            ' 172.16.0.0/12 ' | 172.16.0.0/12
            10.0.0.0/08       | 10.0.0.0/8
            ::/0              | ::/0
            fd00::/8          | fd00::/8
            2001:db8::/32     | 2001:db8::/32
            2001:db8:0:1::/64 | 2001:db8:0:1::/64
            2001:db8::8000:0:0:0/65 | 2001:db8:0:0:8000::/65
            ::1/128           | ::1/128
            ::1               | ::1/128
            fd00::            | fd00::/128
            """)
    void accepts(String text, String canonical) throws InvalidValueException {
        Cidr cidr = Cidr.parse(text);
        assertEquals(canonical, cidr.toString());
        assertEquals(Integer.parseInt(canonical.substring(canonical.indexOf('/') + 1)), cidr.prefixLength());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.1/8          | host bits are set; did you mean 10.0.0.0/8?
            192.168.1.1/24      | host bits are set; did you mean 192.168.1.0/24?
            192.168.1.129/25    | host bits are set; did you mean 192.168.1.128/25?
            1.0.0.0/0           | host bits are set; did you mean 0.0.0.0/0?
            fd00::1/8           | host bits are set; did you mean fd00::/8?
            fd00::1/127         | host bits are set; did you mean fd00::/127?
            2001:db8::1:0:0:0/64 | host bits are set; did you mean 2001:db8::/64?
            2001:db8::8000:0:0:0/64 | host bits are set; did you mean 2001:db8::/64?
            ::1/0               | host bits are set; did you mean ::/0?
            10.0.0.0/33         | expected a prefix length from 0 to 32
            10.0.0.0/-1         | expected a prefix length from 0 to 32
            10.0.0.0/           | expected a prefix length from 0 to 32
            10.0.0.0/x          | expected a prefix length from 0 to 32
            10.0.0.0/8/8        | expected a prefix length from 0 to 32
            10.0.0.0/255.0.0.0  | expected a prefix length from 0 to 32
            fd00::/129          | expected a prefix length from 0 to 128
            10.0.0.256/8        | expected an IPv4 address such as 10.0.0.1
            /8                  | expected an IPv4 address such as 10.0.0.1
            """)
    void refuses(String text, String message) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Cidr.parse(text));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest(name = "refuses \"{0}\"")
    @ValueSource(strings = {"", " ", "fd00:::/8", "example.com/8"})
    void refusesGarbage(String text) {
        assertThrows(InvalidValueException.class, () -> Cidr.parse(text));
    }

    @Property
    void ipv4NetworksRoundTrip(@ForAll @LongRange(min = 0, max = 0xFFFFFFFFL) long address,
                               @ForAll @IntRange(min = 0, max = 32) int prefix) throws InvalidValueException {
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        Cidr cidr = new Cidr(new IpAddress(Family.IPV4, 0, address & mask), prefix);
        assertEquals(cidr, Cidr.parse(cidr.toString()));
    }

    @Property
    void ipv6NetworksRoundTrip(@ForAll long high, @ForAll long low, @ForAll @IntRange(min = 0, max = 128) int prefix)
            throws InvalidValueException {
        long hiMask = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
        long loMask = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
        Cidr cidr = new Cidr(new IpAddress(Family.IPV6, high & hiMask, low & loMask), prefix);
        assertEquals(cidr, Cidr.parse(cidr.toString()));
    }

    @Property
    void aSetHostBitIsAlwaysRefused(@ForAll @LongRange(min = 0, max = 0xFFFFFFFFL) long address,
                                    @ForAll @IntRange(min = 0, max = 31) int prefix) {
        long hostBit = 1L << (31 - prefix);
        IpAddress withHostBit = new IpAddress(Family.IPV4, 0, address | hostBit);
        assertThrows(InvalidValueException.class, () -> Cidr.parse(withHostBit + "/" + prefix));
    }

    @Property
    void parseThrowsOnlyInvalidValue(@ForAll String text) {
        try {
            Cidr.parse(text);
        } catch (InvalidValueException expected) {
            // the only exception allowed
        }
    }

    @ParameterizedTest
    @CsvSource({"10.42.0.0/24,10.42.0.0/24,true", "10.42.0.0/24,10.42.0.128/25,true", "10.0.0.0/8,10.42.0.0/24,true",
            "10.42.0.0/24,10.42.1.0/24,false", "10.42.0.0/24,10.43.0.0/16,false", "192.0.2.0/24,10.0.0.0/8,false",
            "0.0.0.0/0,10.0.0.0/8,true", "10.0.0.0/8,fd00::/8,false"})
    void overlapsWhenOneContainsTheOther(String a, String b, boolean expected) throws InvalidValueException {
        assertEquals(expected, Cidr.parse(a).overlaps(Cidr.parse(b)), a + " vs " + b);
        assertEquals(expected, Cidr.parse(b).overlaps(Cidr.parse(a)), b + " vs " + a);
    }

    @Test
    void enclosingClearsTheHostBits() throws InvalidValueException {
        assertEquals(Cidr.parse("192.0.2.0/24"), Cidr.enclosing(IpAddress.parse("192.0.2.77"), 24));
        assertEquals(Cidr.parse("10.0.0.0/8"), Cidr.enclosing(IpAddress.parse("10.200.3.4"), 8));
    }
}
