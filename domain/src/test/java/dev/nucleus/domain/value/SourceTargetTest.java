package dev.nucleus.domain.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SourceTargetTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /host/key:/run/secrets/key | /host/key  | /run/secrets/key
            ~/.config/gh:.config/gh    | ~/.config/gh | .config/gh
            a:b                        | a          | b
            C:/x:/dest                 | C:/x       | /dest
            api-token:/etc/token       | api-token  | /etc/token
            """)
    void splitsAtTheLastColonAndKeepsTheTargetAsWritten(String text, String source, String target)
            throws InvalidValueException {
        SourceTarget st = SourceTarget.parse(text);
        assertEquals(new SourceTarget(source, target), st);
        assertEquals(text, st.toString());
    }

    @ParameterizedTest(name = "refuses \"{0}\"")
    @ValueSource(strings = {"", "nocolon", ":/dest", "/src:", ":"})
    void refusesMissingHalves(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> SourceTarget.parse(text));
        assertEquals("expected SOURCE:DEST", e.getMessage());
    }

    @Test
    void refusesNul() {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> SourceTarget.parse("/a\0:/b"));
        assertEquals("contains a NUL byte", e.getMessage());
    }
}
