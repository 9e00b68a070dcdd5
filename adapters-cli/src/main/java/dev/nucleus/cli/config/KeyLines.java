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

    /**
     * The line of a JSON syntax error at {@code line}: its parser places errors by token, except
     * an array, object or string left open, which it notices at the end of the text; that is
     * named where it opens (an open outer object, which spans the document, stays at the end).
     */
    static int jsonErrorLine(String text, int line) {
        List<Integer> open = new ArrayList<>();
        try (JsonParser p = JsonMapper.builder().build().createParser(text)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t.isStructStart()) {
                    open.add(p.currentTokenLocation().getLineNr());
                } else if (t.isStructEnd()) {
                    open.removeLast();
                }
            }
            return line;
        } catch (JacksonException e) {
            String message = e.getOriginalMessage();
            // (a string cannot span lines: one left open ends the text on its own line)
            if (message == null || !message.startsWith("Unexpected end-of-input") || message.contains("closing quote")) {
                return line;
            }
            return open.size() > 1 ? open.getLast() : line;
        }
    }
}
