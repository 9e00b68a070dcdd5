package dev.nucleus.cli.config;

import dev.nucleus.domain.value.AsciiText;
import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.Problem;
import dev.nucleus.domain.launch.RawLaunchRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.toml.TomlMapper;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Reads a launch request from a TOML or JSON document whose keys are the long option names in
 * snake_case plus {@code command}. Unknown keys, wrong value shapes and duplicates are errors that
 * name the key (and the nearest valid key for a typo).
 */
public final class ConfigDocuments {
    private ConfigDocuments() {
    }

    /**
     * Parses {@code text}; {@code source} names the document in messages and {@code format} may be
     * null to detect it (JSON if it starts with '{', else TOML).
     */
    public static RawLaunchRequest parse(String text, String source, ConfigFormat format) throws ConfigDocumentException {
        ConfigFormat f = format != null ? format : ConfigFormat.sniff(text);
        JsonNode root;
        try {
            // TOML refuses a key set twice by itself; JSON only when asked
            ObjectMapper mapper = f == ConfigFormat.JSON
                    ? JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build()
                    : TomlMapper.builder().build();
            root = mapper.readTree(text);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at != null && at.getLineNr() > 0 ? source + ":" + errorLine(text, f, at) : source;
            throw new ConfigDocumentException(List.of(new Problem(where,
                    "not valid " + f + ": " + e.getOriginalMessage())));
        }
        if (root == null || !root.isObject()) {
            throw new ConfigDocumentException(List.of(new Problem(source, "expected a " + f + " table of options")));
        }
        return fromTree(root, new Places(text, f, source));
    }

    /** The line of a syntax error, where the parsers' own positions do not name the offending key or value. */
    private static int errorLine(String text, ConfigFormat f, TokenStreamLocation at) {
        return f == ConfigFormat.JSON ? KeyLines.jsonErrorLine(text, at.getLineNr())
                : TomlPlaces.scan(text).errorLine(at.getLineNr(), at.getColumnNr());
    }

    /**
     * Problems found once the request is checked, each placed in the document: its subject (such
     * as {@code key 'memory'}) gets the document's name and, where it names a key, that key's line.
     */
    public static List<Problem> locate(List<Problem> problems, String text, String source, ConfigFormat format) {
        ConfigFormat f = format != null ? format : ConfigFormat.sniff(text);
        Places places = new Places(text, f, source);
        JsonNode root = null;
        List<Problem> out = new ArrayList<>();
        for (Problem p : problems) {
            String subject = p.subject();
            String key = subject.startsWith("key '") && subject.endsWith("'")
                    ? subject.substring(5, subject.length() - 1) : null;
            String where = source;
            if (key != null) {
                if (root == null) {
                    root = readOrEmpty(text, f);
                }
                where = RefusedElement.index(root.path(key), p.message())
                        .map(index -> places.of(key, Integer.toString(index))).orElse(places.of(key));
            }
            out.add(new Problem(where + ": " + subject, p.message()));
        }
        return out;
    }

