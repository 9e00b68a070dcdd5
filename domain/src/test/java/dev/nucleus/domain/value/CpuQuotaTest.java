package dev.nucleus.domain.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CpuQuotaTest {

    @ParameterizedTest(name = "{0} cores = {1} millicores")
    @CsvSource(delimiter = '|', textBlock = """
            2       | 2000
            2.0     | 2000
            2.000   | 2000
            0.5     | 500
            .5      | 500
            1.25    | 1250
            0.001   | 1
            1e-3    | 1
            '  3  ' | 3000
            +4      | 4000
            65536   | 65536000
            65536.000 | 65536000
            """)
    void accepts(String text, long millicores) throws InvalidValueException {
        assertEquals(new CpuQuota(millicores), CpuQuota.parse(text));
    }

    @ParameterizedTest(name = "refuses \"{0}\" as not a number")
    @ValueSource(strings = {"", " ", "two", "1,5", "0x10", "1/2", "NaN", "Infinity", "1e2147483647",
            "1E+2147483647", "1e-2147483648", "\u0662", "\uFF12", "2 cores"})
    void refusesNonNumbers(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> CpuQuota.parse(text));
        assertEquals("expected a number of cores such as 2 or 0.5", e.getMessage());
    }

    @ParameterizedTest(name = "refuses \"{0}\" as out of range")
    @ValueSource(strings = {"0", "0.0", "-1", "-0.001", "65536.001", "65537", "1e9", "0.0000"})
    void refusesOutOfRange(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> CpuQuota.parse(text));
        assertEquals("expected more than 0 and at most 65536 cores", e.getMessage());
    }

    @ParameterizedTest(name = "refuses \"{0}\" as too precise")
    @ValueSource(strings = {"0.0005", "1.2345", "1e-4"})
    void refusesSubMillicore(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> CpuQuota.parse(text));
        assertEquals("expected at most three decimals (millicore precision)", e.getMessage());
    }

    @Test
    void constructorEnforcesTheRange() {
        assertThrows(IllegalArgumentException.class, () -> new CpuQuota(0));
        assertThrows(IllegalArgumentException.class, () -> new CpuQuota(65_536_001));
        assertEquals(65_536_000, new CpuQuota(65_536_000).millicores());
    }

    @ParameterizedTest(name = "{0} millicores render as {1}")
    @CsvSource({"2000, 2", "500, 0.5", "1250, 1.25", "1, 0.001", "10, 0.01", "65536000, 65536", "1000, 1"})
    void rendersPlainDecimal(long millicores, String text) {
        assertEquals(text, new CpuQuota(millicores).toString());
    }

    @Test
    void quotaIsProportionalToThePeriod() {
        assertEquals(50_000, new CpuQuota(500).quotaMicros(100_000));
        assertEquals(200_000, new CpuQuota(2000).quotaMicros(100_000));
        assertEquals(100, new CpuQuota(1).quotaMicros(100_000));
    }

    @Property
    void toStringRoundTrips(@ForAll @LongRange(min = 1, max = 65_536_000) long millicores)
            throws InvalidValueException {
        CpuQuota quota = new CpuQuota(millicores);
        assertEquals(quota, CpuQuota.parse(quota.toString()));
    }

    @Property
    void parseThrowsOnlyInvalidValue(@ForAll String text) {
        try {
            CpuQuota.parse(text);
        } catch (InvalidValueException expected) {
            // the only exception allowed
        }
    }
}
