package dev.nucleus.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nucleus.domain.launch.Problem;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Every problem of a config document names the document and, where it can, the line. */
class ConfigDocumentPlacesTest {
    private static List<String> problems(String text, String source) {
        return assertThrows(ConfigDocumentException.class, () -> ConfigDocuments.parse(text, source, null))
                .problems().stream().map(Problem::toString).toList();
    }

    @Test
    void unknownKeysAndWrongShapesNameTheirLineInToml() {
        assertEquals(List.of("a.toml:3: unknown key 'memry' (did you mean 'memory'?)",
                        "a.toml:4: key 'rootless' must be true or false",
                        "a.toml:6: unknown key 'agent'"),
                problems("# a launch\ncommand = [\"/bin/true\"]\n  memry = \"64M\"\n\"rootless\" = \"yes\"\n\n"
                        + "[agent]\nmemory = \"1G\"\n", "a.toml"));
    }

    @Test
    void unknownKeysAndWrongShapesNameTheirLineInJson() {
        assertEquals(List.of("a.json:3: unknown key 'memroy' (did you mean 'memory'?)",
                        "a.json:4: key 'command' must be a non-empty array of strings, e.g. [\"/bin/sh\", \"-c\","
                                + " \"echo hi\"]"),
                problems("{\"name\": \"x\",\n \"env\": {\"memroy\": 1},\n \"memroy\": \"64M\",\n \"command\": []}",
                        "a.json"));
    }

    @Test
    void syntaxErrorsNameTheirLine() {
        assertEquals("b.toml:2", problems("memory = \"64M\"\nname = = \"x\"\ncommand = []\n", "b.toml").getFirst()
                .split(": ")[0]);
        assertEquals("b.json:3", problems("{\"memory\": \"64M\",\n\n  \"name\" \"x\"}", "b.json").getFirst()
                .split(": ")[0]);
    }

    @Test
    void aKeySetTwiceInJsonIsRefusedLikeInToml() {
        List<String> json = problems("{\"memory\": \"64M\",\n \"memory\": \"1G\"}", "d.json");
        assertEquals(1, json.size(), json.toString());
        assertEquals(true, json.getFirst().startsWith("d.json:2: not valid JSON: Duplicate"), json.toString());
        // (TOML's parser places it where it noticed: after the second value's line end)
        String toml = problems("memory = \"64M\"\nmemory = \"1G\"\n", "d.toml").getFirst();
        assertEquals(true, toml.startsWith("d.toml:") && toml.endsWith(": not valid TOML: Duplicate key"), toml);
    }

    @Test
    void laterProblemsArePlacedInTheDocumentToo() {
        ConfigSource doc = new ConfigSource("command = [\"/bin/true\"]\nmemory = 64\n", "c.toml", null);
        assertEquals(List.of(new Problem("c.toml:2: key 'memory'", "too small"),
                        new Problem("c.toml: key 'pids'", "not set"), new Problem("c.toml: mode", "refused")),
                doc.locate(List.of(new Problem("key 'memory'", "too small"), new Problem("key 'pids'", "not set"),
                        new Problem("mode", "refused"))));
    }
}
