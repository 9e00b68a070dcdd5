package dev.nucleus.linux.state;

import dev.nucleus.domain.lifecycle.CgroupPlacement;
import dev.nucleus.domain.lifecycle.ContainerFacts;
import dev.nucleus.domain.lifecycle.ContainerProcess;
import dev.nucleus.domain.lifecycle.ContainerState;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A container's state file ({@code state.json}): {@code status} names the lifecycle state, the
 * other keys are that state's data. Version 1; an unknown status or version is refused.
 */
public final class StateJson {
    static final int VERSION = 1;
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private StateJson() {
    }

    public static String write(ContainerState state) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", VERSION);
        root.put("status", status(state));
        facts(root.putObject("container"), state.facts());
        switch (state) {
            case ContainerState.Creating c -> {
            }
            case ContainerState.Created c -> {
                process(root, c.pid());
                cgroup(root, c.cgroup());
            }
            case ContainerState.Running r -> running(root, r);
            case ContainerState.Stopping s -> running(root, s.running());
            case ContainerState.Stopped s -> {
                SecurityJson.write(root.putObject("security"), s.security());
                root.put("started_ms", s.startedMillis());
                exit(root.putObject("exit"), s.exit());
            }
            case ContainerState.Failed f -> root.put("reason", f.reason());
        }
        return MAPPER.writeValueAsString(root) + "\n";
    }

    public static ContainerState read(String json) {
        JsonNode root = MAPPER.readTree(json);
        JsonNode version = root.get("version");
        if (version == null || !version.isInt() || version.intValue() != VERSION) {
            throw new IllegalArgumentException("unknown state file version " + version);
        }
        ContainerFacts facts = facts(root.get("container"));
        return switch (root.get("status").asString()) {
            case "creating" -> ContainerState.creating(facts);
            case "created" -> ContainerState.creating(facts).created(process(root), cgroup(root));
            case "running" -> running(root, facts);
            case "stopping" -> running(root, facts).stopping();
            case "stopped" -> new ContainerState.Stopped(facts, SecurityJson.read(root.get("security")),
                    root.get("started_ms").asLong(), exit(root.get("exit")));
            case "failed" -> ContainerState.creating(facts).failed(root.get("reason").asString());
            default -> throw new IllegalArgumentException("unknown status " + root.get("status"));
        };
    }

    static String status(ContainerState state) {
        return switch (state) {
            case ContainerState.Creating c -> "creating";
            case ContainerState.Created c -> "created";
            case ContainerState.Running r -> "running";
            case ContainerState.Stopping s -> "stopping";
            case ContainerState.Stopped s -> "stopped";
            case ContainerState.Failed f -> "failed";
        };
    }

    private static void running(ObjectNode root, ContainerState.Running r) {
        process(root, r.pid());
        cgroup(root, r.cgroup());
        SecurityJson.write(root.putObject("security"), r.security());
        root.put("started_ms", r.startedMillis());
    }

    private static ContainerState.Running running(JsonNode root, ContainerFacts facts) {
        return ContainerState.creating(facts).created(process(root), cgroup(root))
                .started(SecurityJson.read(root.get("security")), root.get("started_ms").asLong());
    }

    private static void cgroup(ObjectNode root, CgroupPlacement c) {
        ObjectNode node = root.putObject("cgroup");
        node.put("path", c.path());
        ObjectNode dirs = node.putObject("directories");
        c.directories().forEach(dirs::put);
    }

    private static CgroupPlacement cgroup(JsonNode root) {
        JsonNode node = root.get("cgroup");
        Map<String, String> dirs = new LinkedHashMap<>();
        node.get("directories").properties().forEach(e -> dirs.put(e.getKey(), e.getValue().asString()));
        return new CgroupPlacement(node.get("path").asString(), dirs);
    }

    private static void process(ObjectNode root, ContainerProcess p) {
        root.put("pid", p.pid());
        root.put("pid_start_time", p.startTime());
    }

    private static ContainerProcess process(JsonNode root) {
        return new ContainerProcess(root.get("pid").asLong(), root.get("pid_start_time").asLong());
    }

    private static void exit(ObjectNode node, ContainerState.Exit e) {
        node.put("code", e.code());
        node.put("finished_ms", e.finishedMillis());
        node.put("oom_killed", e.oomKilled());
    }

    private static ContainerState.Exit exit(JsonNode n) {
        return new ContainerState.Exit(n.get("code").asInt(), n.get("finished_ms").asLong(),
                n.get("oom_killed").asBoolean());
    }

    private static void facts(ObjectNode c, ContainerFacts f) {
        c.put("id", f.id());
        c.put("name", f.name());
        c.put("owner_uid", f.ownerUid());
        c.put("created_ms", f.createdMillis());
        f.command().forEach(c.putArray("command")::add);
        c.put("mode", f.mode());
        c.put("runtime", f.runtime());
        c.put("bundle", f.bundle());
        c.put("ephemeral", f.ephemeral());
        ObjectNode a = c.putObject("annotations");
        f.annotations().forEach(a::put);
    }

    private static ContainerFacts facts(JsonNode c) {
        Map<String, String> annotations = new LinkedHashMap<>();
        c.get("annotations").properties().forEach(e -> annotations.put(e.getKey(), e.getValue().asString()));
        return new ContainerFacts(c.get("id").asString(), c.get("name").asString(), c.get("owner_uid").asLong(),
                c.get("created_ms").asLong(), SecurityJson.strings(c.get("command")), c.get("mode").asString(),
                c.get("runtime").asString(), c.get("bundle").asString(), c.get("ephemeral").asBoolean(), annotations);
    }
}
