package dev.nucleus.linux.state;

import dev.nucleus.domain.value.AsciiText;
import java.util.Optional;

/**
 * Reads the status from the header every state file this version writes begins with,
 * {@code {"version": 1, "status": "NAME"}} with any JSON whitespace between the tokens, by hand:
 * a launch checks it at each teardown ({@code stopping}), and a regular expression compiled cold
 * costs a start the regex engine's class initialisation.
 */
final class StateHeader {
    private final String text;
    private int at;

    private StateHeader(String text) {
        this.text = text;
    }

    /** The status name ({@code [a-z]+}), or empty when {@code text} does not begin with that header. */
    static Optional<String> status(String text, int version) {
        if (!text.startsWith("{")) {
            return Optional.empty(); // the brace first, with nothing before it
        }
        StateHeader h = new StateHeader(text);
        h.at = 1;
        if (!(h.token("\"version\"") && h.token(":") && h.token(Integer.toString(version)) && h.token(",")
                && h.token("\"status\"") && h.token(":") && h.token("\""))) {
            return Optional.empty();
        }
        int start = h.at;
        while (h.at < text.length() && text.charAt(h.at) >= 'a' && text.charAt(h.at) <= 'z') {
            h.at++;
        }
        boolean closed = h.at > start && h.at < text.length() && text.charAt(h.at) == '"';
        return closed ? Optional.of(text.substring(start, h.at)) : Optional.empty();
    }

    /** Skips whitespace ({@code \s} of the pattern this replaces), then {@code expected}. */
    private boolean token(String expected) {
        while (at < text.length() && AsciiText.isSpace(text.charAt(at))) {
            at++;
        }
        if (!text.startsWith(expected, at)) {
            return false;
        }
        at += expected.length();
        return true;
    }
}
