package dev.nucleus.cli.run;

import dev.nucleus.cli.common.GlobalOption;
import dev.nucleus.cli.common.GlobalSettings;
import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.value.EnvVar;
import dev.nucleus.ports.out.LaunchSecrets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a supervisor needs to run the launch the command line asked for: the container id
 * already printed, the raw request exactly as given (resolved again, identically, by the
 * supervisor), the global options, and the --env-fd secrets, which is why this document only
 * ever lives in a 0600 file read once.
 */
public record LaunchDocument(String id, String command, RawLaunchRequest request, GlobalSettings globals,
                             LaunchSecrets secrets) {
    private static final int VERSION = 1;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        root.put("id", id);
        root.put("command", command);
        root.put("origin", request.origin().name());
        ObjectNode values = root.putObject("values");
        request.values().forEach((option, list) -> strings(values.putArray(option.name()), list));
        strings(root.putArray("workload"), request.command());
        ObjectNode g = root.putObject("globals");
        globals.values().forEach((option, value) -> g.put(option.name(), value));
        ArrayNode env = root.putArray("secret_env");
        secrets.environment().forEach(e -> env.addObject().put("key", e.key()).put("value", e.value()));
        return JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
    }

    /** The document; an IllegalArgumentException names what is wrong (never a value: some are secrets). */
    public static LaunchDocument fromJson(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(new String(json, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the launch document is not valid JSON");
        }
        if (root.path("version").asInt(-1) != VERSION) {
            throw new IllegalArgumentException("the launch document has version " + root.path("version")
                    + ", expected " + VERSION);
        }
        try {
            return read(root);
        } catch (JacksonException e) {
            // never e's message: it may quote a value
            throw new IllegalArgumentException("the launch document has a value of the wrong type");
        }
    }

    private static LaunchDocument read(JsonNode root) {
        Map<LaunchOption, List<String>> values = new EnumMap<>(LaunchOption.class);
        for (var field : root.path("values").properties()) {
            values.put(LaunchOption.valueOf(field.getKey()), strings(field.getValue()));
        }
        RawLaunchRequest request = new RawLaunchRequest(values, strings(root.path("workload")),
                RawLaunchRequest.Origin.valueOf(root.path("origin").asString()));
        Map<GlobalOption, String> globals = new EnumMap<>(GlobalOption.class);
        for (var field : root.path("globals").properties()) {
            globals.put(GlobalOption.valueOf(field.getKey()), field.getValue().asString());
        }
        List<EnvVar> env = new ArrayList<>();
        for (JsonNode e : root.path("secret_env")) {
            env.add(new EnvVar(e.path("key").asString(), e.path("value").asString()));
        }
        return new LaunchDocument(root.path("id").asString(), root.path("command").asString(), request,
                new GlobalSettings(globals), new LaunchSecrets(env));
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    @Override
    public String toString() {
        return "LaunchDocument[" + id + ", " + secrets + "]";
    }
}
