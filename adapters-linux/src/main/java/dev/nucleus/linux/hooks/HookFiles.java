package dev.nucleus.linux.hooks;

import dev.nucleus.domain.hooks.Hook;
import dev.nucleus.domain.hooks.HookPoint;
import dev.nucleus.domain.hooks.Hooks;
import dev.nucleus.ports.PolicyRejectedException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Reads {@code --hooks FILE}: OCI's {@code hooks} object ({@code createRuntime}, {@code
 * createContainer}, {@code startContainer}, {@code poststart}, {@code poststop}; the deprecated
 * {@code prestart} runs with createRuntime, as runc does), either alone or as the {@code hooks}
 * member of a config.json. Each hook: {@code path} (absolute), {@code args}, {@code env}
 * ({@code KEY=VALUE}), {@code timeout} (seconds, at least 1). Anything else is refused (exit 2)
 * naming the file and the JSON path.
 */
public final class HookFiles {
    static final int MAX_BYTES = 1 << 20;
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*", Pattern.DOTALL);

    private HookFiles() {
    }

    public static Hooks load(Path file) throws PolicyRejectedException {
        JsonNode root;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw rejected(file, "", "larger than " + MAX_BYTES + " bytes");
            }
            root = MAPPER.readTree(Files.readString(file));
        } catch (IOException e) {
            throw rejected(file, "", "cannot be read: " + e.getMessage());
        } catch (JacksonException e) {
            throw rejected(file, "", "not JSON: " + e.getOriginalMessage());
        }
        if (root != null && root.isObject() && root.has("hooks")) {
            root = root.get("hooks");
        }
        if (root == null || !root.isObject()) {
            throw rejected(file, "", "expected an object of hook lists (createRuntime, createContainer, ...)");
        }
        Map<HookPoint, List<Hook>> byPoint = new EnumMap<>(HookPoint.class);
        for (String key : root.propertyNames()) {
            HookPoint point = point(file, key);
            JsonNode list = root.get(key);
            if (!list.isArray()) {
                throw rejected(file, key, "expected an array of hooks");
            }
            for (int i = 0; i < list.size(); i++) {
                byPoint.computeIfAbsent(point, p -> new ArrayList<>()).add(hook(file, key + "[" + i + "]", list.get(i)));
            }
        }
        return new Hooks(byPoint);
    }

    private static HookPoint point(Path file, String key) throws PolicyRejectedException {
        if (key.equals("prestart")) {
            return HookPoint.CREATE_RUNTIME;
        }
        for (HookPoint p : HookPoint.values()) {
            if (p.ociName().equals(key)) {
                return p;
            }
        }
        throw rejected(file, key, "unknown hook point (createRuntime, createContainer, startContainer, poststart,"
                + " poststop)");
    }

    private static Hook hook(Path file, String where, JsonNode node) throws PolicyRejectedException {
        if (!node.isObject()) {
            throw rejected(file, where, "expected an object with path, args, env, timeout");
        }
        for (String key : node.propertyNames()) {
            if (!List.of("path", "args", "env", "timeout").contains(key)) {
                throw rejected(file, where + "." + key, "unknown key");
            }
        }
        JsonNode path = node.get("path");
        if (path == null || !path.isString() || !path.asString().startsWith("/")) {
            throw rejected(file, where + ".path", "an absolute program path is required");
        }
        List<String> args = strings(file, where + ".args", node.get("args"));
        List<String> env = strings(file, where + ".env", node.get("env"));
        for (int i = 0; i < env.size(); i++) {
            if (!ENV.matcher(env.get(i)).matches()) {
                throw rejected(file, where + ".env[" + i + "]", "expected KEY=VALUE");
            }
        }
        OptionalInt timeout = OptionalInt.empty();
        JsonNode t = node.get("timeout");
        if (t != null && !t.isNull()) {
            if (!t.isIntegralNumber() || t.asLong() < 1 || t.asLong() > 86_400) {
                throw rejected(file, where + ".timeout", "expected whole seconds, 1 to 86400");
            }
            timeout = OptionalInt.of(t.asInt());
        }
        return new Hook(path.asString(), args, env, timeout);
    }

    private static List<String> strings(Path file, String where, JsonNode node) throws PolicyRejectedException {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            throw rejected(file, where, "expected an array of strings");
        }
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isString()) {
                throw rejected(file, where + "[" + i + "]", "expected a string");
            }
            out.add(node.get(i).asString());
        }
        return out;
    }

    private static PolicyRejectedException rejected(Path file, String where, String why) {
        return new PolicyRejectedException("--hooks " + file + (where.isEmpty() ? "" : ": " + where) + ": " + why);
    }
}
