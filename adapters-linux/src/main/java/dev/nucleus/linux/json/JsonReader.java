package dev.nucleus.linux.json;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A strict RFC 8259 reader for the JSON a launch reads: documents of our own (the launch document
 * a detached start hands its supervisor) and of its caller (config documents, seccomp profiles,
 * hooks files, the fds' JSON). Jackson's databind costs a fresh JVM 100 ms and more to set up. Objects become {@link Map}s in document order, arrays {@link List}s, strings
 * {@link String}s, numbers {@link Long} (a {@link BigInteger} beyond its range, a {@link Double}
 * with a fraction or exponent), and
 * {@code true}/{@code false}/{@code null} {@link Boolean}s and {@link #NULL} (a member named twice
 * keeps its last value, as Jackson's defaults do). Anything else,
 * trailing text included, is a {@link Malformed} whose message never quotes the input (a
 * document may hold secrets).
 *
 * <p>A document someone wrote by hand is read with {@link #readStrict} (a policy: a member named
 * twice is refused, naming the member) or {@link #readPlaced} (a config document: also where each
 * member and element starts, so that a message can name its line).
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

    /**
     * The text's characters: read from an array, not with {@code charAt}, which is five calls a
     * character interpreted (a launch's cold JVM reads its documents so).
     */
    private final char[] text;
    private final int length;
    /** Strict and placed reading: a member named twice is refused. */
    private final boolean refuseDuplicates;
    /** Placed reading only: the path to the value being read, and where each path starts. */
    private final List<String> path;
    private final Map<List<String>, Integer> offsets;
    /** Where each structure still open starts, by depth: an end of text inside one is placed there. */
    private final int[] opened = new int[MAX_DEPTH + 2];
    private int open;
    private int at;

    private JsonReader(String text, boolean refuseDuplicates, boolean placed) {
        this.text = text.toCharArray();
        this.length = this.text.length;
        this.refuseDuplicates = refuseDuplicates;
        this.path = placed ? new ArrayList<>() : null;
        this.offsets = placed ? new HashMap<>() : null;
    }

    /** Not JSON: says where, never what (but for a strict reading's member named twice). */
    public static final class Malformed extends Exception {
        private final String what;
        private final int offset;
        private final int unclosedAt;

        Malformed(String what, int offset) {
            this(what, offset, -1);
        }

        private Malformed(String what, int offset, int unclosedAt) {
            super(what + " at offset " + offset);
            this.what = what;
            this.offset = offset;
            this.unclosedAt = unclosedAt;
        }

        /** What is wrong, without the offset. */
        public String what() {
            return what;
        }

        /** Where in the text it was noticed. */
        public int offset() {
            return offset;
        }

        /**
         * Where the array or object starts that the text ended inside of, when that is not the
         * outermost one (which spans the document, so says nothing); else -1. A bracket left open
         * is only noticed at the end of the text, far from where it was left.
         */
        public int unclosedAt() {
            return unclosedAt;
        }

        /** Where a message should place the problem: the unclosed structure's start, else where it was noticed. */
        public int placedAt() {
            return unclosedAt >= 0 ? unclosedAt : offset;
        }
    }

    /** A hand-written document as {@link #readPlaced} read it. */
    public record Placed(Object value, Map<List<String>, Integer> offsets) {
        public Placed {
            offsets = Map.copyOf(offsets);
        }

        /**
         * Where the member or element at {@code path} starts (its name, for a member): a path
         * is member names and array indexes ({@code ["env", "HOME"]}, {@code ["command", "2"]}).
         */
        public OptionalInt offset(List<String> path) {
            Integer at = offsets.get(path);
            return at != null ? OptionalInt.of(at) : OptionalInt.empty();
        }
    }

    /** The one value {@code text} holds, with nothing but white space around it. */
    public static Object read(String text) throws Malformed {
        return new JsonReader(text, false, false).document();
    }

    /**
     * {@link #read} for a document someone wrote (a policy file): a member named twice in an
     * object is refused, naming it (member names are not secrets).
     */
    public static Object readStrict(String text) throws Malformed {
        return new JsonReader(text, true, false).document();
    }

    /** {@link #read} of UTF-8 bytes, which must be UTF-8 (RFC 8259's encoding). */
    public static Object read(byte[] utf8) throws Malformed {
        return read(utf8(utf8));
    }

    /** The text of UTF-8 bytes; any other byte sequence is malformed. */
    public static String utf8(byte[] bytes) throws Malformed {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Malformed("a byte sequence that is not UTF-8", 0);
        }
    }

    /**
     * {@link #readStrict}, also keeping where every member and element starts (a config
     * document's messages name the line).
     */
    public static Placed readPlaced(String text) throws Malformed {
        JsonReader r = new JsonReader(text, true, true);
        return new Placed(r.document(), r.offsets);
    }

    private Object document() throws Malformed {
        try {
            Object value = value(0);
            space();
            if (at != length) {
                throw new Malformed("text after the value", at);
            }
            return value;
        } catch (Malformed e) {
            boolean endInsideNested = e.offset() >= length && open > 1;
            throw endInsideNested ? new Malformed(e.what(), e.offset(), opened[open - 1]) : e;
        }
    }

    private Object value(int depth) throws Malformed {
        if (depth > MAX_DEPTH) {
            throw new Malformed("nesting deeper than " + MAX_DEPTH, at);
        }
        space();
        if (at >= length) {
            throw new Malformed("no value", at);
        }
        char c = text[at];
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
        opened[open++] = at;
        at++; // {
        space();
        if (peek() == '}') {
            at++;
            open--;
            return out;
        }
        for (;;) {
            space();
            if (peek() != '"') {
                throw new Malformed("a member name expected", at);
            }
            int start = at;
            String key = string();
            space();
            expect(':');
            if (refuseDuplicates && out.containsKey(key)) {
                throw new Malformed("the member \"" + key + "\" is set twice", start);
            }
            // else a name given twice: the last wins, as with Jackson's defaults
            out.put(key, path == null ? value(depth + 1) : placedValue(key, start, depth));
            space();
            if (peek() == ',') {
                at++;
            } else {
                expect('}');
                open--;
                return out;
            }
        }
    }

    private List<Object> array(int depth) throws Malformed {
        List<Object> out = new ArrayList<>();
        opened[open++] = at;
        at++; // [
        space();
        if (peek() == ']') {
            at++;
            open--;
            return out;
        }
        for (;;) {
            if (path == null) {
                out.add(value(depth + 1));
            } else {
                space();
                out.add(placedValue(Integer.toString(out.size()), at, depth));
            }
            space();
            if (peek() == ',') {
                at++;
            } else {
                expect(']');
                open--;
                return out;
            }
        }
    }

    /** A member's or element's value, its path's start kept. */
    private Object placedValue(String step, int start, int depth) throws Malformed {
        path.add(step);
        offsets.put(List.copyOf(path), start);
        Object value = value(depth + 1);
        path.removeLast();
        return value;
    }

    private String string() throws Malformed {
        at++; // "
        StringBuilder out = null; // only for a string with escapes
        int run = at;
        for (;;) {
            if (at >= length) {
                throw new Malformed("an unterminated string", at);
            }
            char c = text[at++];
            if (c == '"') {
                if (out == null) {
                    return new String(text, run, at - 1 - run);
                }
                return out.append(text, run, at - 1 - run).toString();
            }
            if (c < 0x20) {
                throw new Malformed("a control character in a string", at - 1);
            }
            if (c != '\\') {
                continue;
            }
            if (out == null) {
                out = new StringBuilder();
            }
            out.append(text, run, at - 1 - run);
            if (at >= length) {
                throw new Malformed("an unterminated string", at);
            }
            char e = text[at++];
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
            run = at;
        }
    }

    private char hex4() throws Malformed {
        if (at + 4 > length) {
            throw new Malformed("a short \\u escape", at);
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text[at++], 16);
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
        if (at == intStart || (text[intStart] == '0' && at - intStart > 1)) {
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
        String n = new String(text, start, at - start);
        if (!integral) {
            return Double.parseDouble(n);
        }
        // (a long's 19 digits at most: past them, no need to try and fail)
        return at - intStart < 19 ? (Object) Long.parseLong(n) : wholeNumber(n);
    }

    private static Object wholeNumber(String n) {
        BigInteger v = new BigInteger(n);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private void digits() {
        while (at < length && text[at] >= '0' && text[at] <= '9') {
            at++;
        }
    }

    private Object word(String word, Object value) throws Malformed {
        for (int i = 0; i < word.length(); i++) {
            if (at + i >= length || text[at + i] != word.charAt(i)) {
                throw new Malformed("no value", at);
            }
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
        return at < length ? text[at] : '\0';
    }

    private void space() {
        while (at < length) {
            char c = text[at];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }
}
