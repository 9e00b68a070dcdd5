package dev.nucleus.linux.toml;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TOML 1.0 reader for the documents a launch is given (config documents, capability and
 * Landlock policies, topologies): Jackson's TOML reader costs a cold JVM some 50 ms even with
 * its classes cached (its mapper's date format and number nodes initialise the JDK's locale
 * data and BigDecimal), more than the rest of a launch. Tables become {@link Map}s in document
 * order, arrays {@link List}s, strings {@link String}s, integers {@link Long}s, floats
 * {@link Double}s, booleans {@link Boolean}s, and dates and times their text as written.
 *
 * <p>Everything TOML refuses is a {@link Malformed} naming its offset: a key or table defined
 * twice, a table extended after it was closed (an inline table, or a table a header defined,
 * through dotted keys), an integer out of a long's range, a bad escape or number, text after a
 * value.
 */
public final class TomlReader extends TomlLexer {
    private static final int MAX_DEPTH = 64;

    /** How a table came to be: what may still add to it. */
    private enum Kind {
        /** Made as the parent of a header's table ({@code a} of {@code [a.b]}): a header may still define it. */
        IMPLICIT,
        /** Defined by its own header. */
        HEADER,
        /** Made by dotted keys ({@code a.b = 1}): more dotted keys of the same table may add to it. */
        DOTTED,
        /** An inline table: closed once written. */
        INLINE
    }

    private final Map<Map<String, Object>, Kind> kinds = new IdentityHashMap<>();
    /** The arrays {@code [[name]]} headers made (a value array cannot be appended to). */
    private final Map<List<Object>, Boolean> tableArrays = new IdentityHashMap<>();
    private TomlReader(String text) {
        super(text);
    }

    /** Not TOML: what is wrong and where it was noticed. */
    public static final class Malformed extends Exception {
        private final String what;
        private final int offset;

        Malformed(String what, int offset) {
            super(what + " at offset " + offset);
            this.what = what;
            this.offset = offset;
        }

        public String what() {
            return what;
        }

        public int offset() {
            return offset;
        }
    }

    /** The document's top-level table. */
    public static Map<String, Object> read(String text) throws Malformed {
        return new TomlReader(text).document();
    }

    private Map<String, Object> document() throws Malformed {
        Map<String, Object> root = new LinkedHashMap<>();
        kinds.put(root, Kind.HEADER);
        Map<String, Object> current = root;
        for (;;) {
            skipBlankLines();
            if (at >= length) {
                return root;
            }
            if (peek() == '[') {
                current = at + 1 < length && text.charAt(at + 1) == '[' ? arrayTableHeader(root) : tableHeader(root);
            } else {
                keyValue(current, 0);
            }
            endOfLine();
        }
    }

    // ---- headers

    private Map<String, Object> tableHeader(Map<String, Object> root) throws Malformed {
        int start = at;
        at++; // [
        List<String> key = key();
        expect(']', "']' to close the table header");
        Map<String, Object> parent = parents(root, key, start);
        String last = key.getLast();
        Object existing = parent.get(last);
        if (existing == null) {
            return newTable(parent, last, Kind.HEADER);
        }
        if (existing instanceof Map<?, ?> && kinds.get(existing) == Kind.IMPLICIT) {
            @SuppressWarnings("unchecked")
            Map<String, Object> table = (Map<String, Object>) existing;
            kinds.put(table, Kind.HEADER);
            return table;
        }
        throw new Malformed("the table [" + String.join(".", key) + "] is defined twice", start);
    }

    private Map<String, Object> arrayTableHeader(Map<String, Object> root) throws Malformed {
        int start = at;
        at += 2; // [[
        List<String> key = key();
        expect(']', "']]' to close the array-of-tables header");
        if (peek() != ']') {
            throw new Malformed("']]' to close the array-of-tables header expected", at);
        }
        at++;
        Map<String, Object> parent = parents(root, key, start);
        String last = key.getLast();
        Object existing = parent.get(last);
        List<Object> array;
        if (existing == null) {
            array = new ArrayList<>();
            tableArrays.put(array, Boolean.TRUE);
            parent.put(last, array);
        } else if (existing instanceof List<?> && tableArrays.containsKey(existing)) {
            @SuppressWarnings("unchecked")
            List<Object> known = (List<Object>) existing;
            array = known;
        } else {
            throw new Malformed("[[" + String.join(".", key) + "]] names a key that is not an array of tables", start);
        }
        Map<String, Object> table = new LinkedHashMap<>();
        kinds.put(table, Kind.HEADER);
        array.add(table);
        return table;
    }

    /** The table a header's key is in: each segment but the last walked, made where missing. */
    private Map<String, Object> parents(Map<String, Object> root, List<String> key, int start) throws Malformed {
        Map<String, Object> t = root;
        for (int i = 0; i < key.size() - 1; i++) {
            Object next = t.get(key.get(i));
            if (next == null) {
                t = newTable(t, key.get(i), Kind.IMPLICIT);
            } else if (next instanceof Map<?, ?> && kinds.get(next) != Kind.INLINE) {
                @SuppressWarnings("unchecked")
                Map<String, Object> table = (Map<String, Object>) next;
                t = table;
            } else if (next instanceof List<?> array && tableArrays.containsKey(next)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> lastTable = (Map<String, Object>) array.getLast();
                t = lastTable;
            } else {
                throw new Malformed("'" + String.join(".", key.subList(0, i + 1)) + "' is not a table to add to", start);
            }
        }
        return t;
    }

    private Map<String, Object> newTable(Map<String, Object> parent, String key, Kind kind) {
        Map<String, Object> table = new LinkedHashMap<>();
        kinds.put(table, kind);
        parent.put(key, table);
        return table;
    }

