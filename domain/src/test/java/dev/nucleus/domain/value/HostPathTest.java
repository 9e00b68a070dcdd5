package dev.nucleus.domain.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPathTest {

    @ParameterizedTest(name = "\"{0}\" absolute={1}")
    @CsvSource(delimiter = '|', textBlock = """
            /srv/data        | true
            relative/dir     | false
            ./x              | false
            ../up            | false
            /a/../b          | true
            ~/x              | false
            '/with space '   | true
            """)
    void keepsThePathAsWritten(String text, boolean absolute) throws InvalidValueException {
        HostPath p = HostPath.parse(text);
        assertEquals(text, p.path());
        assertEquals(text, p.toString());
        assertEquals(absolute, p.isAbsolute());
    }

    @ParameterizedTest(name = "refuses blank \"{0}\"")
    @ValueSource(strings = {"", " ", "\t", "\n"})
    void refusesBlank(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> HostPath.parse(text));
        assertEquals("expected a path", e.getMessage());
    }

    @Test
    void refusesNul() {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> HostPath.parse("/etc\0/passwd"));
        assertEquals("path contains a NUL byte", e.getMessage());
    }
}