    /** The document's tree, or an empty table if it does not read (it did, before its checks). */
    private static JsonNode readOrEmpty(String text, ConfigFormat f) {
        try {
            JsonNode root = (f == ConfigFormat.JSON ? JsonMapper.builder().build() : TomlMapper.builder().build())
                    .readTree(text);
            return root != null ? root : tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        } catch (JacksonException e) {
            return tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
    }

    /** Where a document sets its keys, named in messages (looked up only for a problem). */
    private record Places(String text, ConfigFormat format, String source) {
        /**
         * {@code source:line} for a key (a top-level key, then a key of its table or an array
         * index) the document sets, else {@code source}.
         */
        String of(String... path) {
            OptionalInt line = KeyLines.of(text, format, List.of(path));
            return line.isPresent() ? source + ":" + line.getAsInt() : source;
        }
    }

    private static RawLaunchRequest fromTree(JsonNode root, Places where) throws ConfigDocumentException {
        List<Problem> problems = new ArrayList<>();
        EnumMap<LaunchOption, List<String>> values = new EnumMap<>(LaunchOption.class);
        Map<LaunchOption, String> keyUsed = new EnumMap<>(LaunchOption.class);
        List<String> command = List.of();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String key = field.getKey();
            JsonNode node = field.getValue();
            if (key.equals(LaunchOption.COMMAND_KEY)) {
                command = command(node, where, problems);
                continue;
            }
            var option = LaunchOption.byConfigKey(key);
            if (option.isEmpty()) {
                String hint = Suggestions.nearest(key, LaunchOption.allConfigKeys())
                        .map(s -> " (did you mean '" + s + "'?)").orElse("");
                problems.add(new Problem(where.of(key), "unknown key '" + key + "'" + hint));
                continue;
            }
            LaunchOption o = option.get();
            if (keyUsed.containsKey(o)) {
                problems.add(new Problem(where.of(key), "keys '" + keyUsed.get(o) + "' and '" + key
                        + "' set the same option; keep one"));
                continue;
            }
            keyUsed.put(o, key);
            List<String> texts = values(o, key, node, where, problems);
            if (texts != null) {
                values.put(o, texts);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigDocumentException(problems);
        }
        return new RawLaunchRequest(values, command, RawLaunchRequest.Origin.CONFIG_DOCUMENT);
    }

    private static List<String> command(JsonNode node, Places places, List<Problem> problems) {
        if (!node.isArray() || node.isEmpty()) {
            problems.add(new Problem(places.of(LaunchOption.COMMAND_KEY), "key 'command' must be a non-empty array of strings, e.g. [\"/bin/sh\", \"-c\", \"echo hi\"]"));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isString()) {
                problems.add(new Problem(places.of(LaunchOption.COMMAND_KEY, Integer.toString(out.size())),
                        "key 'command' must contain only strings"));
                return List.of();
            }
            out.add(n.asString());
        }
        return out;
    }

    /** The option's values as text, or null after recording a problem. */
    private static List<String> values(LaunchOption o, String key, JsonNode node, Places places,
            List<Problem> problems) {
        String where = "key '" + key + "'";
        switch (o.arity()) {
            case FLAG -> {
                if (!node.isBoolean()) {
                    problems.add(new Problem(places.of(key), where + " must be true or false"));
                    return null;
                }
                return List.of(Boolean.toString(node.booleanValue()));
            }
            case VALUE -> {
                if (!isScalar(node)) {
                    problems.add(new Problem(places.of(key), where + " takes one value (a string or number), not "
                            + describe(node)));
                    return null;
                }
                return List.of(scalarText(node));
            }
            case LIST -> {
                if (o == LaunchOption.ENV && node.isObject()) {
                    return envTable(node, key, places, problems);
                }
                if (isScalar(node)) {
                    return List.of(scalarText(node));
                }
                if (!node.isArray()) {
                    problems.add(new Problem(places.of(key), where + " takes an array of strings, not " + describe(node)));
                    return null;
                }
                List<String> out = new ArrayList<>();
                for (JsonNode n : node) {
                    if (!isScalar(n)) {
                        problems.add(new Problem(places.of(key, Integer.toString(out.size())),
                                where + " must contain only strings or numbers"));
                        return null;
                    }
                    out.add(scalarText(n));
                }
                return out;
            }
        }
        throw new AssertionError(o.arity());
    }

    /** {@code env_vars = { KEY = "value" }} is accepted besides {@code ["KEY=value"]}. */
    private static List<String> envTable(JsonNode node, String key, Places places, List<Problem> problems) {
        String where = "key '" + key + "'";
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!isScalar(e.getValue())) {
                problems.add(new Problem(places.of(key, e.getKey()),
                        where + ": the value of " + e.getKey() + " must be a string"));
                return null;
            }
            out.add(e.getKey() + "=" + scalarText(e.getValue()));
        }
        return out;
    }

    private static boolean isScalar(JsonNode n) {
        return n.isString() || n.isNumber();
    }

    private static String scalarText(JsonNode n) {
        return n.isString() ? n.asString() : n.numberValue().toString();
    }

    private static String describe(JsonNode n) {
        if (n.isArray()) {
            return "an array";
        }
        if (n.isObject()) {
            return "a table";
        }
        return n.isBoolean() ? "a boolean" : "a " + AsciiText.lowerCase(n.getNodeType().name());
    }

    /** Format from the file name, else sniffed from the content. */
    public static ConfigFormat formatFor(String fileName) {
        return ConfigFormat.byFileName(fileName);
    }
}
