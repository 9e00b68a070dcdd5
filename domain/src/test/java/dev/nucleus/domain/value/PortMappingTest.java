package dev.nucleus.domain.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nucleus.domain.value.PortMapping.Protocol;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PortMappingTest {
    private static final String EXPECTATION =
            "expected [IP:]HOST_PORT:CONTAINER_PORT[/tcp|udp], such as 127.0.0.1:8080:80";

    @ParameterizedTest(name = "{0} -> {5}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            8080:80                | -         | 8080  | 80    | TCP | 8080:80/tcp
            8080:80/tcp            | -         | 8080  | 80    | TCP | 8080:80/tcp
            53:53/udp              | -         | 53    | 53    | UDP | 53:53/udp
            53:53/UDP              | -         | 53    | 53    | UDP | 53:53/udp
            1:65535                | -         | 1     | 65535 | TCP | 1:65535/tcp
            127.0.0.1:8080:80      | 127.0.0.1 | 8080  | 80    | TCP | 127.0.0.1:8080:80/tcp
            0.0.0.0:443:8443/tcp   | 0.0.0.0   | 443   | 8443  | TCP | 0.0.0.0:443:8443/tcp
            [::1]:8080:80          | ::1       | 8080  | 80    | TCP | [::1]:8080:80/tcp
            [fd00:0::1]:5353:53/udp | fd00::1  | 5353  | 53    | UDP | [fd00::1]:5353:53/udp
            [::ffff:10.0.0.1]:80:80 | ::ffff:a00:1 | 80 | 80    | TCP | [::ffff:a00:1]:80:80/tcp
            '  8080:80  '          | -         | 8080  | 80    | TCP | 8080:80/tcp
            """)
    void accepts(String text, String address, int hostPort, int containerPort, Protocol protocol, String canonical)
            throws InvalidValueException {
        PortMapping m = PortMapping.parse(text);
        Optional<IpAddress> expectedAddress = address == null ? Optional.empty() : Optional.of(IpAddress.parse(address));
        assertEquals(new PortMapping(expectedAddress, hostPort, containerPort, protocol), m);
        assertEquals(canonical, m.toString());
    }

    /** A dash in the message column stands for the general syntax message. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            80                  | -
            ''                  | -
            [::1]8080:80        | -
            [::1]:8080          | -
            [::1]:1:2:3         | -
            [::1                | -
            8080:80/sctp        | expected protocol tcp or udp after '/'
            8080:80/            | expected protocol tcp or udp after '/'
            8080:80/tcp/udp     | expected a port number from 1 to 65535
            0:80                | expected a port number from 1 to 65535
            80:0                | expected a port number from 1 to 65535
            65536:80            | expected a port number from 1 to 65535
            80:65536            | expected a port number from 1 to 65535
            :80                 | expected a port number from 1 to 65535
            80:                 | expected a port number from 1 to 65535
            http:80             | expected a port number from 1 to 65535
            ::1:8080:80         | expected an IPv4 address such as 10.0.0.1
            1.2.3.4:5:6:7       | -
            localhost:8080:80   | expected an IPv4 address such as 10.0.0.1
            300.0.0.1:8080:80   | expected an IPv4 address such as 10.0.0.1
            [nope]:8080:80      | expected an IPv4 address such as 10.0.0.1
            """)
    void refuses(String text, String message) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> PortMapping.parse(text));
        assertEquals(message == null ? EXPECTATION : message, e.getMessage());
    }

    @ParameterizedTest(name = "refuses \"{0}\"")
    @ValueSource(strings = {"8080-8090:80", "-1:80"})
    void refusesOther(String text) {
        assertThrows(InvalidValueException.class, () -> PortMapping.parse(text));
    }

    @Property
    void toStringRoundTrips(@ForAll("mappings") PortMapping m) throws InvalidValueException {
        assertEquals(m, PortMapping.parse(m.toString()));
    }

    @Provide
    Arbitrary<PortMapping> mappings() {
        Arbitrary<Integer> port = Arbitraries.integers().between(1, 65535);
        Arbitrary<Optional<IpAddress>> address = Arbitraries.oneOf(
                Arbitraries.just(Optional.empty()),
                Arbitraries.longs().between(0, 0xFFFFFFFFL)
                        .map(v -> Optional.of(new IpAddress(IpAddress.Family.IPV4, 0, v))),
                Combinators.combine(Arbitraries.longs(), Arbitraries.longs())
                        .as((h, l) -> Optional.of(new IpAddress(IpAddress.Family.IPV6, h, l))));
        return Combinators.combine(address, port, port, Arbitraries.of(Protocol.class)).as(PortMapping::new);
    }

    @Property
    void parseThrowsOnlyInvalidValue(@ForAll("mappingLike") String text) {
        try {
            PortMapping.parse(text);
        } catch (InvalidValueException expected) {
            // the only exception allowed
        }
    }

    @Provide
    Arbitrary<String> mappingLike() {
        return Arbitraries.oneOf(Arbitraries.strings(),
                Arbitraries.strings().withChars("0123456789abcdef:.[]/tcpud").ofMaxLength(40));
    }
}
