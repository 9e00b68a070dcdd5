package dev.nucleus.linux.toml;

/**
 * TOML's characters: its strings (basic and literal, one line or several, with their escapes),
 * blanks, comments and line ends, over the text {@link TomlReader} reads; {@code at} is where.
 */
abstract class TomlLexer {
    final String text;
    final int length;
    int at;

    TomlLexer(String text) {
        this.text = text;
        this.length = text.length();
    }

    // ---- strings

    String basicString() throws TomlReader.Malformed {
        int start = at;
        at++; // "
        StringBuilder out = new StringBuilder();
        for (;;) {
            if (at >= length) {
                throw new TomlReader.Malformed("an unterminated string", start);
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\') {
                escape(out);
            } else if (c == '\n' || c == '\r') {
                throw new TomlReader.Malformed("an unterminated string (a basic string is one line)", start);
            } else if (control(c)) {
                throw new TomlReader.Malformed("a control character in a string", at - 1);
            } else {
                out.append(c);
            }
        }
    }

    /** A multi-line string, basic ({@code """}, with escapes) or literal ({@code '''}). */
    String multiLineString(char quote) throws TomlReader.Malformed {
        int start = at;
        at += 3;
        skipFirstNewline();
        StringBuilder out = new StringBuilder();
        for (;;) {
            if (at >= length) {
                throw new TomlReader.Malformed("an unterminated multi-line string", start);
            }
            if (closes(quote, out)) {
                return out.toString();
            }
            char c = text.charAt(at++);
            if (c == '\\' && quote == '"') {
                if (!lineEndingBackslash()) {
                    escape(out);
                }
            } else if (c == '\r' && charAt(at) == '\n') {
                out.append('\n');
                at++;
            } else if (c != '\n' && control(c)) {
                throw new TomlReader.Malformed("a control character in a string", at - 1);
            } else {
                out.append(c);
            }
        }
    }

    /** After a backslash: blanks to the end of the line, then every blank and newline, skipped. */
    private boolean lineEndingBackslash() {
        int k = at;
        while (k < length && (text.charAt(k) == ' ' || text.charAt(k) == '\t')) {
            k++;
        }
        if (k < length && text.charAt(k) == '\r' && charAt(k + 1) == '\n') {
            k++;
        }
        if (k >= length || text.charAt(k) != '\n') {
            return false;
        }
        while (k < length && (text.charAt(k) == ' ' || text.charAt(k) == '\t' || text.charAt(k) == '\n'
                || (text.charAt(k) == '\r' && charAt(k + 1) == '\n'))) {
            k++;
        }
        at = k;
        return true;
    }

    String literalString() throws TomlReader.Malformed {
        int start = at;
        at++; // '
        int begin = at;
        for (;;) {
            if (at >= length || text.charAt(at) == '\n' || text.charAt(at) == '\r') {
                throw new TomlReader.Malformed("an unterminated string (a literal string is one line)", start);
            }
            char c = text.charAt(at++);
            if (c == '\'') {
                return text.substring(begin, at - 1);
            }
            if (c != '\t' && control(c)) {
                throw new TomlReader.Malformed("a control character in a string", at - 1);
            }
        }
    }

    /**
     * Whether a multi-line string's three {@code quote}s close it here (then passed); up to two
     * more quotes before them belong to the string ({@code """a""""} is {@code a"}).
     */
    private boolean closes(char quote, StringBuilder out) {
        if (charAt(at) != quote || charAt(at + 1) != quote || charAt(at + 2) != quote) {
            return false;
        }
        int quotes = 3;
        while (quotes < 5 && charAt(at + quotes) == quote) {
            quotes++;
        }
        for (int k = 3; k < quotes; k++) {
            out.append(quote);
        }
        at += quotes;
        return true;
    }

    private void skipFirstNewline() {
        if (charAt(at) == '\n') {
            at++;
        } else if (charAt(at) == '\r' && charAt(at + 1) == '\n') {
            at += 2;
        }
    }

    private void escape(StringBuilder out) throws TomlReader.Malformed {
        if (at >= length) {
            throw new TomlReader.Malformed("an unterminated string", at);
        }
        char e = text.charAt(at++);
        switch (e) {
            case 'b' -> out.append('\b');
            case 't' -> out.append('\t');
            case 'n' -> out.append('\n');
            case 'f' -> out.append('\f');
            case 'r' -> out.append('\r');
            case '"' -> out.append('"');
            case '\\' -> out.append('\\');
            case 'u' -> out.appendCodePoint(unicode(4));
            case 'U' -> out.appendCodePoint(unicode(8));
            default -> throw new TomlReader.Malformed("an unknown escape '\\" + e + "'", at - 2);
        }
    }

    private int unicode(int digits) throws TomlReader.Malformed {
        int start = at - 2;
        if (at + digits > length) {
            throw new TomlReader.Malformed("a short unicode escape", start);
        }
        int v = 0;
        for (int i = 0; i < digits; i++) {
            int d = Character.digit(text.charAt(at++), 16);
            if (d < 0) {
                throw new TomlReader.Malformed("a bad unicode escape", start);
            }
            v = v * 16 + d;
        }
        if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
            throw new TomlReader.Malformed("a unicode escape that is no scalar value", start);
        }
        return v;
    }

    /** TOML refuses control characters in strings but tab (and newlines where a string may hold them). */
    private static boolean control(char c) {
        return (c < 0x20 && c != '\t') || c == 0x7F;
    }

    // ---- white space, comments, line ends

    void skipSpaces() {
        while (at < length && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
            at++;
        }
    }

    void skipComment() throws TomlReader.Malformed {
        if (peek() != '#') {
            return;
        }
        while (at < length && text.charAt(at) != '\n' && !(text.charAt(at) == '\r' && charAt(at + 1) == '\n')) {
            if (text.charAt(at) != '\t' && control(text.charAt(at))) {
                throw new TomlReader.Malformed("a control character in a comment", at);
            }
            at++;
        }
    }

    /** Blank lines and comment lines, before a statement. */
    void skipBlankLines() throws TomlReader.Malformed {
        for (;;) {
            skipSpaces();
            skipComment();
            if (!newline()) {
                return;
            }
        }
    }

    /** After a statement: blanks, a comment, then a line end or the end of the text. */
    void endOfLine() throws TomlReader.Malformed {
        skipSpaces();
        skipComment();
        if (at < length && !newline()) {
            throw new TomlReader.Malformed("a line end expected after the value", at);
        }
    }

    boolean newline() {
        if (charAt(at) == '\n') {
            at++;
            return true;
        }
        if (charAt(at) == '\r' && charAt(at + 1) == '\n') {
            at += 2;
            return true;
        }
        return false;
    }

    void expect(char c, String what) throws TomlReader.Malformed {
        skipSpaces();
        if (peek() != c) {
            throw new TomlReader.Malformed(what + " expected", at);
        }
        at++;
    }

    char peek() {
        return charAt(at);
    }

    char charAt(int k) {
        return k < length ? text.charAt(k) : '\0';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
