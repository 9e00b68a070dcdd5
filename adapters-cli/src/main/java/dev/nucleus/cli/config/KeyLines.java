package dev.nucleus.cli.config;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The line a config document writes a key or an array element on ({@code ["env_vars", "HOME"]},
 * {@code ["command", "2"]}), so that a message can say {@code file:line}. Only looked for once
 * something is wrong. JSON is read token by token; TOML by {@link TomlPlaces}.
 */
final class KeyLines {
    private KeyLines() {
    }

    static OptionalInt of(String text, ConfigFormat format, List<String> path) {
        return format == ConfigFormat.JSON ? json(text, path) : TomlPlaces.scan(text).line(path);
    }

    private static OptionalInt json(String text, List<String> path) {
        try (JsonParser p = JsonMapper.builder().build().createParser(text)) {
            // where the parser is: one entry per open object (its current key) or array (its index)
            List<String> at = new ArrayList<>();
            List<Boolean> inArray = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                int depth = at.size();
                if (t == JsonToken.PROPERTY_NAME) {
                    at.set(depth - 1, p.currentName());
                    if (at.equals(path)) {
                        return OptionalInt.of(p.currentTokenLocation().getLineNr());
                    }
                    continue;
                }
                if (t.isStructEnd()) {
                    at.removeLast();
                    inArray.removeLast();
                    continue;
                }
                if (depth > 0 && inArray.getLast()) {
                    at.set(depth - 1, Integer.toString(Integer.parseInt(at.getLast()) + 1));
                    if (at.equals(path)) {
                        return OptionalInt.of(p.currentTokenLocation().getLineNr());
                    }
                }
                if (t.isStructStart()) {
                    at.add(t == JsonToken.START_ARRAY ? "-1" : "");
                    inArray.add(t == JsonToken.START_ARRAY);
                }
            }
        } catch (JacksonException e) {
            // a position is a courtesy: none for a document that does not read to the end
        }
        return OptionalInt.empty();
    }
}
