package dev.nucleus.cli.config;

import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.Problem;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.linux.json.JsonReader;
import dev.nucleus.linux.text.TextPositions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

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
        if (f == ConfigFormat.JSON) {
            JsonReader.Placed doc;
            try {
                doc = JsonReader.readPlaced(text);
            } catch (JsonReader.Malformed e) {
                throw new ConfigDocumentException(List.of(new Problem(source + ":" + KeyLines.jsonErrorLine(text, e),
                        "not valid JSON: " + e.what() + " (column " + TextPositions.column(text, e.offset()) + ")")));
            }
            return fromTree(doc.value(), new Places(text, f, source, doc));
        }
        return fromTree(TomlTree.read(text, source), new Places(text, f, source, null));
    }

    /**
     * Problems found once the request is checked, each placed in the document: its subject (such
     * as {@code key 'memory'}) gets the document's name and, where it names a key, that key's line.
     */
    public static List<Problem> locate(List<Problem> problems, String text, String source, ConfigFormat format) {
        ConfigFormat f = format != null ? format : ConfigFormat.sniff(text);
        // A JSON document is read once, for its tree and its places; TOML's tree only if a key needs it.
        JsonReader.Placed json = f == ConfigFormat.JSON ? placedOrNull(text) : null;
        Places places = new Places(text, f, source, json);
        Object root = null;
        List<Problem> out = new ArrayList<>();
        for (Problem p : problems) {
            String subject = p.subject();
            String key = subject.startsWith("key '") && subject.endsWith("'")
                    ? subject.substring(5, subject.length() - 1) : null;
            String where = source;
            if (key != null) {
                if (root == null) {
                    root = f != ConfigFormat.JSON ? TomlTree.readOrEmpty(text) : json != null ? json.value() : Map.of();
                }
                where = RefusedElement.index(DocumentTree.member(root, key), p.message())
                        .map(index -> places.of(key, Integer.toString(index))).orElse(places.of(key));
            }
            out.add(new Problem(where + ": " + subject, p.message()));
        }
        return out;
    }

    /** The JSON document as read, or null if it does not read (it did, before its checks). */
    private static JsonReader.Placed placedOrNull(String text) {
        try {
            return JsonReader.readPlaced(text);
        } catch (JsonReader.Malformed e) {
            return null;
        }
    }

    /**
     * Where a document sets its keys, named in messages (looked up only for a problem); {@code
     * json} is a JSON document as read (null for TOML, or JSON that did not read: no places).
     */
    private record Places(String text, ConfigFormat format, String source, JsonReader.Placed json) {
        /**
         * {@code source:line} for a key (a top-level key, then a key of its table or an array
         * index) the document sets, else {@code source}.
         */
        String of(String... path) {
            OptionalInt line = format != ConfigFormat.JSON ? TomlPlaces.scan(text).line(List.of(path))
                    : json != null ? KeyLines.json(text, json, List.of(path)) : OptionalInt.empty();
            return line.isPresent() ? source + ":" + line.getAsInt() : source;
        }
    }

    private static RawLaunchRequest fromTree(Object tree, Places where) throws ConfigDocumentException {
        if (!(tree instanceof Map<?, ?> root)) {
            throw new ConfigDocumentException(List.of(new Problem(where.source(),
                    "expected a " + where.format() + " table of options")));
        }
        List<Problem> problems = new ArrayList<>();
        // TreeMaps, not EnumMaps: an EnumMap reads its enum's constants by reflection at first use (cold)
        Map<LaunchOption, List<String>> values = new TreeMap<>();
        Map<LaunchOption, String> keyUsed = new TreeMap<>();
        List<String> command = List.of();
        for (Map.Entry<?, ?> field : root.entrySet()) {
            String key = (String) field.getKey();
            Object node = field.getValue();
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

    private static List<String> command(Object node, Places places, List<Problem> problems) {
        if (!(node instanceof List<?> elements) || elements.isEmpty()) {
            problems.add(new Problem(places.of(LaunchOption.COMMAND_KEY), "key 'command' must be a non-empty array of strings, e.g. [\"/bin/sh\", \"-c\", \"echo hi\"]"));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object n : elements) {
            if (!(n instanceof String s)) {
                problems.add(new Problem(places.of(LaunchOption.COMMAND_KEY, Integer.toString(out.size())),
                        "key 'command' must contain only strings"));
                return List.of();
            }
            out.add(s);
        }
        return out;
    }

    /** The option's values as text, or null after recording a problem. */
    private static List<String> values(LaunchOption o, String key, Object node, Places places,
            List<Problem> problems) {
        String where = "key '" + key + "'";
        switch (o.arity()) {
            case FLAG -> {
                if (!(node instanceof Boolean b)) {
                    problems.add(new Problem(places.of(key), where + " must be true or false"));
                    return null;
                }
                return List.of(Boolean.toString(b));
            }
            case VALUE -> {
                if (!DocumentTree.isScalar(node)) {
                    problems.add(new Problem(places.of(key), where + " takes one value (a string or number), not "
                            + DocumentTree.describe(node)));
                    return null;
                }
                return List.of(DocumentTree.scalarText(node));
            }
            case LIST -> {
                if (o == LaunchOption.ENV && node instanceof Map<?, ?> table) {
                    return envTable(table, key, places, problems);
                }
                if (DocumentTree.isScalar(node)) {
                    return List.of(DocumentTree.scalarText(node));
                }
                if (!(node instanceof List<?> elements)) {
                    problems.add(new Problem(places.of(key), where + " takes an array of strings, not " + DocumentTree.describe(node)));
                    return null;
                }
                List<String> out = new ArrayList<>();
                for (Object n : elements) {
                    if (!DocumentTree.isScalar(n)) {
                        problems.add(new Problem(places.of(key, Integer.toString(out.size())),
                                where + " must contain only strings or numbers"));
                        return null;
                    }
                    out.add(DocumentTree.scalarText(n));
                }
                return out;
            }
        }
        throw new AssertionError(o.arity());
    }

    /** {@code env_vars = { KEY = "value" }} is accepted besides {@code ["KEY=value"]}. */
    private static List<String> envTable(Map<?, ?> table, String key, Places places, List<Problem> problems) {
        String where = "key '" + key + "'";
        List<String> out = new ArrayList<>();
        for (Map.Entry<?, ?> e : table.entrySet()) {
            if (!DocumentTree.isScalar(e.getValue())) {
                problems.add(new Problem(places.of(key, (String) e.getKey()),
                        where + ": the value of " + e.getKey() + " must be a string"));
                return null;
            }
            out.add(e.getKey() + "=" + DocumentTree.scalarText(e.getValue()));
        }
        return out;
    }

    /** Format from the file name, else sniffed from the content. */
    public static ConfigFormat formatFor(String fileName) {
        return ConfigFormat.byFileName(fileName);
    }
}
