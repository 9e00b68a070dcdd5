package dev.nucleus.cli.config;

import dev.nucleus.linux.json.JsonReader;

import java.util.List;
import java.util.Map;

/**
 * A config document's values as both formats read them: tables are {@link Map}s in document
 * order, arrays {@link List}s, strings {@link String}s, numbers {@link Number}s, booleans
 * {@link Boolean}s and JSON's null {@link JsonReader#NULL} (dates and times, TOML's, as their
 * text). Both are read by our own readers ({@link JsonReader}; TOML through {@link TomlTree}),
 * which a launch's cold start can afford: Jackson's took it 110-120 ms.
 */
public final class DocumentTree {
    private DocumentTree() {
    }

    /** A value given as text in a launch request: a string, or a number written as a string. */
    static boolean isScalar(Object value) {
        return value instanceof String || value instanceof Number;
    }

    static String scalarText(Object value) {
        return value.toString();
    }

    /** The member {@code key} of a table, or null (a missing key, or {@code tree} no table). */
    public static Object member(Object tree, String key) {
        return tree instanceof Map<?, ?> table ? table.get(key) : null;
    }

    /** What a value is, for a message: "an array", "a table", "a boolean", "a null". */
    static String describe(Object value) {
        // (instanceof tests, not a pattern switch: its bootstrap spins classes at run time, cold)
        if (value instanceof List<?>) {
            return "an array";
        }
        if (value instanceof Map<?, ?>) {
            return "a table";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return value instanceof String ? "a string" : value instanceof Number ? "a number" : "a null";
    }
}
