package dev.nucleus.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

/** Where a TOML document writes its keys and elements, whatever form it writes them in. */
class TomlPlacesTest {
    private static final String DOC = """
            # header comment
            title = "x"  # trailing
            "quoted.key" = 1
            a.b . c = 'lit'

            [t]
            k = { x = 1, "y z" = [2,
              3] }
            [[arr]]
            v = 1
            [[arr]]
            v = '''
            w = 2
            '''
            w = 3
            """;

    private static OptionalInt at(String... path) {
        return TomlPlaces.scan(DOC).line(List.of(path));
    }

    @Test
    void everyFormOfKeyIsFoundAtItsLine() {
        assertEquals(OptionalInt.of(2), at("title"));
        assertEquals(OptionalInt.of(3), at("quoted.key"));
        assertEquals(OptionalInt.of(4), at("a"));
        assertEquals(OptionalInt.of(4), at("a", "b", "c"));
        assertEquals(OptionalInt.of(6), at("t"));
        assertEquals(OptionalInt.of(7), at("t", "k", "x"));
        assertEquals(OptionalInt.of(7), at("t", "k", "y z", "0"));
        assertEquals(OptionalInt.of(8), at("t", "k", "y z", "1"));
        assertEquals(OptionalInt.of(10), at("arr", "0", "v"));
        assertEquals(OptionalInt.of(11), at("arr", "1"));
        assertEquals(OptionalInt.of(12), at("arr", "1", "v"));
        assertEquals(OptionalInt.of(15), at("arr", "1", "w"), "not the line inside the multi-line string");
        assertEquals(OptionalInt.empty(), at("nope"));
    }

    @Test
    void windowsLineEndsCountOnce() {
        assertEquals(OptionalInt.of(3), TomlPlaces.scan("a = 1\r\n\r\nb = [\r\n1]\r\n").line(List.of("b")));
        assertEquals(OptionalInt.of(4), TomlPlaces.scan("a = 1\r\n\r\nb = [\r\n1]\r\n").line(List.of("b", "0")));
    }
}
