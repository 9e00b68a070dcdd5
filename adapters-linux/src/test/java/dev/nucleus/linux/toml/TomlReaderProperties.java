package dev.nucleus.linux.toml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * Random documents, written as TOML (tables as headers, arrays of tables, inline tables, dotted
 * keys, every string escape), read back by our reader as the tree they were written from, and
 * as Jackson's reader reads them.
 */
class TomlReaderProperties {
    private static final TomlMapper JACKSON = TomlMapper.builder().build();

    @Property(tries = 300)
    void aWrittenDocumentReadsBackAsItsTreeAndAsJacksonReadsIt(@ForAll("tables") Map<String, Object> tree,
            @ForAll boolean inline) throws Exception {
        String text = inline ? TomlWriter.inline(tree) : TomlWriter.headers(tree);
        assertEquals(tree, TomlReader.read(text), text);
        assertEquals(tree, TomlReaderTest.plain(JACKSON.readTree(text)), text);
    }

    /** TOML text of a tree: sub-tables under [headers] and [[headers]], or all inline. */
    static final class TomlWriter {
        static String headers(Map<String, Object> root) {
            StringBuilder out = new StringBuilder();
            table(out, "", root);
            return out.toString();
        }

        static String inline(Map<String, Object> root) {
            StringBuilder out = new StringBuilder();
            root.forEach((k, v) -> out.append(key(k)).append(" = ").append(value(v)).append("\n"));
            return out.toString();
        }

        private static void table(StringBuilder out, String path, Map<String, Object> t) {
            t.forEach((k, v) -> {
                if (!(v instanceof Map<?, ?>) && !tableArray(v)) {
                    out.append(key(k)).append(" = ").append(value(v)).append("  # a comment\n");
                }
            });
            t.forEach((k, v) -> {
                String sub = path.isEmpty() ? key(k) : path + "." + key(k);
                if (v instanceof Map<?, ?> m) {
                    out.append("\n[").append(sub).append("]\n");
                    table(out, sub, cast(m));
                } else if (tableArray(v)) {
                    for (Object e : (List<?>) v) {
                        out.append("\n[[").append(sub).append("]]\n");
                        table(out, sub, cast((Map<?, ?>) e));
                    }
                }
            });
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> cast(Map<?, ?> m) {
            return (Map<String, Object>) m;
        }

        private static boolean tableArray(Object v) {
            return v instanceof List<?> l && !l.isEmpty() && l.getFirst() instanceof Map<?, ?>;
        }

        private static String value(Object v) {
            if (v instanceof String s) {
                return quote(s);
            }
            if (v instanceof Map<?, ?> m) {
                StringBuilder out = new StringBuilder("{");
                m.forEach((k, e) -> out.append(out.length() > 1 ? ", " : " ").append(key((String) k)).append(" = ")
                        .append(value(e)));
                return out.append(m.isEmpty() ? "}" : " }").toString();
            }
            if (v instanceof List<?> l) {
                StringBuilder out = new StringBuilder("[\n");
                l.forEach(e -> out.append("  ").append(value(e)).append(",\n"));
                return out.append("]").toString();
            }
            return String.valueOf(v); // Long, Double (1.0E10 is TOML too), Boolean
        }

        private static String key(String k) {
            return !k.isEmpty() && k.chars().allMatch(c -> c == '_' || c == '-' || Character.isLetterOrDigit(c) && c < 128)
                    ? k : quote(k);
        }

        private static String quote(String s) {
            StringBuilder out = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\t' -> out.append("\\t");
                    default -> out.append(c < 0x20 || c == 0x7F ? String.format("\\u%04X", (int) c) : String.valueOf(c));
                }
            }
            return out.append('"').toString();
        }
    }

    @Provide
    Arbitrary<Map<String, Object>> tables() {
        return table(3);
    }

    private static Arbitrary<Map<String, Object>> table(int depth) {
        Arbitrary<Object> value = depth == 0 ? scalar() : Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, scalar()),
                net.jqwik.api.Tuple.of(2, array()),
                net.jqwik.api.Tuple.of(2, table(depth - 1).map(t -> (Object) t)),
                net.jqwik.api.Tuple.of(1, table(depth - 1).list().ofMinSize(1).ofMaxSize(3).map(l -> (Object) new TableArray(l))));
        return Arbitraries.maps(key(), value).ofMaxSize(5).map(m -> {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, v instanceof TableArray ta ? new ArrayList<Object>(ta.tables()) : v));
            return out;
        });
    }

    /** An array of tables, written with [[headers]] (an array of inline tables otherwise). */
    record TableArray(List<Map<String, Object>> tables) {
    }

    private static Arbitrary<String> key() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("abcxyz_-019").ofMinLength(1).ofMaxLength(6),
                text().ofMaxLength(6)); // any text: quoted
    }

    private static Arbitrary<Object> scalar() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().filter(Double::isFinite).map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                text().ofMaxLength(12).map(s -> (Object) s));
    }

    /** Printable ASCII, every character a TOML string escapes, and some beyond ASCII. */
    private static net.jqwik.api.arbitraries.StringArbitrary text() {
        return Arbitraries.strings().withCharRange(' ', '~')
                .withChars('\t', '\n', '\r', '\b', '\f', '\u0000', '\u0001', '\u001f', '\u007f', '"', '\\', '\'', 'é', '€',
                        '\u2028', '\uD7FF');
    }

    private static Arbitrary<Object> array() {
        return scalar().list().ofMaxSize(4).map(l -> (Object) l);
    }
}
