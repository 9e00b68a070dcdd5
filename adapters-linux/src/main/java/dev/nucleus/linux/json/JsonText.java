package dev.nucleus.linux.json;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small JSON writer for the launch's hot path (state file, audit log): building Jackson's
 * databind costs tens of milliseconds at start-up, and these documents are flat and ours.
 * Objects keep insertion order; strings are escaped per RFC 8259.
 */
public final class JsonText {
    /** Indentation by depth, made once (a state file is a few levels deep). */
    private static final String[] INDENT = {"", "  ", "    ", "      ", "        ", "          "};
    /**
     * Keys quoted once per process: a launch writes the same few dozen keys into each of its state
     * files and audit records, and quoting them a character at a time was the writer's largest cost
     * on a cold JVM. Bounded, as keys can come from a request (labels, annotations).
     */
    private static final ConcurrentHashMap<String, String> QUOTED_KEYS = new ConcurrentHashMap<>(128);
    private static final int QUOTED_KEYS_MAX = 512;

    private final StringBuilder out = new StringBuilder(1024);
    private final boolean pretty;
    private int depth;
    private boolean first = true;

    private JsonText(boolean pretty) {
        this.pretty = pretty;
    }

    /** A writer of one compact object (one line). */
    public static JsonText compact() {
        return new JsonText(false).begin('{');
    }

    /** A writer of one object, two-space indented. */
    public static JsonText indented() {
        return new JsonText(true).begin('{');
    }

    public JsonText put(String key, String value) {
        key(key);
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        return this;
    }

    public JsonText put(String key, long value) {
        key(key).out.append(value);
        return this;
    }

