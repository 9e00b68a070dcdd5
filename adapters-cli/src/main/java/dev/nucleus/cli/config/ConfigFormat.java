package dev.nucleus.cli.config;

/** The two config-document syntaxes. */
public enum ConfigFormat {
    TOML, JSON;

    /** By file extension; {@code null} when the name says nothing. */
    static ConfigFormat byFileName(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
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
