package dev.nucleus.cli.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Where a TOML document writes each key and array element, so that a problem its checks find
 * later names the line. Read only once something is wrong; lenient: past a syntax error it goes
 * on at the next line.
 */
public final class TomlPlaces {
    private final String s;
    private final Map<String, Integer> lines = new HashMap<>();
    private final Map<String, Integer> arrayTables = new HashMap<>();
    private int i;
    private int line = 1;

    private TomlPlaces(String text) {
        this.s = text;
    }

    public static TomlPlaces scan(String text) {
        TomlPlaces p = new TomlPlaces(text);
        p.document();
        return p;
    }

    /**
     * The line that writes {@code path}: a key's segments (a table header or a dotted key counts
     * for each of its prefixes, first mention wins), an array element's index as its segment, and
     * an array of tables' entries by index too ({@code servers.0.host}).
     */
    public OptionalInt line(List<String> path) {
        Integer at = lines.get(String.join("\u0000", path));
        return at == null ? OptionalInt.empty() : OptionalInt.of(at);
    }

    private void document() {
        List<String> table = List.of();
        while (true) {
            skipBlanks();
            if (i >= s.length()) {
                return;
            }
            char c = s.charAt(i);
            if (c == '#') {
                skipComment();
                continue;
            }
            if (newline()) {
                continue;
            }
            List<String> next = table;
            boolean ok;
            try {
                if (c == '[') {
                    next = header();
                    ok = next != null;
                } else {
                    ok = keyValue(table);
                }
            } catch (EndOfText e) {
                return;
            }
            if (ok) {
                table = next;
            } else {
                skipLine();
            }
        }
    }

    /** {@code [a.b]} or {@code [[a.b]]}; the table's path, or null. */
    private List<String> header() {
        boolean array = s.startsWith("[[", i);
        int startLine = line;
        i += array ? 2 : 1;
        skipBlanks();
        List<String> key = key();
        if (key == null || !expect(array ? "]]" : "]")) {
            return null;
        }
        List<String> path = new ArrayList<>();
        for (String k : key) {
            path.add(k);
            lines.putIfAbsent(String.join("\u0000", path), startLine);
        }
        if (array) {
            int index = arrayTables.merge(String.join("\u0000", path), 1, Integer::sum) - 1;
            path.add(Integer.toString(index));
            lines.putIfAbsent(String.join("\u0000", path), startLine);
        }
        return List.copyOf(path);
    }

    private boolean keyValue(List<String> table) {
        return pair(table) && endOfLine();
    }

    /** {@code key = value} under {@code table}, recording the key's prefixes. */
    private boolean pair(List<String> table) {
        int keyLine = line;
        List<String> key = key();
        if (key == null || !expect("=")) {
            return false;
        }
        List<String> path = new ArrayList<>(table);
        for (String k : key) {
            path.add(k);
            lines.putIfAbsent(String.join("\u0000", path), keyLine);
        }
        skipBlanks();
        return value(path);
    }

