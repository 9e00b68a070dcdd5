package dev.nucleus.cli.config;

import dev.nucleus.linux.json.JsonReader;
import dev.nucleus.linux.text.TextPositions;

import java.util.List;
import java.util.OptionalInt;

/**
 * The lines of a JSON config document's keys and array elements ({@code ["env_vars", "HOME"]},
 * {@code ["command", "2"]}) and of its syntax errors, from the places its reader kept, so that a
 * message can say {@code file:line}. (A TOML document's key lines are {@link TomlPlaces}'.)
 */
final class KeyLines {
    private KeyLines() {
    }

    /** The line of {@code path} in a JSON document {@code doc} as read from {@code text}. */
    static OptionalInt json(String text, JsonReader.Placed doc, List<String> path) {
        OptionalInt offset = doc.offset(path);
        return offset.isPresent() ? OptionalInt.of(TextPositions.line(text, offset.getAsInt())) : OptionalInt.empty();
    }

    /**
     * The line of a JSON syntax error: where it was noticed, except an array or object left open
     * inside the outer one, which is only noticed at the end of the text: that is named where it
     * opens. (A string cannot span lines: one left open ends the text on its own line.)
     */
    static int jsonErrorLine(String text, JsonReader.Malformed e) {
        return TextPositions.line(text, e.placedAt());
    }
}