    // ---- key = value

    /** {@code key = value} into {@code table}; dotted keys make (or add to) tables of their own. */
    private void keyValue(Map<String, Object> table, int depth) throws Malformed {
        int start = at;
        List<String> key = key();
        skipSpaces();
        expect('=', "'=' after the key");
        skipSpaces();
        Map<String, Object> t = table;
        for (int i = 0; i < key.size() - 1; i++) {
            Object next = t.get(key.get(i));
            if (next == null) {
                t = newTable(t, key.get(i), Kind.DOTTED);
            } else if (next instanceof Map<?, ?> && kinds.get(next) == Kind.DOTTED) {
                @SuppressWarnings("unchecked")
                Map<String, Object> sub = (Map<String, Object>) next;
                t = sub;
            } else {
                throw new Malformed("'" + String.join(".", key.subList(0, i + 1))
                        + "' is already defined and cannot be added to with a dotted key", start);
            }
        }
        String last = key.getLast();
        if (t.containsKey(last)) {
            throw new Malformed("the key '" + String.join(".", key) + "' is defined twice", start);
        }
        t.put(last, value(depth));
    }

    /** A key: bare or quoted segments joined by dots. */
    private List<String> key() throws Malformed {
        List<String> segments = new ArrayList<>();
        for (;;) {
            skipSpaces();
            char c = peek();
            if (c == '"') {
                segments.add(basicString());
            } else if (c == '\'') {
                segments.add(literalString());
            } else {
                int start = at;
                while (at < length && bareKeyChar(text.charAt(at))) {
                    at++;
                }
                if (at == start) {
                    throw new Malformed("a key expected", at);
                }
                segments.add(text.substring(start, at));
            }
            skipSpaces();
            if (peek() != '.') {
                return segments;
            }
            at++;
        }
    }

    private static boolean bareKeyChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    // ---- values

    private Object value(int depth) throws Malformed {
        if (depth > MAX_DEPTH) {
            throw new Malformed("nesting deeper than " + MAX_DEPTH, at);
        }
        if (at >= length) {
            throw new Malformed("a value expected", at);
        }
        char c = text.charAt(at);
        if (c == '"') {
            return text.startsWith("\"\"\"", at) ? multiLineString('"') : basicString();
        }
        if (c == '\'') {
            return text.startsWith("'''", at) ? multiLineString('\'') : literalString();
        }
        if (c == '[') {
            return array(depth);
        }
        if (c == '{') {
            return inlineTable(depth);
        }
        if (text.startsWith("true", at) && !bareKeyChar(charAt(at + 4))) {
            at += 4;
            return Boolean.TRUE;
        }
        if (text.startsWith("false", at) && !bareKeyChar(charAt(at + 5))) {
            at += 5;
            return Boolean.FALSE;
        }
        return TomlScalars.numberOrDate(scalarToken(), at);
    }

    /**
     * The text of a number, date or time: up to a blank, comma, bracket, brace or comment; a
     * date's time may follow it after one space ({@code 1979-05-27 07:32:00}).
     */
    private String scalarToken() throws Malformed {
        int start = at;
        while (at < length && scalarChar(text.charAt(at))) {
            at++;
        }
        if (at == start) {
            throw new Malformed("a value expected", at);
        }
        if (at - start == 10 && charAt(at) == ' ' && TomlScalars.isDate(text.substring(start, at))
                && isDigit(charAt(at + 1)) && isDigit(charAt(at + 2)) && charAt(at + 3) == ':') {
            at++;
            while (at < length && scalarChar(text.charAt(at))) {
                at++;
            }
        }
        return text.substring(start, at);
    }

    private static boolean scalarChar(char c) {
        return bareKeyChar(c) || c == '+' || c == '.' || c == ':';
    }

    private List<Object> array(int depth) throws Malformed {
        int start = at;
        at++; // [
        List<Object> out = new ArrayList<>();
        for (;;) {
            skipBlankLines();
            if (peek() == ']') {
                at++;
                return out;
            }
            if (at >= length) {
                throw new Malformed("an unclosed array", start); // named where it opens, not at the end
            }
            out.add(value(depth + 1));
            skipBlankLines();
            if (peek() == ',') {
                at++;
            } else if (peek() == ']') {
                at++;
                return out;
            } else {
                throw new Malformed(at >= length ? "an unclosed array" : "',' or ']' expected in the array",
                        at >= length ? start : at);
            }
        }
    }

    private Map<String, Object> inlineTable(int depth) throws Malformed {
        at++; // {
        Map<String, Object> table = new LinkedHashMap<>();
        kinds.put(table, Kind.INLINE);
        skipSpaces();
        if (peek() == '}') {
            at++;
            return table;
        }
        for (;;) {
            if (depth + 1 > MAX_DEPTH) {
                throw new Malformed("nesting deeper than " + MAX_DEPTH, at);
            }
            keyValue(table, depth + 1);
            skipSpaces();
            if (peek() == ',') {
                at++;
                skipSpaces();
                if (peek() == '}') {
                    throw new Malformed("a key expected after ',' (an inline table takes no trailing comma)", at);
                }
            } else if (peek() == '}') {
                at++;
                seal(table);
                return table;
            } else {
                throw new Malformed("',' or '}' expected in the inline table (it is one line)", at);
            }
        }
    }

    /** The tables dotted keys made inside an inline table close with it. */
    private void seal(Map<String, Object> table) {
        for (Object v : table.values()) {
            if (v instanceof Map<?, ?> && kinds.get(v) == Kind.DOTTED) {
                @SuppressWarnings("unchecked")
                Map<String, Object> sub = (Map<String, Object>) v;
                kinds.put(sub, Kind.INLINE);
                seal(sub);
            }
        }
    }
}
