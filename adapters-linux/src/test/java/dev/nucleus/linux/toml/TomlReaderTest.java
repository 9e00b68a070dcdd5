package dev.nucleus.linux.toml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * Our TOML reader against TOML 1.0's own examples and rules, and against Jackson's reader (which
 * launches used before): every document both read gives the same tree, and what TOML refuses is
 * refused by both.
 */
class TomlReaderTest {
    private static final TomlMapper JACKSON = TomlMapper.builder().build();

    /** Jackson's tree in our reader's types: integers as Long, dates and times as their text. */
    static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            node.properties().forEach(e -> out.put(e.getKey(), plain(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>();
            node.forEach(n -> out.add(plain(n)));
            return out;
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asString();
    }

    private static void sameAsJackson(String doc) throws Exception {
        Object ours = TomlReader.read(doc);
        assertEquals(plain(JACKSON.readTree(doc)), ours, doc);
    }

    static Stream<String> documents() throws IOException {
        Path repo = Path.of("").toAbsolutePath().getParent();
        List<String> docs = new ArrayList<>();
        for (String dir : List.of("config", "examples")) {
            try (Stream<Path> files = Files.list(repo.resolve(dir))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".toml")).sorted().toList()) {
                    docs.add(Files.readString(f));
                }
            }
        }
        assertTrue(docs.size() >= 7, "the repository's TOML documents: " + docs.size());
        docs.addAll(List.of(
                // keys: bare, quoted, dotted, with blanks around the dots
                "key = \"value\"\nbare_key = 1\nbare-key = 2\n1234 = 3\n\"127.0.0.1\" = \"v\"\n'quoted \"value\"' = 4\n",
                "name = \"Orange\"\nphysical.color = \"orange\"\nphysical.shape = \"round\"\nsite.\"google.com\" = true\n",
                "fruit . flavor = \"banana\"\n3.14159 = \"pi\"\n",
                // strings
                "a = \"I'm a string. \\\"You can quote me\\\". Name\\tJos\\u00E9\\nLocation\\tSF. \\U0001F600\"\n",
                "b = \"\"\"\nRoses are red\nViolets are blue\"\"\"\n",
                "c = \"\"\"\nThe quick brown \\\n\n\n  fox jumps over \\\n    the lazy dog.\"\"\"\n",
                "d = \"\"\"Here are two quotation marks: \"\". Simple enough.\"\"\"\ne = \"\"\"\"This,\" she said, \"is just a pointless statement.\"\"\"\"\n",
                "winpath = 'C:\\Users\\nodejs\\templates'\nregex = '<\\i\\c*\\s*>'\n",
                "re = '''I [dw]on't need \\d{2} apples'''\nlines = '''\nThe first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n'''\n",
                "quot15 = '''Here are fifteen quotation marks: \"\"\"\"\"\"\"\"\"\"\"\"\"\"\"'''\napos15 = \"Here are fifteen apostrophes: '''''''''''''''\"\nstr = ''''That,' she said, 'is still pointless.''''\n",
                // numbers
                "int1 = +99\nint2 = 42\nint3 = 0\nint4 = -17\nint5 = 1_000\nint6 = 5_349_221\nint7 = 53_49_221\nint8 = 1_2_3_4_5\n",
                "hex1 = 0xDEADBEEF\nhex2 = 0xdeadbeef\nhex3 = 0xdead_beef\noct1 = 0o01234567\noct2 = 0o755\nbin1 = 0b11010110\n",
                "max = 9223372036854775807\nmin = -9223372036854775808\n",
                "flt1 = +1.0\nflt2 = 3.1415\nflt3 = -0.01\nflt4 = 5e+22\nflt5 = 1e06\nflt6 = -2E-2\nflt7 = 6.626e-34\nflt8 = 224_617.445_991_228\n",
                "bool1 = true\nbool2 = false\n",
                // arrays
                "integers = [ 1, 2, 3 ]\ncolors = [ \"red\", \"yellow\", \"green\" ]\nnested_arrays_of_ints = [ [ 1, 2 ], [3, 4, 5] ]\n"
                        + "nested_mixed_array = [ [ 1, 2 ], [\"a\", \"b\", \"c\"] ]\nstring_array = [ \"all\", 'strings', \"\"\"are the same\"\"\", '''type''' ]\n"
                        + "numbers = [ 0.1, 0.2, 0.5, 1, 2, 5 ]\ncontributors = [\n  \"Foo Bar <foo@example.com>\",\n  { name = \"Baz Qux\", email = \"bazqux@example.com\", url = \"https://example.com/bazqux\" }\n]\n",
                "integers2 = [\n  1, 2, 3\n]\nintegers3 = [\n  1,\n  2, # this is ok\n]\nempty = []\n",
                // tables
                "[table-1]\nkey1 = \"some string\"\nkey2 = 123\n\n[table-2]\nkey1 = \"another string\"\nkey2 = 456\n",
                "[dog.\"tater.man\"]\ntype.name = \"pug\"\n[a.b.c]\n[ d.e.f ]\n[ g .  h  . i ]\n[ j . \"ʞ\" . 'l' ]\n",
                "# [x] you\n# [x.y] don't\n# [x.y.z] need these\n[x.y.z.w] # for this to work\n\n[x] # defining a super-table afterward is ok\n",
                "[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n\n[fruit.apple.texture]  # you can add sub-tables\nsmooth = true\n",
                "# Top-level table begins.\nname = \"Fido\"\nbreed = \"pug\"\n\n# Top-level table ends.\n[owner]\nname = \"Regina Dogman\"\nmember_since = 1999-08-04\n",
                "name = { first = \"Tom\", last = \"Preston-Werner\" }\npoint = { x = 1, y = 2 }\nanimal = { type.name = \"pug\" }\n",
                // arrays of tables
                "[[products]]\nname = \"Hammer\"\nsku = 738594937\n\n[[products]]  # empty table within the array\n\n[[products]]\nname = \"Nail\"\nsku = 284758393\n\ncolor = \"gray\"\n",
                "[[fruits]]\nname = \"apple\"\n\n[fruits.physical]  # subtable\ncolor = \"red\"\nshape = \"round\"\n\n[[fruits.varieties]]  # nested array of tables\nname = \"red delicious\"\n\n"
                        + "[[fruits.varieties]]\nname = \"granny smith\"\n\n[[fruits]]\nname = \"banana\"\n\n[[fruits.varieties]]\nname = \"plantain\"\n",
                "points = [ { x = 1, y = 2, z = 3 },\n           { x = 7, y = 8, z = 9 },\n           { x = 2, y = 4, z = 8 } ]\n",
                // comments, blanks, CRLF
                "# This is a full-line comment\nkey = \"value\"  # This is a comment at the end of a line\nanother = \"# This is not a comment\"\n",
                "a = 1\r\n[b]\r\nc = \"x\"\r\n\r\n",
                "",
                "\n\n# only a comment"));
        return docs.stream();
    }

    @ParameterizedTest
    @MethodSource("documents")
    void readsAsJacksonDoes(String doc) throws Exception {
        sameAsJackson(doc);
    }

    @Test
    void datesAndTimesAreTheirTextAndSpecialFloatsDoubles() throws Exception {
        Map<String, Object> doc = TomlReader.read("odt1 = 1979-05-27T07:32:00Z\nodt2 = 1979-05-27T00:32:00-07:00\n"
                + "odt3 = 1979-05-27T00:32:00.999999-07:00\nodt4 = 1979-05-27 07:32:00Z\nldt1 = 1979-05-27T07:32:00\n"
                + "ld1 = 1979-05-27\nlt1 = 07:32:00\nlt2 = 00:32:00.999999\nsf1 = inf\nsf2 = +inf\nsf3 = -inf\nsf4 = nan\n"
                + "leap = 2024-02-29\n");
        assertEquals("1979-05-27T07:32:00Z", doc.get("odt1"));
        assertEquals("1979-05-27 07:32:00Z", doc.get("odt4"));
        assertEquals("1979-05-27", doc.get("ld1"));
        assertEquals("00:32:00.999999", doc.get("lt2"));
        assertEquals(Double.POSITIVE_INFINITY, doc.get("sf2"));
        assertEquals(Double.NEGATIVE_INFINITY, doc.get("sf3"));
        assertTrue(((Double) doc.get("sf4")).isNaN());
        assertEquals(13, doc.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "key = # no value", "first = \"Tom\" last = \"Preston-Werner\"", "= \"no key name\"",
        "name = \"Tom\"\nname = \"Pradyun\"", "spelling = \"favorite\"\n\"spelling\" = \"favourite\"",
        "fruit.apple = 1\nfruit.apple.smooth = true", "[fruit]\napple = \"red\"\n\n[fruit]\norange = \"orange\"",
        "[fruit]\napple = \"red\"\n\n[fruit.apple]\ntexture = \"smooth\"",
        "[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n[fruit.apple]",
        "[product]\ntype = { name = \"Nail\" }\ntype.edible = false",
        "[product]\ntype.name = \"Nail\"\ntype = { edible = false }",
        "fruits = []\n[[fruits]]", "[[fruits]]\nname = \"apple\"\n[fruit.variety]\n[[fruits.varieties]]\n[fruits.varieties]",
        "[fruit.physical]\ncolor = \"red\"\n[[fruit]]",
        "a = { b = 1, }", "a = { b = 1,\n c = 2 }", "a = [1 2]", "a = [1,,2]", "a = \"open", "a = 'open",
        "a = \"\"\"open", "a = '''open", "a = \"bad \\x escape\"", "a = \"\\uD800\"", "a = \"tab\u0001\"",
        "invalid_float_1 = .7", "invalid_float_2 = 7.", "invalid_float_3 = 3.e+20", "a = 1__2", "a = _1", "a = 1_",
        "a = 01", "a = +0x1", "a = 0X1", "a = 0xG", "a = 9223372036854775808", "a = 1979-13-01", "a = 1979-02-30",
        "a = 24:00:00", "a = True", "a = infinity", "[a", "[[a]", "[a]]", "a.b = 1\n[a.b]", "[a]\nb = 1\n[a.b.c]\nd = 2\n[a]",
        "a = 1 # c\u0000", "a = { b = 1 }\n[a.c]", "[a.b.c]\nz = 9\n[a]\nb.c.t = 1", "x = [\n1\n2]"})
    void whatTomlRefusesIsRefused(String doc) {
        TomlReader.Malformed e = assertThrows(TomlReader.Malformed.class, () -> TomlReader.read(doc), doc);
        assertTrue(e.offset() >= 0 && e.offset() <= doc.length(), e.getMessage());
        try {
            JACKSON.readTree(doc);
            // Jackson is lenient in a few of these; TOML 1.0 refuses them all (noted, not failed)
        } catch (JacksonException expected) {
            // refused by both
        }
    }

    @Test
    void errorsArePlacedAtTheirConstruct() {
        String twice = "command = [\"/bin/true\"]\nmemory = \"1G\"\nmemory = \"2G\"\n\n# end\n";
        TomlReader.Malformed e = assertThrows(TomlReader.Malformed.class, () -> TomlReader.read(twice));
        assertEquals(twice.lastIndexOf("memory"), e.offset());
        assertEquals("the key 'memory' is defined twice", e.what());
        String open = "memory = \"1G\nname = [\n";
        assertEquals(open.indexOf('"'), assertThrows(TomlReader.Malformed.class, () -> TomlReader.read(open)).offset());
        String array = "a = 1\nvolume = [\n  \"/srv\",\n\n";
        TomlReader.Malformed unclosed = assertThrows(TomlReader.Malformed.class, () -> TomlReader.read(array));
        assertEquals(array.indexOf('['), unclosed.offset());
        assertEquals("an unclosed array", unclosed.what());
    }

    @Test
    void deepNestingIsBounded() {
        assertThrows(TomlReader.Malformed.class, () -> TomlReader.read("a = " + "[".repeat(100) + "]".repeat(100)));
        try {
            TomlReader.read("a = " + "[".repeat(60) + "]".repeat(60));
        } catch (TomlReader.Malformed e) {
            fail("60 levels read: " + e.getMessage());
        }
    }
}
