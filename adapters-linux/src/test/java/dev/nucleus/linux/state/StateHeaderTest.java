package dev.nucleus.linux.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The hand-written header reader agrees with the regular expression it replaced. */
class StateHeaderTest {
    private static final Pattern REGEX = Pattern.compile(
            "\\{\\s*\"version\"\\s*:\\s*1\\s*,\\s*\"status\"\\s*:\\s*\"([a-z]+)\"");

    private static Optional<String> byRegex(String text) {
        Matcher m = REGEX.matcher(text);
        return m.lookingAt() ? Optional.of(m.group(1)) : Optional.empty();
    }

    @Property(tries = 3000)
    void agreesWithTheRegexOnHeaderLikeTexts(@ForAll("headers") String text) {
        assertEquals(byRegex(text), StateHeader.status(text, 1), text);
    }

    @Property(tries = 1000)
    void readsEveryValidHeader(@ForAll("validHeaders") String text) {
        Optional<String> expected = byRegex(text);
        assertTrue(expected.isPresent(), text);
        assertEquals(expected, StateHeader.status(text, 1), text);
    }

    @Property(tries = 3000)
    void agreesWithTheRegexOnTruncatedHeaders(@ForAll("headers") String text, @ForAll("cuts") int cut) {
        String part = text.substring(0, Math.min(cut, text.length()));
        assertEquals(byRegex(part), StateHeader.status(part, 1), part);
    }

    @Test
    void whatWriteProducesReadsBack() {
        assertEquals(Optional.of("running"), StateHeader.status("{\n  \"version\" : 1,\n  \"status\" : \"running\",", 1));
        assertEquals(Optional.empty(), StateHeader.status(" {\"version\":1,\"status\":\"running\"}", 1), "not at the start");
        assertEquals(Optional.empty(), StateHeader.status("{\"version\":10,\"status\":\"running\"}", 1));
        assertEquals(Optional.empty(), StateHeader.status("{\"version\":1,\"status\":\"\"}", 1), "an empty name");
    }

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.integers().between(0, 80);
    }

    /** Valid headers: JSON whitespace of any length between the tokens, a lower-case status, anything after. */
    @Provide
    Arbitrary<String> validHeaders() {
        Arbitrary<String> gap = Arbitraries.strings().withChars(" \t\n\u000b\f\r").ofMaxLength(4);
        Arbitrary<String> status = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10);
        return Combinators.combine(gap.list().ofSize(7), status, Arbitraries.strings().ofMaxLength(10))
                .as((g, st, rest) -> "{" + g.get(0) + "\"version\"" + g.get(1) + ":" + g.get(2) + "1" + g.get(3) + ","
                        + g.get(4) + "\"status\"" + g.get(5) + ":" + g.get(6) + "\"" + st + "\"" + rest);
    }

    /** The header's tokens, each sometimes replaced, with random whitespace (and non-whitespace) between. */
    @Provide
    Arbitrary<String> headers() {
        Arbitrary<String> gap = Arbitraries.strings().withChars(" \t\n\u000b\f\r\u001cx").ofMaxLength(3);
        Arbitrary<String> version = Arbitraries.of("1", "1", "1", "2", "10", "01", "");
        Arbitrary<String> status = Arbitraries.strings().withChars("abcz\"A-1 ").ofMaxLength(8);
        Arbitrary<List<String>> gaps = gap.list().ofSize(9);
        return Combinators.combine(gaps, version, status, Arbitraries.of("{", "{", "[", ""),
                Arbitraries.of("\"version\"", "\"version\"", "\"Version\""), Arbitraries.of("\"", "\"", "'"))
                .as((g, v, s, open, key, quote) -> open + g.get(0) + key + g.get(1) + ":" + g.get(2) + v + g.get(3) + ","
                        + g.get(4) + "\"status\"" + g.get(5) + ":" + g.get(6) + quote + s + "\"" + g.get(7) + "}" + g.get(8));
    }

    /** A top-level number is found as the regex it replaced found it, on random texts. */
    @org.junit.jupiter.api.Test
    void topLevelNumbersAreFoundAsTheRegexFoundThem() {
        java.util.regex.Pattern pid = java.util.regex.Pattern.compile("\n  \"pid\" ?: ?(\\d{1,18}),?\n");
        String[] pieces = {"\n", "  ", " ", "\"pid\"", "\"pid_start_time\"", ":", " : ", ",", "12", "345",
            "9".repeat(18), "0", "x", "{", "\n  \"pid\" : ", "\n  \"pid\":"};
        java.util.Random random = new java.util.Random(3);
        for (int round = 0; round < 30_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(9); k >= 0; k--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            java.util.regex.Matcher m = pid.matcher(text);
            org.junit.jupiter.api.Assertions.assertEquals(m.find() ? m.group(1) : null,
                    StateJson.topLevelNumber(text.toString(), "pid"), text.toString());
        }
    }
}
