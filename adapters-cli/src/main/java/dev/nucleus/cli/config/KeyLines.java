package dev.nucleus.cli.config;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

import java.util.OptionalInt;

/**
 * The line a config document sets a top-level key on, so that a message can say {@code file:line}.
 * Only looked for once something is wrong. JSON is read token by token; TOML (whose parser keeps
 * no positions) line by line: a bare, "quoted" or 'quoted' key before the first table header, or a
 * table header naming it.
 */
final class KeyLines {
    private KeyLines() {
    }

    static OptionalInt of(String text, ConfigFormat format, String key) {
        return format == ConfigFormat.JSON ? json(text, key) : toml(text, key);
    }

    private static OptionalInt json(String text, String key) {
        try (JsonParser p = JsonMapper.builder().build().createParser(text)) {
            int depth = 0;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t.isStructStart()) {
                    depth++;
                } else if (t.isStructEnd()) {
                    depth--;
                } else if (t == JsonToken.PROPERTY_NAME && depth == 1 && key.equals(p.currentName())) {
                    return OptionalInt.of(p.currentTokenLocation().getLineNr());
                }
            }
        } catch (JacksonException e) {
            // a position is a courtesy: none for a document that does not read to the end
        }
        return OptionalInt.empty();
    }

    private static OptionalInt toml(String text, String key) {
        String[] lines = text.split("\n", -1);
        boolean topLevel = true;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("[")) {
                topLevel = false;
                String header = line.replaceFirst("^\\[\\[?\\s*", "");
                if (startsWithKey(header, key, "].")) {
                    return OptionalInt.of(i + 1);
                }
            } else if (topLevel && startsWithKey(line, key, "=.")) {
                return OptionalInt.of(i + 1);
            }
        }
        return OptionalInt.empty();
    }

    /** Whether {@code s} begins with {@code key} (bare or quoted), then blanks and one of {@code next}. */
    private static boolean startsWithKey(String s, String key, String next) {
        for (String form : new String[] {key, "\"" + key + "\"", "'" + key + "'"}) {
            if (s.startsWith(form)) {
                String rest = s.substring(form.length()).stripLeading();
                if (!rest.isEmpty() && next.indexOf(rest.charAt(0)) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }
}
