package dev.nucleus.cli.config;

import dev.nucleus.domain.launch.Problem;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TOML document read by Jackson's parser into a {@link DocumentTree}. Kept apart so that a
 * JSON document's launch loads none of Jackson (its classes cost a cold JVM some 100 ms).
 */
public final class TomlTree {
    private TomlTree() {
    }

    /**
     * The document's tree; a syntax error (a key set twice is one in TOML) is named at its line,
     * {@code source:line}, with the parser's message.
     */
    static Object read(String text, String source) throws ConfigDocumentException {
        try {
            return tree(text);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at != null && at.getLineNr() > 0
                    ? source + ":" + TomlPlaces.scan(text).errorLine(at.getLineNr(), at.getColumnNr()) : source;
            throw new ConfigDocumentException(List.of(new Problem(where, "not valid TOML: " + e.getOriginalMessage())));
        }
    }

    /** The document's tree, or an empty table if it does not read (it did, before its checks). */
    public static Object readOrEmpty(String text) {
        try {
            return tree(text);
        } catch (JacksonException e) {
            return Map.of();
        }
    }

    private static Object tree(String text) {
        JsonNode root = TomlMapper.builder().build().readTree(text);
        return root != null ? plain(root) : Map.of();
    }

    private static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                out.put(e.getKey(), plain(e.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>();
            for (JsonNode n : node) {
                out.add(plain(n));
            }
            return out;
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asString(); // a string, or a date or time (which the parser keeps as text)
    }
}