    /** A finite double, as Java prints it (100.0, 0.47). */
    public JsonText put(String key, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(key + ": JSON has no " + value);
        }
        key(key).out.append(value);
        return this;
    }

    public JsonText put(String key, boolean value) {
        key(key).out.append(value);
        return this;
    }

    public JsonText putNull(String key) {
        key(key).out.append("null");
        return this;
    }

    public JsonText putStrings(String key, List<String> values) {
        key(key).out.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(pretty ? ", " : ",");
            }
            string(values.get(i));
        }
        out.append(']');
        return this;
    }

    public JsonText putNumbers(String key, List<? extends Number> values) {
        key(key).out.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(pretty ? ", " : ",");
            }
            out.append(values.get(i));
        }
        out.append(']');
        return this;
    }

    /** An array of flat objects, each of string members in the map's order. */
    public JsonText putObjects(String key, List<? extends Map<String, String>> objects) {
        key(key).out.append('[');
        for (int i = 0; i < objects.size(); i++) {
            if (i > 0) {
                out.append(pretty ? ", " : ",");
            }
            out.append('{');
            boolean firstMember = true;
            for (Map.Entry<String, String> m : objects.get(i).entrySet()) {
                if (!firstMember) {
                    out.append(pretty ? ", " : ",");
                }
                firstMember = false;
                string(m.getKey());
                out.append(pretty ? ": " : ":");
                string(m.getValue());
            }
            out.append('}');
        }
        out.append(']');
        return this;
    }

    public JsonText putMap(String key, Map<String, String> values) {
        startObject(key);
        values.forEach(this::put);
        return endObject();
    }

    /**
     * Opens a nested object under key and returns where its value begins: {@link #since} that mark,
     * once the object is closed, gives its text, which {@link #putWritten} can put again under the
     * same key at the same depth of another document (a state file's unchanging part, written once
     * per launch instead of four times).
     */
    public int startObjectMarked(String key) {
        key(key);
        int mark = out.length();
        begin('{');
        return mark;
    }

    /** The text written after {@code mark}. */
    public String since(int mark) {
        return out.substring(mark);
    }

    /** {@code json}, a value {@link #since} gave at this depth, verbatim under key. */
    public JsonText putWritten(String key, String json) {
        key(key).out.append(json);
        return this;
    }

    /** Opens a nested object under key; close it with {@link #endObject()}. */
    public JsonText startObject(String key) {
        key(key);
        return begin('{');
    }

    public JsonText endObject() {
        depth--;
        if (!first) {
            newline();
        }
        out.append('}');
        first = false;
        return this;
    }

    /** The finished document. */
    public String finish() {
        endObject();
        return out.toString();
    }

    private JsonText begin(char c) {
        out.append(c);
        depth++;
        first = true;
        return this;
    }

    private JsonText key(String key) {
        if (!first) {
            out.append(',');
        }
        first = false;
        newline();
        out.append(quotedKey(key));
        out.append(pretty ? " : " : ":");
        return this;
    }

    private void newline() {
        if (pretty) {
            out.append('\n');
            out.append(depth < INDENT.length ? INDENT[depth] : "  ".repeat(depth));
        }
    }

    private static String quotedKey(String key) {
        String quoted = QUOTED_KEYS.get(key);
        if (quoted == null) {
            StringBuilder b = new StringBuilder(key.length() + 2);
            quote(b, key, Escapes.RFC8259);
            quoted = b.toString();
            if (QUOTED_KEYS.size() < QUOTED_KEYS_MAX) {
                QUOTED_KEYS.putIfAbsent(key, quoted);
            }
        }
        return quoted;
    }

    private void string(String s) {
        quote(out, s, Escapes.RFC8259);
    }

    /** Finished documents as one array, laid out as Jackson indents it: {@code [ {...}, {...} ]}, {@code [ ]}. */
    public static String indentedArray(List<String> documents) {
        return documents.isEmpty() ? "[ ]" : "[ " + String.join(", ", documents) + " ]";
    }

    /**
     * A value {@link JsonReader} made, written back as compact JSON (for a message that shows what a
     * document held where something else was expected).
     */
    public static String render(Object value) {
        StringBuilder out = new StringBuilder();
        render(out, value);
        return out.toString();
    }

    // (instanceof tests, not a pattern switch: its bootstrap spins classes at run time, cold)
    private static void render(StringBuilder out, Object value) {
        if (value instanceof String s) {
            quote(out, s, Escapes.RFC8259);
        } else if (value instanceof Map<?, ?> m) {
            out.append('{');
            String comma = "";
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.append(comma);
                quote(out, String.valueOf(e.getKey()), Escapes.RFC8259);
                out.append(':');
                render(out, e.getValue());
                comma = ",";
            }
            out.append('}');
        } else if (value instanceof List<?> l) {
            out.append('[');
            for (int k = 0; k < l.size(); k++) {
                out.append(k > 0 ? "," : "");
                render(out, l.get(k));
            }
            out.append(']');
        } else {
            out.append(value); // a number, a boolean, JsonReader.NULL
        }
    }

    /** How {@link #quote} escapes beyond RFC 8259's quote, backslash and control characters. */
    public enum Escapes {
        /** Ours (state, events, audit): lowercase {@code \\u}, and U+2028/U+2029 escaped for JavaScript readers. */
        RFC8259,
        /** Jackson's: uppercase {@code \\u}, U+2028/U+2029 as they are ({@code --dry-run} stays byte-equal to it). */
        JACKSON
    }

    /**
     * Appends {@code s} to {@code out} as a JSON string, escaped in the given style. The runs of
     * characters that need no escape go in one append each: on a launch's cold JVM a call per
     * character was the largest single item of writing its state and audit records. The scan reads
     * a copy of the characters, not {@code charAt}: interpreted (a plain run is), each {@code charAt}
     * is five calls, an array element one bytecode.
     */
    public static void quote(StringBuilder out, String s, Escapes style) {
        out.append('"');
        int n = s.length();
        char[] chars = new char[n];
        s.getChars(0, n, chars, 0);
        int plain = 0;
        for (int i = 0; i < n; i++) {
            char c = chars[i];
            if (c >= 0x20 && c != '"' && c != '\\' && (c < 0x2028 || c > 0x2029)) {
                continue;
            }
            out.append(s, plain, i);
            plain = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (style == Escapes.JACKSON && c < 0x20) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else if (style == Escapes.RFC8259) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c); // U+2028/U+2029 in Jackson's style: as they are
                    }
                }
            }
        }
        out.append(s, plain, n).append('"');
    }
}
