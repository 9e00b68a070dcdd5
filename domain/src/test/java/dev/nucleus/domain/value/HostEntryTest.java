package dev.nucleus.domain.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostEntryTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            db.internal:10.0.0.5   | db.internal | 10.0.0.5 | db.internal:10.0.0.5
            db:fd00::1             | db          | fd00::1  | db:fd00::1
            DB:fd00:0:0::1         | DB          | fd00::1  | DB:fd00::1
            v6:::1                 | v6          | ::1      | v6:::1
            """)
    void accepts(String text, String name, String address, String canonical) throws InvalidValueException {
        HostEntry e = HostEntry.parse(text);
        assertEquals(new HostEntry(name, IpAddress.parse(address)), e);
        assertEquals(canonical, e.toString());
        assertEquals(e, HostEntry.parse(e.toString()));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            db.internal           | expected NAME:IP, such as db.internal:10.0.0.5
            :10.0.0.5             | expected NAME:IP, such as db.internal:10.0.0.5
            ''                    | expected NAME:IP, such as db.internal:10.0.0.5
            bad_name:10.0.0.5     | expected an RFC 1123 host name such as web-1 or api.internal
            -db:10.0.0.5          | expected an RFC 1123 host name such as web-1 or api.internal
            db:                   | expected an IPv4 address such as 10.0.0.1
            db:10.0.0             | expected an IPv4 address such as 10.0.0.1
            db:other.host         | expected an IPv4 address such as 10.0.0.1
            db:fd00:::1           | expected an IPv4 or IPv6 address such as 10.0.0.1 or fd00::1
            """)
    void refuses(String text, String message) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> HostEntry.parse(text));
        assertEquals(message, e.getMessage());
    }
}
