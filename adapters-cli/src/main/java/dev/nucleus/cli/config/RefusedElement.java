package dev.nucleus.cli.config;

import tools.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * The element of an array value that a check refused ({@code invalid value 'X': ...}), so that a
 * value in an array written over several lines is named at its own line, not its key's.
 */
public final class RefusedElement {
    private static final String PREFIX = "invalid value '";

    private RefusedElement() {
    }

    /** The index in {@code node} (an array) of the element the message names, if any. */
    public static Optional<Integer> index(JsonNode node, String message) {
        int end = message.indexOf("': ");
        if (node == null || !node.isArray() || !message.startsWith(PREFIX) || end < PREFIX.length()) {
            return Optional.empty();
        }
        String value = message.substring(PREFIX.length(), end);
        for (int k = 0; k < node.size(); k++) {
            JsonNode n = node.get(k);
            if ((n.isString() || n.isNumber()) && (n.isString() ? n.asString() : n.numberValue().toString()).equals(value)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
