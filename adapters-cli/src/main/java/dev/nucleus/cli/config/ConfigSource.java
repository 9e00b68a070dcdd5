package dev.nucleus.cli.config;

import dev.nucleus.domain.launch.Problem;
import dev.nucleus.domain.launch.RawLaunchRequest;

import java.util.List;

/**
 * A config document as read: its text, its name in messages ({@code agent.toml}, {@code
 * --config-fd 3}) and its format (null: sniffed). Kept past parsing so that the problems the
 * request's checks find later can be placed in it too.
 */
public record ConfigSource(String text, String name, ConfigFormat format) {
    public RawLaunchRequest parse() throws ConfigDocumentException {
        return ConfigDocuments.parse(text, name, format);
    }

    /** The checks' problems, each naming this document and, for a key it sets, the key's line. */
    public List<Problem> locate(List<Problem> problems) {
        return ConfigDocuments.locate(problems, text, name, format);
    }
}
