package dev.nucleus.linux.json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reads of one object {@link JsonReader} made: a member that is missing or of another type
 * is an {@link IllegalArgumentException} naming the member, never its value.
 */
public record JsonObject(Map<?, ?> members) {
    /** The document's top-level object. */
    public static JsonObject parse(String text) throws JsonReader.Malformed {
        if (JsonReader.read(text) instanceof Map<?, ?> m) {
            return new JsonObject(m);
        }
        throw new IllegalArgumentException("not a JSON object");
    }

    public String string(String key) {
        if (get(key) instanceof String s) {
            return s;
        }
        throw wrong(key, "a string");
    }

    public long longValue(String key) {
        if (get(key) instanceof Long l) {
            return l;
        }
        throw wrong(key, "an integer");
    }

    public int intValue(String key) {
        long l = longValue(key);
        if (l != (int) l) {
            throw wrong(key, "a 32-bit integer");
        }
        return (int) l;
    }

    public boolean bool(String key) {
        if (get(key) instanceof Boolean b) {
            return b;
        }
        throw wrong(key, "true or false");
    }

    public JsonObject object(String key) {
        if (get(key) instanceof Map<?, ?> m) {
            return new JsonObject(m);
        }
        throw wrong(key, "an object");
    }

    /** Empty when the member is missing or null. */
    public Optional<JsonObject> optionalObject(String key) {
        return absent(key) ? Optional.empty() : Optional.of(object(key));
    }

    /** An array of strings; a missing member is an empty list. */
    public List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        for (Object v : array(key)) {
            if (!(v instanceof String s)) {
                throw wrong(key, "an array of strings");
            }
            out.add(s);
        }
        return out;
    }

    /** An array of integers; empty when the member is missing or null. */
    public Optional<List<Integer>> optionalInts(String key) {
        if (absent(key)) {
            return Optional.empty();
        }
        List<Integer> out = new ArrayList<>();
        for (Object v : array(key)) {
            if (!(v instanceof Long l) || l != l.intValue()) {
                throw wrong(key, "an array of integers");
            }
            out.add(l.intValue());
        }
        return Optional.of(out);
    }

    /** Empty when the member is missing or null. */
    public Optional<Long> optionalLong(String key) {
        return absent(key) ? Optional.empty() : Optional.of(longValue(key));
    }

    /** The members of an object of strings, in document order. */
    public Map<String, String> stringMap(String key) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<?, ?> e : object(key).members().entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw wrong(key, "an object of strings");
            }
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    private List<?> array(String key) {
        Object v = members.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l;
        }
        throw wrong(key, "an array");
    }

    private boolean absent(String key) {
        Object v = members.get(key);
        return v == null || v == JsonReader.NULL;
    }

    private Object get(String key) {
        Object v = members.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no \"" + key + "\"");
        }
        return v;
    }

    private static IllegalArgumentException wrong(String key, String expected) {
        return new IllegalArgumentException("\"" + key + "\" is not " + expected);
    }
}