    /** A dotted key: bare, "basic" or 'literal' segments; null if there is none. */
    private List<String> key() {
        List<String> out = new ArrayList<>();
        while (true) {
            skipBlanks();
            String segment = keySegment();
            if (segment == null) {
                return null;
            }
            out.add(segment);
            skipBlanks();
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                continue;
            }
            return out;
        }
    }

    private String keySegment() {
        if (i >= s.length()) {
            throw new EndOfText();
        }
        char c = s.charAt(i);
        if (c == '"' || c == '\'') {
            int from = i;
            if (!string()) {
                return null;
            }
            String raw = s.substring(from + 1, i - 1);
            return c == '"' ? unescape(raw) : raw;
        }
        int from = i;
        while (i < s.length() && bare(s.charAt(i))) {
            i++;
        }
        return i > from ? s.substring(from, i) : null;
    }

    private static boolean bare(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    /** Common escapes only: a key that uses others is rare, and a miss costs only a line number. */
    private static String unescape(String raw) {
        return raw.replace("\\\"", "\"").replace("\\\\", "\\");
    }

    private boolean value(List<String> path) {
        if (i >= s.length()) {
            throw new EndOfText();
        }
        char c = s.charAt(i);
        if (c == '"' || c == '\'') {
            return string();
        }
        if (c == '[') {
            return array(path);
        }
        if (c == '{') {
            return inlineTable(path);
        }
        int from = i;
        while (i < s.length() && ",]}#\r\n".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        while (i > from && (s.charAt(i - 1) == ' ' || s.charAt(i - 1) == '\t')) {
            i--;
        }
        return i > from;
    }

    private boolean array(List<String> path) {
        i++;
        for (int index = 0; ; index++) {
            skipSpace();
            if (peek() == ']') {
                i++;
                return true;
            }
            List<String> element = new ArrayList<>(path);
            element.add(Integer.toString(index));
            lines.putIfAbsent(String.join("\u0000", element), line);
            if (!value(element)) {
                return false;
            }
            skipSpace();
            char c = peek();
            i++;
            if (c == ']') {
                return true;
            }
            if (c != ',') {
                return false;
            }
        }
    }

    private boolean inlineTable(List<String> path) {
        i++;
        while (true) {
            skipBlanks();
            if (peek() == '}') {
                i++;
                return true;
            }
            if (!pair(path)) {
                return false;
            }
            skipBlanks();
            char c = peek();
            i++;
            if (c == '}') {
                return true;
            }
            if (c != ',') {
                return false;
            }
        }
    }

    /** A basic, literal or multi-line string starting at {@code i}; false if a line ends it early. */
    private boolean string() {
        char q = s.charAt(i);
        String triple = String.valueOf(q).repeat(3);
        if (s.startsWith(triple, i)) {
            i += 3;
            while (true) {
                if (i >= s.length()) {
                    throw new EndOfText();
                }
                if (s.startsWith(triple, i)) {
                    i += 3;
                    // up to two more quotes still belong to the content
                    for (int k = 0; k < 2 && i < s.length() && s.charAt(i) == q; k++) {
                        i++;
                    }
                    return true;
                }
                advance(q == '"');
            }
        }
        i++;
        while (true) {
            if (i >= s.length()) {
                throw new EndOfText();
            }
            char c = s.charAt(i);
            if (c == '\n') {
                return false;
            }
            if (c == q) {
                i++;
                return true;
            }
            advance(q == '"');
        }
    }

    /** One character of a string (two for an escape in a basic one), counting lines. */
    private void advance(boolean escapes) {
        if (escapes && s.charAt(i) == '\\' && i + 1 < s.length()) {
            i++;
        }
        if (s.charAt(i) == '\n') {
            line++;
        }
        i++;
    }

    private char peek() {
        if (i >= s.length()) {
            throw new EndOfText();
        }
        return s.charAt(i);
    }

    private boolean expect(String token) {
        skipBlanks();
        if (s.startsWith(token, i)) {
            i += token.length();
            return true;
        }
        if (i >= s.length()) {
            throw new EndOfText();
        }
        return false;
    }

    /** After a statement: blanks, maybe a comment, then a line end or the end of the text. */
    private boolean endOfLine() {
        skipBlanks();
        if (i < s.length() && s.charAt(i) == '#') {
            skipComment();
        }
        return i >= s.length() || s.charAt(i) == '\n' || s.startsWith("\r\n", i);
    }

    private void skipBlanks() {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
    }

    /** Blanks, comments and line ends, as an array allows between its elements. */
    private void skipSpace() {
        while (true) {
            skipBlanks();
            if (i < s.length() && s.charAt(i) == '#') {
                skipComment();
            } else if (!newline()) {
                return;
            }
        }
    }

    private void skipComment() {
        while (i < s.length() && s.charAt(i) != '\n') {
            i++;
        }
    }

    private void skipLine() {
        skipComment();
        newline();
    }

    private boolean newline() {
        if (i < s.length() && s.charAt(i) == '\n') {
            i++;
            line++;
            return true;
        }
        if (s.startsWith("\r\n", i)) {
            i += 2;
            line++;
            return true;
        }
        return false;
    }

    /** The text ended inside a statement. */
    private static final class EndOfText extends RuntimeException {
        EndOfText() {
            super(null, null, false, false);
        }
    }
}
