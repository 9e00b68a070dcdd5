package dev.nucleus.domain.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource(delimiter = '|', textBlock = """
            0        | 0
            1        | 1
            512      | 512
            64K      | 65536
            64k      | 65536
            1KB      | 1024
            1KiB     | 1024
            1kib     | 1024
            512M     | 536870912
            512MB    | 536870912
            1G       | 1073741824
            1GiB     | 1073741824
            2T       | 2199023255552
            '  8M  ' | 8388608
            100B     | 100
            007K     | 7168
            8388607T | 9223370937343148032
            9223372036854775807 | 9223372036854775807
            """)
    void accepts(String text, long bytes) throws InvalidValueException {
        assertEquals(new ByteSize(bytes), ByteSize.parse(text));
    }

    @ParameterizedTest(name = "refuses \"{0}\"")
    @ValueSource(strings = {"", " ", "B", "iB", "K", "M", "-1", "-1M", "+1M", "1.5G", "1,5G", "1 G", "1P", "1E",
            "1X", "M1", "1KK", "1BB", "1MiBB", "0x10", "one", "\u0665M", "١", "\uFF11K",
            "92233720368547758070"})
    void refusesMalformed(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> ByteSize.parse(text));
        assertEquals("expected a size such as 512M, 1G, 64K or a byte count", e.getMessage());
    }

    @ParameterizedTest(name = "refuses \"{0}\" as too large")
    @ValueSource(strings = {"8388608T", "8796093022208G", "9007199254740992M", "9007199254740992K"})
    void refusesOverflow(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> ByteSize.parse(text));
        assertEquals("size is too large", e.getMessage());
    }

    @Test
    void negativeSizeCannotBeConstructed() {
        assertThrows(IllegalArgumentException.class, () -> new ByteSize(-1));
    }

    @ParameterizedTest(name = "{0} bytes renders as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0             | 0
            1             | 1
            1023          | 1023
            1024          | 1K
            1536          | 1536
            65536         | 64K
            1048576       | 1M
            1073741824    | 1G
            1099511627776 | 1T
            1125899906842624 | 1024T
            3221225472    | 3G
            """)
    void rendersShortestExactForm(long bytes, String text) {
        assertEquals(text, new ByteSize(bytes).toString());
    }

    @Property
    void toStringRoundTrips(@ForAll @LongRange(min = 0) long bytes) throws InvalidValueException {
        ByteSize size = new ByteSize(bytes);
        assertEquals(size, ByteSize.parse(size.toString()));
    }

    @Property
    void unitsMultiplyBy1024(@ForAll @LongRange(min = 0, max = 8_388_607) long n, @ForAll("units") int unit)
            throws InvalidValueException {
        assertEquals(n << (10 * unit), ByteSize.parse(n + "KMGT".substring(unit - 1, unit)).bytes());
    }

    @Provide
    Arbitrary<Integer> units() {
        return Arbitraries.integers().between(1, 4);
    }

    @Property
    void parseThrowsOnlyInvalidValue(@ForAll String text) {
        try {
            ByteSize.parse(text);
        } catch (InvalidValueException expected) {
            // the only exception allowed
        }
    }
}
