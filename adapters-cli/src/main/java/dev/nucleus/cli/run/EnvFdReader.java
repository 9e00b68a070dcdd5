package dev.nucleus.cli.run;

import dev.nucleus.domain.launch.InvalidRequestException;
import dev.nucleus.domain.launch.Problem;
import dev.nucleus.domain.value.EnvVar;
import dev.nucleus.domain.value.InvalidValueException;
import dev.nucleus.linux.json.JsonReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code --env-fd N}: a JSON object {@code {"KEY": "value"}} or an array of {@code "KEY=value"}
 * strings. Errors name the key, never a value; the raw bytes are zeroed once parsed.
 */
final class EnvFdReader {
    private static final String SUBJECT = "--env-fd";

    private EnvFdReader() {
    }

    /** Reads and parses the fd behind {@code fdPath} (a {@code /proc/self/fd} path the caller passed). */
    static List<EnvVar> read(Path fdPath) throws InvalidRequestException {
        byte[] raw;
        try {
            raw = Files.readAllBytes(fdPath);
        } catch (IOException e) {
            throw new InvalidRequestException(new Problem(SUBJECT, "cannot read " + fdPath + ": " + e.getMessage()));
        }
        try {
            // strict: a key set twice is refused (naming the key, never a value), as in a config document
            return parse(JsonReader.readStrict(JsonReader.utf8(raw)));
        } catch (JsonReader.Malformed e) {
            throw new InvalidRequestException(new Problem(SUBJECT, e.what().endsWith(" is set twice")
                    ? e.what().replace("the member", "the key") + ": give each key once"
                    : "expected a JSON object or an array of KEY=VALUE"));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private static List<EnvVar> parse(Object root) throws InvalidRequestException {
        List<String> entries = new ArrayList<>();
        if (root instanceof Map<?, ?> table) {
            for (Map.Entry<?, ?> e : table.entrySet()) {
                if (!(e.getValue() instanceof String value)) {
                    throw new InvalidRequestException(new Problem(SUBJECT, "the value of " + e.getKey()
                            + " must be a string"));
                }
                entries.add(e.getKey() + "=" + value);
            }
        } else if (root instanceof List<?> array) {
            for (Object n : array) {
                if (!(n instanceof String entry)) {
                    throw new InvalidRequestException(new Problem(SUBJECT, "array entries must be KEY=VALUE strings"));
                }
                entries.add(entry);
            }
        } else {
            throw new InvalidRequestException(new Problem(SUBJECT, "expected a JSON object or an array of KEY=VALUE"));
        }
        List<Problem> problems = new ArrayList<>();
        List<EnvVar> out = new ArrayList<>();
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            String key = eq < 0 ? "(no key)" : entry.substring(0, eq);
            try {
                EnvVar v = EnvVar.parse(entry);
                if (!keys.add(v.key())) {
                    problems.add(new Problem(SUBJECT, "the key \"" + key + "\" is set twice: give each key once"));
                } else if (v.isLoaderInjection()) {
                    problems.add(new Problem(SUBJECT, "key " + key + " can inject code into every program and is refused"));
                } else {
                    out.add(v);
                }
            } catch (InvalidValueException e) {
                problems.add(new Problem(SUBJECT, "key " + key + ": " + e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return out;
    }
}
