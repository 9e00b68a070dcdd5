package dev.nucleus.cli.config;

import dev.nucleus.domain.launch.Problem;
import dev.nucleus.linux.text.TextPositions;
import dev.nucleus.linux.toml.TomlReader;

import java.util.List;
import java.util.Map;

/** A TOML document (a config document, a topology) read into a {@link DocumentTree}, its syntax errors placed. */
public final class TomlTree {
    private TomlTree() {
    }

    /** The document's tree; a syntax error (a key set twice is one in TOML) is named {@code source:line}. */
    static Map<String, Object> read(String text, String source) throws ConfigDocumentException {
        try {
            return TomlReader.read(text);
        } catch (TomlReader.Malformed e) {
            throw new ConfigDocumentException(List.of(problem(text, source, e)));
        }
    }

    /** {@code source:line: not valid TOML: what}, the line where the construct at fault starts. */
    public static Problem problem(String text, String source, TomlReader.Malformed e) {
        return new Problem(source + ":" + TextPositions.line(text, e.offset()), "not valid TOML: " + e.what());
    }

    /** The document's tree, or an empty table if it does not read (it did, before its checks). */
    public static Map<String, Object> readOrEmpty(String text) {
        try {
            return TomlReader.read(text);
        } catch (TomlReader.Malformed e) {
            return Map.of();
        }
    }
}
