package dev.nucleus.domain.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NumbersTest {

    @ParameterizedTest(name = "\"{0}\" in [0, 100] = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0       | 0
            100     | 100
            42      | 42
            +42     | 42
            007     | 7
            '  9  ' | 9
            -0      | 0
            """)
    void parsesWithinRange(String text, long expected) throws InvalidValueException {
        assertEquals(expected, Numbers.parseLong(text, 0, 100));
    }

    @ParameterizedTest(name = "refuses \"{0}\" for [0, 100]")
    @ValueSource(strings = {"", " ", "-1", "101", "1.0", "1e2", "0x10", "++5", "+-5", "--5", "5-", "1 0",
            "ten", "\u0665", "\uFF15", "99999999999999999999"})
    void refusesOutsideRangeOrMalformed(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Numbers.parseLong(text, 0, 100));
        assertEquals("expected a whole number from 0 to 100", e.getMessage());
    }

    @Test
    void unboundedMaximumSaysAtLeast() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> Numbers.parseLong("0", 1, Long.MAX_VALUE));
        assertEquals("expected a whole number of at least 1", e.getMessage());
    }

    @Test
    void negativeRangesWork() throws InvalidValueException {
        assertEquals(-5, Numbers.parseLong("-5", -10, 10));
        assertEquals(Long.MIN_VALUE, Numbers.parseLong("-9223372036854775808", Long.MIN_VALUE, 0));
        assertEquals(Long.MAX_VALUE, Numbers.parseLong("9223372036854775807", 0, Long.MAX_VALUE));
    }

    @Test
    void parseIntHonoursIntBounds() throws InvalidValueException {
        assertEquals(Integer.MAX_VALUE, Numbers.parseInt("2147483647", 0, Integer.MAX_VALUE));
        assertThrows(InvalidValueException.class, () -> Numbers.parseInt("2147483648", 0, Integer.MAX_VALUE));
    }

    @ParameterizedTest(name = "port {0}")
    @CsvSource({"1, 1", "80, 80", "65535, 65535", "' 443 ', 443"})
    void parsesPorts(String text, int port) throws InvalidValueException {
        assertEquals(port, Numbers.parsePort(text));
    }

    @ParameterizedTest(name = "refuses port \"{0}\"")
    @ValueSource(strings = {"0", "65536", "-1", "", "http", "80/tcp"})
    void refusesPorts(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Numbers.parsePort(text));
        assertEquals("expected a port number from 1 to 65535", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", "True", " true "})
    void parsesTrue(String text) throws InvalidValueException {
        assertTrue(Numbers.parseBoolean(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "FALSE", " False"})
    void parsesFalse(String text) throws InvalidValueException {
        assertFalse(Numbers.parseBoolean(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yes", "no", "1", "0", "on", "t"})
    void refusesOtherBooleans(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Numbers.parseBoolean(text));
        assertEquals("expected true or false", e.getMessage());
    }

    @Property
    void everyLongInRangeRoundTrips(@ForAll long n) throws InvalidValueException {
        assertEquals(n, Numbers.parseLong(Long.toString(n), Long.MIN_VALUE, Long.MAX_VALUE));
    }

    @Property
    void parseThrowsOnlyInvalidValue(@ForAll String text) {
        try {
            Numbers.parseLong(text, -1000, 1000);
            Numbers.parsePort(text);
            Numbers.parseBoolean(text);
        } catch (InvalidValueException expected) {
            // the only exception allowed
        }
    }
}
