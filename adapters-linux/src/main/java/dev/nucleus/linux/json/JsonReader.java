package dev.nucleus.linux.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 reader for documents of our own on a start-up path (the launch document a
 * detached start hands its supervisor): Jackson's databind costs tens of milliseconds to build
 * in a fresh JVM. Objects become {@link Map}s in document order, arrays {@link List}s, strings
 * {@link String}s, numbers {@link Long} (or {@link Double} with a fraction or exponent), and
 * {@code true}/{@code false}/{@code null} {@link Boolean}s and {@link #NULL} (a member named twice
 * keeps its last value, as Jackson's defaults do). Anything else,
 * trailing text included, is a {@link Malformed} whose message never quotes the input (a
 * document may hold secrets).
 */
public final class JsonReader {
    /** JSON's null. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };
    private static final int MAX_DEPTH = 64;

    private final String text;
    private int at;

    private JsonReader(String text) {
        this.text = text;
    }

    /** Not JSON: says where, never what. */
    public static final class Malformed extends Exception {
        Malformed(String what, int offset) {
            super(what + " at offset " + offset);
        }
    }

    /** The one value {@code text} holds, with nothing but white space around it. */
    public static Object read(String text) throws Malformed {
        JsonReader r = new JsonReader(text);
        Object value = r.value(0);
        r.space();
        if (r.at != text.length()) {
            throw new Malformed("text after the value", r.at);
        }
        return value;
    }

    private Object value(int depth) throws Malformed {
        if (depth > MAX_DEPTH) {
            throw new Malformed("nesting deeper than " + MAX_DEPTH, at);
        }
        space();
        if (at >= text.length()) {
            throw new Malformed("no value", at);
        }
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> word("true", Boolean.TRUE);
            case 'f' -> word("false", Boolean.FALSE);
            case 'n' -> word("null", NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw new Malformed("no value", at);
            }
        };
    }

    private Map<String, Object> object(int depth) throws Malformed {
        Map<String, Object> out = new LinkedHashMap<>();
        at++; // {
        space();
        if (peek() == '}') {
            at++;
            return out;
        }
        for (;;) {
            space();
            if (peek() != '"') {
                throw new Malformed("a member name expected", at);
            }
            String key = string();
            space();
            expect(':');
            out.put(key, value(depth + 1)); // a name given twice: the last wins, as with Jackson's defaults
            space();
            if (peek() == ',') {
                at++;
            } else {
                expect('}');
                return out;
            }
        }
    }

    private List<Object> array(int depth) throws Malformed {
        List<Object> out = new ArrayList<>();
        at++; // [
        space();
        if (peek() == ']') {
            at++;
            return out;
        }
        for (;;) {
            out.add(value(depth + 1));
            space();
            if (peek() == ',') {
                at++;
            } else {
                expect(']');
                return out;
            }
        }
    }

    private String string() throws Malformed {
        at++; // "
        StringBuilder out = new StringBuilder();
        for (;;) {
            if (at >= text.length()) {
                throw new Malformed("an unterminated string", at);
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw new Malformed("a control character in a string", at - 1);
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= text.length()) {
                throw new Malformed("an unterminated string", at);
            }
            char e = text.charAt(at++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(hex4());
                default -> throw new Malformed("an unknown escape", at - 1);
            }
        }
    }

    private char hex4() throws Malformed {
        if (at + 4 > text.length()) {
            throw new Malformed("a short \\u escape", at);
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(at++), 16);
            if (d < 0) {
                throw new Malformed("a bad \\u escape", at - 1);
            }
            v = v * 16 + d;
        }
        return (char) v;
    }

    private Object number() throws Malformed {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        int intStart = at;
        digits();
        if (at == intStart || (text.charAt(intStart) == '0' && at - intStart > 1)) {
            throw new Malformed("a bad number", start);
        }
        boolean integral = true;
        if (peek() == '.') {
            at++;
            integral = false;
            int fraction = at;
            digits();
            if (at == fraction) {
                throw new Malformed("a bad number", start);
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            at++;
            integral = false;
            if (peek() == '+' || peek() == '-') {
                at++;
            }
            int exponent = at;
            digits();
            if (at == exponent) {
                throw new Malformed("a bad number", start);
            }
        }
        String n = text.substring(start, at);
        try {
            return integral ? (Object) Long.parseLong(n) : (Object) Double.parseDouble(n);
        } catch (NumberFormatException e) {
            throw new Malformed("a number out of range", start);
        }
    }

    private void digits() {
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
    }

    private Object word(String word, Object value) throws Malformed {
        if (!text.startsWith(word, at)) {
            throw new Malformed("no value", at);
        }
        at += word.length();
        return value;
    }

    private void expect(char c) throws Malformed {
        if (peek() != c) {
            throw new Malformed("'" + c + "' expected", at);
        }
        at++;
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private void space() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }
}
