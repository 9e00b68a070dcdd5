package dev.nucleus.linux.state;

import dev.nucleus.domain.lifecycle.CgroupPlacement;
import dev.nucleus.domain.lifecycle.ContainerFacts;
import dev.nucleus.domain.lifecycle.ContainerProcess;
import dev.nucleus.domain.lifecycle.ContainerState;
import dev.nucleus.linux.json.JsonText;
import dev.nucleus.linux.json.JsonObject;
import dev.nucleus.linux.json.JsonReader;

import java.util.Optional;

/**
 * A container's state file ({@code state.json}): {@code status} names the lifecycle state, the
 * other keys are that state's data. Version 1; an unknown status or version is refused.
 */
public final class StateJson {
    static final int VERSION = 1;

    /** The process readers' patterns (ps, the launch sweeps): compiled when one is read, not by every launch. */
    private StateJson() {
    }

    /**
     * An object last written and the value it was written from: a launch writes its state four
     * times with the same facts object, and created and running carry the same cgroup placement,
     * so each text is made once and put again while the value is the same object.
     */
    private record Written<T>(T value, String json) {
    }

    private static volatile Written<ContainerFacts> lastFacts;
    private static volatile Written<CgroupPlacement> lastCgroup;

    public static String write(ContainerState state) {
        JsonText root = JsonText.indented().put("version", VERSION).put("status", status(state));
        Written<ContainerFacts> written = lastFacts;
        if (written != null && written.value() == state.facts()) {
            root.putWritten("container", written.json());
        } else {
            int from = root.startObjectMarked("container");
            facts(root, state.facts()).endObject();
            lastFacts = new Written<>(state.facts(), root.since(from));
        }
        // instanceof, not a pattern switch: this runs on every start (see StateRecorder)
        if (state instanceof ContainerState.Created c) {
            process(root, c.pid());
            cgroup(root, c.cgroup());
        } else if (state instanceof ContainerState.Running r) {
            running(root, r);
        } else if (state instanceof ContainerState.Stopping s) {
            running(root, s.running());
        } else if (state instanceof ContainerState.Stopped s) {
            SecurityJson.write(root.startObject("security"), s.security()).endObject();
            root.put("started_ms", s.startedMillis());
            exit(root.startObject("exit"), s.exit()).endObject();
        } else if (state instanceof ContainerState.Failed f) {
            root.put("reason", f.reason());
        }
        return root.finish() + "\n";
    }

    /**
     * The status from the header {@link #write} always begins with ({@code "version": 1} then
     * {@code "status"}), without parsing the rest; empty when the text does not begin so.
     */
    public static Optional<String> headerStatus(String json) {
        return StateHeader.status(json, VERSION);
    }

    /**
     * The {@code pid} and {@code pid_start_time} at the top level of a state this version wrote,
     * without a JSON parser: {@link #write} indents, so a top-level key sits alone on its line
     * after exactly two spaces, where a nested key has more and a string value cannot hold a
     * raw newline. Empty when there is none (creating, stopped, failed) or the text is not ours.
     */
    public static Optional<dev.nucleus.domain.lifecycle.ContainerProcess> headerProcess(String json) {
        if (headerStatus(json).isEmpty()) {
            return Optional.empty();
        }
        String pid = topLevelNumber(json, "pid");
        String start = topLevelNumber(json, "pid_start_time");
        if (pid == null || start == null) {
            return Optional.empty();
        }
        return Optional.of(new dev.nucleus.domain.lifecycle.ContainerProcess(Long.parseLong(pid),
                Long.parseLong(start)));
    }

    /**
     * The digits of the first line {@code \n  "KEY" ?: ?(\d{1,18}),?\n} in {@code json} (a
     * top-level number as {@link #write} indents it), else null. By hand: a bridged launch asks
     * this of every other container, and a regex compiled cold costs a start some milliseconds.
     */
    static String topLevelNumber(String json, String key) {
        String opening = "\n  \"" + key + "\"";
        for (int at = json.indexOf(opening); at >= 0; at = json.indexOf(opening, at + 1)) {
            int i = at + opening.length();
            i = skipOne(json, i, ' ');
            if (i >= json.length() || json.charAt(i) != ':') {
                continue;
            }
            i = skipOne(json, i + 1, ' ');
            int digits = i;
            while (i < json.length() && i - digits < 18 && json.charAt(i) >= '0' && json.charAt(i) <= '9') {
                i++;
            }
            int end = i;
            i = skipOne(json, i, ',');
            if (end > digits && i < json.length() && json.charAt(i) == '\n') {
                return json.substring(digits, end);
            }
        }
        return null;
    }

