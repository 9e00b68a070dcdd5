package dev.nucleus.domain.policy;

import dev.nucleus.domain.value.AsciiText;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Helpers for validating an already-parsed document (maps, lists, strings, numbers). */
final class PolicyDocument {
    private PolicyDocument() {
    }

    /** Adds a problem for every key of {@code table} not in {@code known}, with the nearest known key. */
    static void unknownKeys(String where, Map<?, ?> table, Set<String> known, List<String> problems) {
        TreeSet<String> keys = new TreeSet<>();
        for (Object key : table.keySet()) {
            keys.add(String.valueOf(key));
        }
        for (String key : keys) {
            if (!known.contains(String.valueOf(key))) {
                problems.add(where + "unknown key \"" + key + "\""
                        + nearest(String.valueOf(key), known).map(n -> " (did you mean \"" + n + "\"?)").orElse(""));
            }
        }
    }

    /** A list of strings, or a problem (and empty). */
    static List<String> strings(String where, Object value, List<String> problems) {
        if (!(value instanceof List<?> list)) {
            problems.add(where + "must be a list of strings, not " + describe(value));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object item : list) {
            if (item instanceof String s) {
                out.add(s);
            } else {
                problems.add(where + "must be a list of strings; found " + describe(item));
            }
        }
        return out;
    }

    static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof Map<?, ?>) {
            return "a table";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        if (value instanceof String s) {
            return "the string \"" + s + "\"";
        }
        return "the value " + value;
    }

    /** The candidate closest by edit distance, when it is close enough to be a plausible typo. */
    static Optional<String> nearest(String word, Collection<String> candidates) {
        String w = AsciiText.lowerCase(word);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(w, AsciiText.lowerCase(c));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best != null && bestDistance <= Math.max(2, w.length() / 2) ? Optional.of(best) : Optional.empty();
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
