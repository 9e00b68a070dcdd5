package dev.nucleus.linux.hooks;

import dev.nucleus.domain.hooks.Hook;
import dev.nucleus.domain.hooks.HookPoint;
import dev.nucleus.domain.hooks.Hooks;
import dev.nucleus.domain.value.AsciiText;
import dev.nucleus.ports.PolicyRejectedException;
import dev.nucleus.linux.json.JsonReader;
import dev.nucleus.linux.text.TextPositions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

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

    private HookFiles() {
    }

    public static Hooks load(Path file) throws PolicyRejectedException {
        Object root;
        String text = "";
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw rejected(file, "", "larger than " + MAX_BYTES + " bytes");
            }
            text = JsonReader.utf8(Files.readAllBytes(file));
            root = JsonReader.readStrict(text); // a member set twice is refused
        } catch (IOException e) {
            throw rejected(file, "", "cannot be read: " + e.getMessage());
        } catch (JsonReader.Malformed e) {
            throw rejected(file, "", "not JSON: " + e.what() + " at line " + TextPositions.line(text, e.placedAt())
                    + ", column " + TextPositions.column(text, e.placedAt()));
        }
        if (root instanceof Map<?, ?> config && config.containsKey("hooks")) {
            root = config.get("hooks");
        }
        if (!(root instanceof Map<?, ?> points)) {
            throw rejected(file, "", "expected an object of hook lists (createRuntime, createContainer, ...)");
        }
        Map<HookPoint, List<Hook>> byPoint = new TreeMap<>(); // (an EnumMap reflects at first use, cold)
        for (Map.Entry<?, ?> e : points.entrySet()) {
            String key = (String) e.getKey();
            HookPoint point = point(file, key);
            if (!(e.getValue() instanceof List<?> list)) {
                throw rejected(file, key, "expected an array of hooks");
            }
            for (int i = 0; i < list.size(); i++) {
                Hook hook = hook(file, key + "[" + i + "]", list.get(i));
                if (point != HookPoint.START_CONTAINER) {
                    runnableOnTheHost(file, key + "[" + i + "].path", hook.path());
                }
                byPoint.computeIfAbsent(point, p -> new ArrayList<>()).add(hook);
            }
        }
        return new Hooks(byPoint);
    }

    /**
     * Every hook but startContainer's (whose path is the container's, OCI says) runs a program of
     * the host: one that is not there, or cannot run, is the file's mistake (exit 2), found before
     * anything is made rather than when the hook is due (exit 125, the container half-made).
     */
    private static void runnableOnTheHost(Path file, String where, String program) throws PolicyRejectedException {
        Path p = Path.of(program);
        if (!Files.isRegularFile(p)) {
            throw rejected(file, where, program + " is no program on this host (" + (Files.exists(p)
                    ? "not a regular file" : "no such file") + ")");
        }
        if (!Files.isExecutable(p)) {
            throw rejected(file, where, program + " is not executable");
        }
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

    private static Hook hook(Path file, String where, Object value) throws PolicyRejectedException {
        if (!(value instanceof Map<?, ?> node)) {
            throw rejected(file, where, "expected an object with path, args, env, timeout");
        }
        for (Object key : node.keySet()) {
            if (!List.of("path", "args", "env", "timeout").contains(key)) {
                throw rejected(file, where + "." + key, "unknown key");
            }
        }
        if (!(node.get("path") instanceof String path) || !path.startsWith("/")) {
            throw rejected(file, where + ".path", "an absolute program path is required");
        }
        List<String> args = strings(file, where + ".args", node.get("args"));
        List<String> env = strings(file, where + ".env", node.get("env"));
        for (int i = 0; i < env.size(); i++) {
            int eq = env.get(i).indexOf('=');
            if (eq < 1 || !AsciiText.wordCharacters(env.get(i).substring(0, eq), 1, Integer.MAX_VALUE)
                    || AsciiText.digits(env.get(i).substring(0, 1), 1, 1)) {
                throw rejected(file, where + ".env[" + i + "]", "expected KEY=VALUE");
            }
        }
        OptionalInt timeout = OptionalInt.empty();
        Object t = node.get("timeout");
        if (t != null && t != JsonReader.NULL) {
            if (!(t instanceof Long seconds) || seconds < 1 || seconds > 86_400) {
                throw rejected(file, where + ".timeout", "expected whole seconds, 1 to 86400");
            }
            timeout = OptionalInt.of(seconds.intValue());
        }
        return new Hook(path, args, env, timeout);
    }

    private static List<String> strings(Path file, String where, Object node) throws PolicyRejectedException {
        List<String> out = new ArrayList<>();
        if (node == null || node == JsonReader.NULL) {
            return out;
        }
        if (!(node instanceof List<?> list)) {
            throw rejected(file, where, "expected an array of strings");
        }
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s)) {
                throw rejected(file, where + "[" + i + "]", "expected a string");
            }
            out.add(s);
        }
        return out;
    }

    private static PolicyRejectedException rejected(Path file, String where, String why) {
        return new PolicyRejectedException("--hooks " + file + (where.isEmpty() ? "" : ": " + where) + ": " + why);
    }
}
