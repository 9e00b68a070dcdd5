package dev.nucleus.domain.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignalsTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "TERM, 15", "SIGTERM, 15", "sigterm, 15", "term, 15", "' KILL ', 9", "SIGKILL, 9", "HUP, 1",
            "INT, 2", "QUIT, 3", "ABRT, 6", "IOT, 6", "SIGIOT, 6", "USR1, 10", "USR2, 12", "SEGV, 11", "PIPE, 13",
            "ALRM, 14", "STKFLT, 16", "CHLD, 17", "CONT, 18", "STOP, 19", "TSTP, 20", "WINCH, 28", "IO, 29",
            "POLL, 29", "PWR, 30", "SYS, 31",
            "1, 1", "9, 9", "15, 15", "64, 64", "32, 32",
            "RTMIN, 34", "SIGRTMIN, 34", "RTMIN+0, 34", "RTMIN+1, 35", "rtmin+30, 64",
            "RTMAX, 64", "RTMAX-0, 64", "RTMAX-1, 63", "SIGRTMAX-30, 34"})
    void parses(String text, int number) throws InvalidValueException {
        assertEquals(number, Signals.parse(text));
    }

    @ParameterizedTest(name = "refuses \"{0}\"")
    @ValueSource(strings = {"", " ", "SIG", "SIGSIGTERM", "TERMINATE", "CLD", "-9", "9.0", "SIG15", "RTMIN-1",
            "RTMAX+1", "SIGRT", "EXIT", "+9"})
    void refusesUnknownNames(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Signals.parse(text));
        assertEquals("expected a signal name such as TERM, SIGKILL or HUP, or a number from 1 to 64", e.getMessage());
    }

    @ParameterizedTest(name = "refuses number \"{0}\"")
    @ValueSource(strings = {"0", "65", "99999999999999999999", "\u0669"})
    void refusesOutOfRangeNumbers(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Signals.parse(text));
        assertEquals("expected a whole number from 1 to 64", e.getMessage());
    }

    @ParameterizedTest(name = "refuses \"{0}\"")
    @ValueSource(strings = {"RTMIN+31", "RTMAX-31", "RTMIN+", "RTMIN+x", "RTMAX--1"})
    void refusesRealTimeOffsetsOutOfRange(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Signals.parse(text));
        assertEquals("expected a whole number from 0 to 30", e.getMessage());
    }

    @ParameterizedTest(name = "name({0}) = {1}")
    @CsvSource({"1, SIGHUP", "9, SIGKILL", "15, SIGTERM", "31, SIGSYS", "32, SIG32", "34, SIG34", "64, SIG64",
            "0, SIG0", "-1, SIG-1"})
    void names(int signal, String name) {
        assertEquals(name, Signals.name(signal));
    }

    @Property
    void standardNamesRoundTrip(@ForAll @IntRange(min = 1, max = 31) int signal) throws InvalidValueException {
        assertEquals(signal, Signals.parse(Signals.name(signal)));
        assertEquals(signal, Signals.parse(Integer.toString(signal)));
    }

    @Property
    void parseThrowsOnlyInvalidValue(@ForAll String text) {
        try {
            Signals.parse(text);
        } catch (InvalidValueException expected) {
            // the only exception allowed
        }
    }
}
