package dev.nucleus.linux.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The strict reader against documents of every JSON kind, and against what is not JSON. */
class JsonReaderTest {
    @Test
    void everyKindOfValueReadsInDocumentOrder() throws Exception {
        Object v = JsonReader.read(" {\"b\":[1,-2,3.5,1e3,true,false,null],\"a\":{\"s\":\"x\\\"y\\\\z\\/\\n\\t\\u00e9\\u2028\"},"
                + "\"e\":[],\"o\":{}} ");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("b", Arrays.asList(1L, -2L, 3.5, 1000.0, true, false, JsonReader.NULL));
        expected.put("a", Map.of("s", "x\"y\\z/\n\té\u2028"));
        expected.put("e", List.of());
        expected.put("o", Map.of());
        assertEquals(expected, v);
        assertEquals(List.of("b", "a", "e", "o"), List.copyOf(((Map<?, ?>) v).keySet()));
    }

    @Test
    void whatJsonTextWritesReadsBack() throws Exception {
        String s = "tab\t quote\" backslash\\ nul\u0000 bell\u0007 unicode ünï \u2029";
        String doc = JsonText.compact().put("s", s).putStrings("l", List.of("a", "", s))
                .putObjects("o", List.of(Map.of("k", s))).finish();
        assertEquals(Map.of("s", s, "l", List.of("a", "", s), "o", List.of(Map.of("k", s))), JsonReader.read(doc));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "{", "{\"a\":1", "{\"a\" 1}", "{\"a\":1,}", "[1,]", "[1 2]", "{\"a\":1}}",
        "{a:1}", "'x'", "\"open", "\"ctl\u0001\"", "\"\\x\"", "\"\\u12g4\"", "\"\\u12\"", "01", "-", "1.", "1e",
        "+1", "tru", "nul", "not json"})
    void anythingElseIsMalformedAndNamesNoContent(String text) {
        JsonReader.Malformed e = assertThrows(JsonReader.Malformed.class, () -> JsonReader.read(text));
        assertFalse(text.length() > 3 && e.getMessage().contains(text), "never quotes the input: " + e.getMessage());
    }

    @Test
    void integersBeyondALongAreBigIntegersAndTheRestLongs() throws Exception {
        assertEquals(Arrays.asList(Long.MAX_VALUE, Long.MIN_VALUE, new java.math.BigInteger("18446744073709551615"),
                        new java.math.BigInteger("-9223372036854775809"), 123456789012345678L, 0L),
                JsonReader.read("[9223372036854775807, -9223372036854775808, 18446744073709551615,"
                        + " -9223372036854775809, 123456789012345678, -0]"));
    }

    @Test
    void whatWasReadRendersBackAsCompactJson() throws Exception {
        String doc = "{\"a\":[1,-2.5,true,null,\"x\\\"y\"],\"b\":{},\"c\":18446744073709551615}";
        assertEquals(doc, JsonText.render(JsonReader.read(doc)));
    }

    @Test
    void aMemberNamedTwiceKeepsItsLastValueAsWithJackson() throws Exception {
        assertEquals(Map.of("a", 2L), JsonReader.read("{\"a\":1,\"a\":2}"));
    }

    @Test
    void nestingIsBounded() {
        String deep = "[".repeat(100) + "]".repeat(100);
        assertThrows(JsonReader.Malformed.class, () -> JsonReader.read(deep));
    }

    @Test
    void aPlacedReadingKeepsWhereEachMemberAndElementStarts() throws Exception {
        String text = "{\"a\": [1,\n  {\"b\": true}],\n \"c\": {}}";
        JsonReader.Placed doc = JsonReader.readPlaced(text);
        assertEquals(JsonReader.read(text), doc.value());
        assertEquals(text.indexOf("\"a\""), doc.offset(List.of("a")).getAsInt());
        assertEquals(text.indexOf('1'), doc.offset(List.of("a", "0")).getAsInt());
        assertEquals(text.indexOf('{', 2), doc.offset(List.of("a", "1")).getAsInt());
        assertEquals(text.indexOf("\"b\""), doc.offset(List.of("a", "1", "b")).getAsInt());
        assertEquals(text.indexOf("\"c\""), doc.offset(List.of("c")).getAsInt());
        assertFalse(doc.offset(List.of("a", "2")).isPresent());
        assertFalse(doc.offset(List.of("b")).isPresent());
    }

    @Test
    void aPlacedReadingRefusesAMemberNamedTwiceAtItsSecondName() {
        String text = "{\"x\": {\"a\": 1}, \"a\": 1,\n \"a\": 2}";
        JsonReader.Malformed e = assertThrows(JsonReader.Malformed.class, () -> JsonReader.readPlaced(text));
        assertEquals("the member \"a\" is set twice", e.what());
        assertEquals(text.lastIndexOf("\"a\""), e.offset());
        assertEquals(-1, e.unclosedAt());
    }

    @Test
    void aStrictReadingRefusesAMemberNamedTwiceAndReadsTheRestAlike() throws Exception {
        String text = "{\"a\": [1, {\"b\": \"x\\ty\"}], \"c\": null}";
        assertEquals(JsonReader.read(text), JsonReader.readStrict(text));
        JsonReader.Malformed e = assertThrows(JsonReader.Malformed.class,
                () -> JsonReader.readStrict("[{\"k\": 1, \"k\": 1}]"));
        assertEquals("the member \"k\" is set twice", e.what());
        assertEquals(10, e.offset());
    }

    @Test
    void anEndOfTextInsideANestedStructureNamesWhereItOpens() {
        String text = "{\"a\": {\"b\": [1,\n 2,\n\n";
        JsonReader.Malformed nested = assertThrows(JsonReader.Malformed.class, () -> JsonReader.read(text));
        assertEquals(text.length(), nested.offset());
        assertEquals(text.indexOf('['), nested.unclosedAt());
        // the outer object alone spans the document: nothing to name but the end
        JsonReader.Malformed outer = assertThrows(JsonReader.Malformed.class, () -> JsonReader.read("{\"a\": [1]\n"));
        assertEquals(-1, outer.unclosedAt());
        // an error before the end is where it is, whatever is open
        JsonReader.Malformed inside = assertThrows(JsonReader.Malformed.class, () -> JsonReader.read("{\"a\": [1 2]}"));
        assertEquals(9, inside.offset());
        assertEquals(-1, inside.unclosedAt());
    }

    @Test
    void bytesMustBeUtf8() throws Exception {
        assertEquals(List.of("é"), JsonReader.read("[\"é\"]".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        JsonReader.Malformed e = assertThrows(JsonReader.Malformed.class,
                () -> JsonReader.read(new byte[] {'[', '"', (byte) 0xC3, '"', ']'}));
        assertEquals("a byte sequence that is not UTF-8", e.what());
    }
}
