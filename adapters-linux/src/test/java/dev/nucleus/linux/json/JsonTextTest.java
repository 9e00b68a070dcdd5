package dev.nucleus.linux.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JsonTextTest {
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void compactObjectsNestAndKeepTheirOrder() {
        String s = JsonText.compact().put("a", 1).put("b", "x").putNull("c").startObject("d").put("e", true)
                .putStrings("f", List.of("g", "h")).endObject().putNumbers("i", List.of(1, 2)).put("j", 0.5)
                .startObject("k").endObject().finish();
        assertEquals("{\"a\":1,\"b\":\"x\",\"c\":null,\"d\":{\"e\":true,\"f\":[\"g\",\"h\"]},\"i\":[1,2],\"j\":0.5,"
                + "\"k\":{}}", s);
    }

    @Test
    void everyStringIsEscapedSoAParserReadsItBack() {
        String nasty = "quote\" back\\ nl\n tab\t cr\r bell\u0007 nul\u0000 ls\u2028 é ✓";
        String s = JsonText.compact().put(nasty, nasty).finish();
        JsonNode back = JSON.readTree(s);
        assertEquals(nasty, back.get(nasty).asString());
        assertEquals(1, s.lines().count(), "one line: control characters never break it");
    }

    @Test
    void indentedOutputParsesToTheSameTree() {
        Map<String, String> map = new TreeMap<>(Map.of("z", "1", "a", "2"));
        String pretty = JsonText.indented().put("n", 7).putMap("m", map).putStrings("l", List.of()).finish();
        String compact = JsonText.compact().put("n", 7).putMap("m", map).putStrings("l", List.of()).finish();
        assertEquals(JSON.readTree(compact), JSON.readTree(pretty));
        assertEquals("{\n  \"n\" : 7,\n  \"m\" : {\n    \"a\" : \"2\",\n    \"z\" : \"1\"\n  },\n  \"l\" : []\n}", pretty);
    }

    @Test
    void notANumberIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> JsonText.compact().put("x", Double.NaN));
    }

    /** Deeper than the precomputed indentation, and more distinct keys than the quoted-key cache keeps. */
    @Test
    void deepNestingAndManyKeysStayValid() {
        JsonText deep = JsonText.indented();
        for (int d = 0; d < 8; d++) {
            deep.startObject("level" + d);
        }
        deep.put("leaf", "x");
        for (int d = 0; d < 8; d++) {
            deep.endObject();
        }
        String text = deep.finish();
        assertEquals("x", JSON.readTree(text).at("/level0/level1/level2/level3/level4/level5/level6/level7/leaf").asString());
        assertEquals(true, text.contains("\n" + "  ".repeat(9) + "\"leaf\" : \"x\""), text);
        JsonText many = JsonText.compact();
        for (int k = 0; k < 700; k++) {
            many.put("key \"" + k + "\"", k);
        }
        JsonNode back = JSON.readTree(many.finish());
        for (int k = 0; k < 700; k++) {
            assertEquals(k, back.get("key \"" + k + "\"").asInt());
        }
    }
}
