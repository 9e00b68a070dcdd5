package dev.nucleus.domain.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"10.0.42.1:8080, 10.0.42.1, 8080", "127.0.0.1:1, 127.0.0.1, 1", "0.0.0.0:65535, 0.0.0.0, 65535"})
    void accepts(String text, String address, int port) throws InvalidValueException {
        Endpoint e = Endpoint.parseV4(text);
        assertEquals(new Endpoint(IpAddress.parse(address), port), e);
        assertEquals(text, e.toString());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.42.1        | expected IPv4:PORT, such as 10.0.42.1:8080
            :8080            | expected IPv4:PORT, such as 10.0.42.1:8080
            ''               | expected IPv4:PORT, such as 10.0.42.1:8080
            10.0.42.1:       | expected a port number from 1 to 65535
            10.0.42.1:0      | expected a port number from 1 to 65535
            10.0.42.1:65536  | expected a port number from 1 to 65535
            10.0.42.1:http   | expected a port number from 1 to 65535
            [::1]:8080       | expected an IPv4 or IPv6 address such as 10.0.0.1 or fd00::1
            fd00::1:8080     | expected an IPv4 address such as 10.0.0.1
            broker:8080      | expected an IPv4 address such as 10.0.0.1
            10.0.42:8080     | expected an IPv4 address such as 10.0.0.1
            """)
    void refuses(String text, String message) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Endpoint.parseV4(text));
        assertEquals(message, e.getMessage());
    }
}
