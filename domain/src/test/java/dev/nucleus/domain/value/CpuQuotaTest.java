package dev.nucleus.domain.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;

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

class CpuQuotaTest {

    @ParameterizedTest(name = "{0} cores = {1} millicores")
    @CsvSource(delimiter = '|', textBlock = """
            2       | 2000
            2.0     | 2000
            2.000   | 2000
            0.5     | 500
            .5      | 500
            1.25    | 1250
            0.01    | 10
            1e-2    | 10
            0.015   | 15
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
    @ValueSource(strings = {"0", "0.0", "-1", "-0.001", "0.001", "0.009", "0.0099", "0.0005", "1e-4", "65536.001", "65537",
            "1e9", "0.0000"})
    void refusesOutOfRange(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> CpuQuota.parse(text));
        assertEquals("expected at least 0.01 and at most 65536 cores", e.getMessage());
    }

    @ParameterizedTest(name = "refuses \"{0}\" as too precise")
    @ValueSource(strings = {"0.0105", "1.2345", "1.0001"})
    void refusesSubMillicore(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> CpuQuota.parse(text));
        assertEquals("expected at most three decimals (millicore precision)", e.getMessage());
    }

    @Test
    void constructorEnforcesTheRange() {
        assertThrows(IllegalArgumentException.class, () -> new CpuQuota(0));
        assertThrows(IllegalArgumentException.class, () -> new CpuQuota(9));
        assertEquals(10, new CpuQuota(10).millicores());
        assertThrows(IllegalArgumentException.class, () -> new CpuQuota(65_536_001));
        assertEquals(65_536_000, new CpuQuota(65_536_000).millicores());
    }

    @ParameterizedTest(name = "{0} millicores render as {1}")
    @CsvSource({"2000, 2", "500, 0.5", "1250, 1.25", "15, 0.015", "10, 0.01", "65536000, 65536", "1000, 1"})
    void rendersPlainDecimal(long millicores, String text) {
        assertEquals(text, new CpuQuota(millicores).toString());
    }

    @Test
    void quotaIsProportionalToThePeriod() {
        assertEquals(50_000, new CpuQuota(500).quotaMicros(100_000));
        assertEquals(200_000, new CpuQuota(2000).quotaMicros(100_000));
        assertEquals(1_000, new CpuQuota(10).quotaMicros(100_000)); // the kernel's minimum
    }

    @Property
    void toStringRoundTrips(@ForAll @LongRange(min = 10, max = 65_536_000) long millicores)
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

    /**
     * The hand-written reader decides exactly as BigDecimal did (the reader before it), for every
     * exponent BigDecimal can compute with; a larger positive one is "out of range" here, where
     * BigDecimal would first build 10^n and then overflow.
     */
    @Property(tries = 5000)
    void readsAsBigDecimalDid(@ForAll("numbers") String text) {
        assertEquals(byBigDecimal(text), outcome(text), text);
    }

    @Test
    void hugeExponents() {
        InvalidValueException far = assertThrows(InvalidValueException.class, () -> CpuQuota.parse("1e900000000"));
        assertEquals("expected at least 0.01 and at most 65536 cores", far.getMessage());
        InvalidValueException beyond = assertThrows(InvalidValueException.class, () -> CpuQuota.parse("1e2147483647"));
        assertEquals("expected a number of cores such as 2 or 0.5", beyond.getMessage());
        InvalidValueException zero = assertThrows(InvalidValueException.class, () -> CpuQuota.parse("0e2147483647"));
        assertEquals("expected at least 0.01 and at most 65536 cores", zero.getMessage());
    }

    @Provide
    Arbitrary<String> numbers() {
        Arbitrary<String> digits = Arbitraries.strings().withChars("0000123456789").ofMinLength(0).ofMaxLength(12);
        Arbitrary<String> sign = Arbitraries.of("", "", "+", "-");
        Arbitrary<String> point = Arbitraries.of("", ".", ".");
        Arbitrary<String> exponent = Arbitraries.oneOf(Arbitraries.just(""),
                net.jqwik.api.Combinators.combine(Arbitraries.of("e", "E"), sign,
                        Arbitraries.strings().withChars("0123456789").ofMinLength(0).ofMaxLength(6))
                        .as((e, s, d) -> e + s + d),
                // No large positive exponent: BigDecimal would compute 10^n (minutes for 1e600000000)
                // before refusing it (see hugeExponents).
                Arbitraries.of("e-2147483648", "e-2147483645", "e-2147483646", "e-9999999999",
                        "e-00000000002147483647", "e0000000000001"));
        return net.jqwik.api.Combinators.combine(sign, digits, point, digits, exponent)
                .as((s, w, p, f, e) -> s + w + p + f + e);
    }

    private static String outcome(String text) {
        try {
            return "ok " + CpuQuota.parse(text).millicores();
        } catch (InvalidValueException e) {
            return e.getMessage();
        }
    }

    /** The parser this class had before: BigDecimal's arithmetic (its range now from 0.01), kept as the reference. */
    private static String byBigDecimal(String text) {
        String t = text.strip();
        BigDecimal milli;
        try {
            if (!t.chars().allMatch(c -> c < 128)) {
                throw new NumberFormatException();
            }
            milli = new BigDecimal(t).movePointRight(3);
        } catch (NumberFormatException | ArithmeticException e) {
            return "expected a number of cores such as 2 or 0.5";
        }
        if (milli.compareTo(BigDecimal.valueOf(CpuQuota.MIN_MILLICORES)) < 0
                || milli.compareTo(BigDecimal.valueOf(CpuQuota.MAX_CORES * 1000)) > 0) {
            return "expected at least 0.01 and at most 65536 cores";
        }
        if (milli.stripTrailingZeros().scale() > 0) {
            return "expected at most three decimals (millicore precision)";
        }
        return "ok " + milli.longValueExact();
    }
}
