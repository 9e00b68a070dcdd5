package dev.nucleus.cli.run;

import dev.nucleus.cli.common.GlobalOption;
import dev.nucleus.cli.common.GlobalSettings;
import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.value.EnvVar;
import dev.nucleus.ports.out.LaunchSecrets;
import dev.nucleus.linux.json.JsonReader;
import dev.nucleus.linux.json.JsonText;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a supervisor needs to run the launch the command line asked for: the container id
 * already printed, the raw request exactly as given (resolved again, identically, by the
 * supervisor), the global options, and the --env-fd secrets. The document lives in a 0600 file
 * read once; the secrets go with it only to a supervisor that cannot take a pipe (systemd's),
 * else apart ({@link #secretsJson}), through the supervisor's stdin, and never touch a file.
 */
public record LaunchDocument(String id, String command, RawLaunchRequest request, GlobalSettings globals,
                             LaunchSecrets secrets) {
    private static final int VERSION = 1;
    private static final String WRONG_TYPE = "the launch document has a value of the wrong type";

    // Written and read without Jackson: both ends are fresh JVMs on a detached start, where
    // building its databind costs tens of milliseconds each.
    public byte[] toJson() {
        return toJson(true);
    }

    /**
     * @param withSecrets false: the document says its secrets come on the supervisor's stdin
     *                    ({@link #secretsJson}) instead of holding them
     */
    public byte[] toJson(boolean withSecrets) {
        JsonText json = JsonText.compact().put("version", VERSION).put("id", id).put("command", command)
                .put("origin", request.origin().name()).startObject("values");
        request.values().forEach((option, list) -> json.putStrings(option.name(), list));
        json.endObject().startObject("key_names"); // a topology's names for its options, for messages
        request.keyNames().forEach((option, key) -> json.put(option.name(), key));
        json.endObject().putStrings("workload", request.command()).startObject("globals");
        globals.values().forEach((option, value) -> json.put(option.name(), value));
        json.endObject();
        if (!withSecrets) {
            return json.put(SECRETS_ON_STDIN, true).finish().getBytes(StandardCharsets.UTF_8);
        }
        return putSecrets(json).finish().getBytes(StandardCharsets.UTF_8);
    }

    /** The secrets alone, for a supervisor's stdin when the document says they come there. */
    public byte[] secretsJson() {
        return putSecrets(JsonText.compact()).finish().getBytes(StandardCharsets.UTF_8);
    }

    private JsonText putSecrets(JsonText json) {
        List<Map<String, String>> env = new ArrayList<>();
        for (EnvVar e : secrets.environment()) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("key", e.key());
            entry.put("value", e.value());
            env.add(entry);
        }
        return json.putObjects("secret_env", env);
    }

    private static final String SECRETS_ON_STDIN = "secret_env_on_stdin";

    /** The document; an IllegalArgumentException names what is wrong (never a value: some are secrets). */
    public static LaunchDocument fromJson(byte[] json) {
        return fromJson(json, () -> {
            throw new IllegalArgumentException("the launch document's secrets come on stdin, which was not read");
        });
    }

    /**
     * The document, its secrets read from {@code stdin} (once, called only) when it says they come
     * there ({@link #toJson(boolean) toJson(false)}).
     */
    public static LaunchDocument fromJson(byte[] json, java.util.function.Supplier<byte[]> stdin) {
        Map<?, ?> document = parse(json, "the launch document") instanceof Map<?, ?> m ? m : Map.of();
        Object version = document.get("version");
        if (!(version instanceof Long v) || v != VERSION) {
            throw new IllegalArgumentException("the launch document has version "
                    + (version instanceof Long || version instanceof Double ? version : "(none)") + ", expected "
                    + VERSION);
        }
        Map<?, ?> secrets = Boolean.TRUE.equals(document.get(SECRETS_ON_STDIN))
                ? object(parse(stdin.get(), "the launch's secrets on stdin")) : document;
        return read(document, secrets);
    }

    private static Object parse(byte[] json, String what) {
        try {
            return JsonReader.read(new String(json, StandardCharsets.UTF_8));
        } catch (JsonReader.Malformed e) {
            throw new IllegalArgumentException(what + " is not valid JSON");
        }
    }

    private static LaunchDocument read(Map<?, ?> root, Map<?, ?> secrets) {
        Map<LaunchOption, List<String>> values = new EnumMap<>(LaunchOption.class);
        for (Map.Entry<?, ?> field : object(root.get("values")).entrySet()) {
            values.put(LaunchOption.valueOf((String) field.getKey()), strings(field.getValue()));
        }
        Map<LaunchOption, String> keyNames = new EnumMap<>(LaunchOption.class);
        if (root.containsKey("key_names")) {
            for (Map.Entry<?, ?> field : object(root.get("key_names")).entrySet()) {
                keyNames.put(LaunchOption.valueOf((String) field.getKey()), string(field.getValue()));
            }
        }
        RawLaunchRequest request = new RawLaunchRequest(values, strings(root.get("workload")),
                RawLaunchRequest.Origin.valueOf(string(root.get("origin"))), keyNames);
        Map<GlobalOption, String> globals = new EnumMap<>(GlobalOption.class);
        for (Map.Entry<?, ?> field : object(root.get("globals")).entrySet()) {
            globals.put(GlobalOption.valueOf((String) field.getKey()), string(field.getValue()));
        }
        List<EnvVar> env = new ArrayList<>();
        for (Object e : list(secrets.get("secret_env"))) {
            Map<?, ?> entry = object(e);
            env.add(new EnvVar(string(entry.get("key")), string(entry.get("value"))));
        }
        return new LaunchDocument(string(root.get("id")), string(root.get("command")), request,
                new GlobalSettings(globals), new LaunchSecrets(env));
    }

    private static Map<?, ?> object(Object value) {
        if (value instanceof Map<?, ?> m) {
            return m;
        }
        throw new IllegalArgumentException(WRONG_TYPE);
    }

    private static List<?> list(Object value) {
        if (value instanceof List<?> l) {
            return l;
        }
        throw new IllegalArgumentException(WRONG_TYPE);
    }

    private static String string(Object value) {
        if (value instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(WRONG_TYPE);
    }

    private static List<String> strings(Object array) {
        List<String> out = new ArrayList<>();
        for (Object n : list(array)) {
            out.add(string(n));
        }
        return out;
    }

    @Override
    public String toString() {
        return "LaunchDocument[" + id + ", " + secrets + "]";
    }
}
