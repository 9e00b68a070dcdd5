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
        assertEquals("d.json:2: not valid JSON: the member \"memory\" is set twice (column 2)", json.getFirst());
        String toml = problems("memory = \"64M\"\nmemory = \"1G\"\n", "d.toml").getFirst();
        assertEquals("d.toml:2: not valid TOML: the key 'memory' is defined twice", toml);
    }

    @Test
    void laterProblemsArePlacedInTheDocumentToo() {
        ConfigSource doc = new ConfigSource("command = [\"/bin/true\"]\nmemory = 64\n", "c.toml", null);
        assertEquals(List.of(new Problem("c.toml:2: key 'memory'", "too small"),
                        new Problem("c.toml: key 'pids'", "not set"), new Problem("c.toml: mode", "refused")),
                doc.locate(List.of(new Problem("key 'memory'", "too small"), new Problem("key 'pids'", "not set"),
                        new Problem("mode", "refused"))));
    }

    /** The line a document's first problem is placed at. */
    private static String firstLine(String text, String source) {
        String first = problems(text, source).getFirst();
        return first.substring(0, first.indexOf(": "));
    }

    private static final String CMD = "command = [\"/bin/true\"]\n";

    @Test
    void tomlKeysAreNamedAtTheirOwnLineWhereverTheDocumentWritesThem() {
        // the first line
        assertEquals("t.toml:1", firstLine("memry = \"1G\"\n" + CMD, "t.toml"));
        // after blank lines and comments
        assertEquals("t.toml:6", firstLine(CMD + "\n# a comment\n\n   # another\nmemry = \"1G\"\n", "t.toml"));
        // a key of a [table], not the header's line
        assertEquals("t.toml:5: key 'env_vars': the value of BAD must be a string",
                problems(CMD + "\n[env_vars]\nHOME = \"/root\"\nBAD = [1]\n", "t.toml").getFirst());
        // a key of an inline table
        assertEquals("t.toml:3", firstLine(CMD + "\nenv_vars = { A = \"x\", B = [1] }\n", "t.toml"));
        // an element of a multi-line array
        assertEquals("t.toml:4: key 'command' must contain only strings",
                problems("command = [\n  \"/bin/sh\",\n  \"-c\",\n  3,\n]\n", "t.toml").getFirst());
        // the last line, with and without its line end
        assertEquals("t.toml:2", firstLine(CMD + "memry = 1\n", "t.toml"));
        assertEquals("t.toml:2", firstLine(CMD + "memry = 1", "t.toml"));
        // a multi-line string that looks like keys does not count
        assertEquals("t.toml:5", firstLine("name = \"\"\"\nmemry = 1\n\"\"\"\n" + CMD + "memry = 1\n", "t.toml"));
    }

    @Test
    void tomlSyntaxErrorsAreNamedAtTheLineOfTheOffendingKeyOrValue() {
        // a key set twice: noticed past the line end, placed at the second key
        assertEquals("d.toml:2", firstLine("memory = \"64M\"\nmemory = \"1G\"\n", "d.toml"));
        assertEquals("d.toml:2", firstLine("memory = \"64M\"\nmemory = \"1G\"", "d.toml"));
        assertEquals("d.toml:2", firstLine("memory = \"64M\"\nmemory = \"1G\" # again\n\n# end\n\n", "d.toml"));
        assertEquals("d.toml:3", firstLine("[env_vars]\nA = \"1\"\nA = \"2\"\n[other]\n", "d.toml"));
        // bad values: on the first line, after a header, in an inline table, in a multi-line array, last
        assertEquals("v.toml:1", firstLine("memory = 64M\n" + CMD, "v.toml"));
        assertEquals("v.toml:3", firstLine(CMD + "[env_vars]\nA = tru\n", "v.toml"));
        assertEquals("v.toml:4", firstLine(CMD + "\n# env\nenv_vars = { A = tru }\n", "v.toml"));
        assertEquals("v.toml:3", firstLine("command = [\n  \"/bin/true\",\n  tru\n]\n", "v.toml"));
        assertEquals("v.toml:2", firstLine(CMD + "memory = 64M", "v.toml"));
        // what is never closed: the array or string where it starts, not the end of the file
        assertEquals("u.toml:2", firstLine(CMD + "volume = [\n  \"/a:/a\",\n\n", "u.toml"));
        assertEquals("u.toml:2", firstLine(CMD + "name = \"\"\"\nabc\n\n", "u.toml"));
    }

    @Test
    void jsonKeysOfTablesAndArrayElementsAreNamedAtTheirOwnLine() {
        assertEquals("e.json:4: key 'env': the value of B must be a string",
                problems("{\"command\": [\"/bin/true\"],\n \"env\": {\n  \"A\": \"x\",\n  \"B\": [1]\n }\n}",
                        "e.json").getFirst());
        assertEquals("e.json:3: key 'command' must contain only strings",
                problems("{\"command\": [\n  \"/bin/true\",\n  3\n]}", "e.json").getFirst());
        assertEquals("e.json:1", firstLine("{\"memry\": 1, \"command\": [\"/bin/true\"]}", "e.json"));
        assertEquals("e.json:3", firstLine("{\"command\": [\"/bin/true\"],\n\n \"memry\": 1}", "e.json"));
    }

    @Test
    void jsonLeftOpenIsNamedWhereItOpens() {
        assertEquals("o.json:2", firstLine("{\"memory\": \"1G\",\n \"command\": [\"/bin/true\",\n\n", "o.json"));
        assertEquals("o.json:3", firstLine("{\"memory\": \"1G\",\n \"env\": {\"A\": \"x\"},\n \"command\": [\n",
                "o.json"));
        // the outer object spans the document: its missing end is where the text ends
        assertEquals("o.json:3", firstLine("{\"memory\": \"1G\",\n \"command\": [\"/bin/true\"]\n", "o.json"));
        assertEquals("o.json:2", firstLine("{\"memory\": \"1G\",\n \"name\": \"x", "o.json"));
    }

    @Test
    void aRefusedValueOfAMultiLineArrayIsPlacedAtItsElement() {
        for (String[] doc : new String[][] {
                {"a.toml", CMD + "volume = [\n  \"/srv:/srv\",\n  \"nope\",\n]\n"},
                {"a.json", "{\"command\": [\"/bin/true\"],\n \"volume\": [\n  \"/srv:/srv\",\n  \"nope\"\n]}"}}) {
            ConfigSource source = new ConfigSource(doc[1], doc[0], null);
            assertEquals(List.of(new Problem(doc[0] + ":4: key 'volume'", "invalid value 'nope': bad"),
                            new Problem(doc[0] + ":2: key 'volume'", "too many")),
                    source.locate(List.of(new Problem("key 'volume'", "invalid value 'nope': bad"),
                            new Problem("key 'volume'", "too many"))));
        }
    }
}
