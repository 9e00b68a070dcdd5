package dev.nucleus.linux.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.json.JsonMapper;

/** {@link JsonText#quote} on strings dense in what must be escaped, against Jackson as the oracle. */
class JsonQuoteTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static String quoted(String s, JsonText.Escapes style) {
        StringBuilder out = new StringBuilder();
        JsonText.quote(out, s, style);
        return out.toString();
    }

    @Property(tries = 3000)
    void jacksonStyleIsJacksonsOwnOutput(@ForAll("escapeDense") String s) {
        assertEquals(JSON.writeValueAsString(s), quoted(s, JsonText.Escapes.JACKSON));
    }

    @Property(tries = 3000)
    void ourStyleReadsBackAndKeepsLineSeparatorsEscaped(@ForAll("escapeDense") String s) {
        String q = quoted(s, JsonText.Escapes.RFC8259);
        assertEquals(s, JSON.readValue(q, String.class));
        assertFalse(q.chars().anyMatch(c -> c < 0x20 || c == 0x2028 || c == 0x2029), q);
    }

    @Provide
    Arbitrary<String> escapeDense() {
        return Arbitraries.strings()
                .withChars('"', '\\', '\n', '\r', '\t', '\b', '\f', '\u0000', '\u0007', '\u001f', '\u2028', '\u2029',
                        'a', 'z', '0', ' ', '/', 'é', '✓', '\u2027', '\u202a')
                .ofMaxLength(24);
    }
}
