package dev.nucleus.cli.config;

import java.util.List;
import java.util.Optional;

/**
 * The element of an array value that a check refused ({@code invalid value 'X': ...}), so that a
 * value in an array written over several lines is named at its own line, not its key's.
 */
public final class RefusedElement {
    private static final String PREFIX = "invalid value '";

    private RefusedElement() {
    }

    /** The index in {@code value} (an array of a {@link DocumentTree}) of the element the message names, if any. */
    public static Optional<Integer> index(Object value, String message) {
        int end = message.indexOf("': ");
        if (!(value instanceof List<?> elements) || !message.startsWith(PREFIX) || end < PREFIX.length()) {
            return Optional.empty();
        }
        String refused = message.substring(PREFIX.length(), end);
        for (int k = 0; k < elements.size(); k++) {
            Object n = elements.get(k);
            if (DocumentTree.isScalar(n) && DocumentTree.scalarText(n).equals(refused)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
