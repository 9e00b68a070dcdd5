package dev.nucleus.cli.config;

import dev.nucleus.domain.value.AsciiText;

/** The two config-document syntaxes. */
public enum ConfigFormat {
    TOML, JSON;

    /** By file extension; {@code null} when the name says nothing. */
    static ConfigFormat byFileName(String name) {
        String lower = AsciiText.lowerCase(name);
        if (lower.endsWith(".toml")) {
            return TOML;
        }
        if (lower.endsWith(".json")) {
            return JSON;
        }
        return null;
    }

    /** JSON documents start with '{'; anything else is read as TOML. */
    static ConfigFormat sniff(String text) {
        String t = text.stripLeading();
        return t.startsWith("{") ? JSON : TOML;
    }
}