    private static int skipOne(String text, int i, char c) {
        return i < text.length() && text.charAt(i) == c ? i + 1 : i;
    }

    /**
     * The state a file holds (read without Jackson, whose databind costs every management command
     * tens of milliseconds to build); an IllegalArgumentException says what is wrong with it.
     */
    public static ContainerState read(String json) {
        JsonObject root;
        try {
            root = JsonObject.parse(json);
        } catch (JsonReader.Malformed e) {
            throw new IllegalArgumentException("not JSON (" + e.getMessage() + ")");
        }
        Object version = root.members().get("version");
        if (!(version instanceof Long v) || v != VERSION) {
            throw new IllegalArgumentException("unknown state file version " + (version instanceof Long ? version
                    : "null"));
        }
        ContainerFacts facts = facts(root.object("container"));
        String status = root.string("status");
        return switch (status) {
            case "creating" -> ContainerState.creating(facts);
            case "created" -> ContainerState.creating(facts).created(process(root), cgroup(root));
            case "running" -> running(root, facts);
            case "stopping" -> running(root, facts).stopping();
            case "stopped" -> new ContainerState.Stopped(facts, SecurityJson.read(root.object("security")),
                    root.longValue("started_ms"), exit(root.object("exit")));
            case "failed" -> ContainerState.creating(facts).failed(root.string("reason"));
            default -> throw new IllegalArgumentException("unknown status \"" + status + "\"");
        };
    }

    static String status(ContainerState state) {
        return state instanceof ContainerState.Stopping ? "stopping"
                : state instanceof ContainerState.Failed ? "failed" : state.ociStatus();
    }

    private static void running(JsonText root, ContainerState.Running r) {
        process(root, r.pid());
        cgroup(root, r.cgroup());
        SecurityJson.write(root.startObject("security"), r.security()).endObject();
        root.put("started_ms", r.startedMillis());
    }

    private static ContainerState.Running running(JsonObject root, ContainerFacts facts) {
        return ContainerState.creating(facts).created(process(root), cgroup(root))
                .started(SecurityJson.read(root.object("security")), root.longValue("started_ms"));
    }

    /** {@code observed} only when there is one (a gVisor sandbox's): a native state file is as before. */
    private static void cgroup(JsonText root, CgroupPlacement c) {
        Written<CgroupPlacement> written = lastCgroup;
        if (written != null && written.value() == c) {
            root.putWritten("cgroup", written.json());
            return;
        }
        int from = root.startObjectMarked("cgroup");
        root.put("path", c.path()).putMap("directories", new java.util.TreeMap<>(c.directories()));
        if (!c.observed().isEmpty()) {
            root.putMap("observed", new java.util.TreeMap<>(c.observed()));
        }
        root.endObject();
        lastCgroup = new Written<>(c, root.since(from));
    }

    private static CgroupPlacement cgroup(JsonObject root) {
        JsonObject node = root.object("cgroup");
        return new CgroupPlacement(node.string("path"), node.stringMap("directories"),
                node.optionalObject("observed").isPresent() ? node.stringMap("observed") : java.util.Map.of());
    }

    private static void process(JsonText root, ContainerProcess p) {
        root.put("pid", p.pid()).put("pid_start_time", p.startTime());
    }

    private static ContainerProcess process(JsonObject root) {
        return new ContainerProcess(root.longValue("pid"), root.longValue("pid_start_time"));
    }

    private static JsonText exit(JsonText node, ContainerState.Exit e) {
        return node.put("code", e.code()).put("finished_ms", e.finishedMillis()).put("oom_killed", e.oomKilled());
    }

    private static ContainerState.Exit exit(JsonObject n) {
        return new ContainerState.Exit(n.intValue("code"), n.longValue("finished_ms"), n.bool("oom_killed"));
    }

    private static JsonText facts(JsonText c, ContainerFacts f) {
        return c.put("id", f.id()).put("name", f.name()).put("owner_uid", f.ownerUid())
                .put("created_ms", f.createdMillis()).putStrings("command", f.command()).put("mode", f.mode())
                .put("runtime", f.runtime()).put("bundle", f.bundle()).put("ephemeral", f.ephemeral())
                .putMap("annotations", new java.util.TreeMap<>(f.annotations()));
    }

    private static ContainerFacts facts(JsonObject c) {
        return new ContainerFacts(c.string("id"), c.string("name"), c.longValue("owner_uid"), c.longValue("created_ms"),
                c.strings("command"), c.string("mode"), c.string("runtime"), c.string("bundle"), c.bool("ephemeral"),
                c.stringMap("annotations"));
    }
}
