package dev.nucleus.linux.state;

import dev.nucleus.domain.lifecycle.ContainerState;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A container's OCI runtime-spec state ({@code ociVersion}, {@code id}, {@code status},
 * {@code pid} while it has one, {@code bundle}, {@code annotations}): what {@code nucleus state}
 * prints and what hooks read on stdin.
 */
public final class OciState {
    /** The OCI runtime-spec version the state follows. */
    public static final String OCI_VERSION = "1.2.0";
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private OciState() {
    }

    public static String json(ContainerState s) {
        return json(s, java.util.Optional.empty());
    }

    /** As above, with the health verdict as the annotation {@code dev.nucleus.health} where there is one. */
    public static String json(ContainerState s, java.util.Optional<dev.nucleus.domain.event.HealthStatus> health) {
        ObjectNode root = JSON.createObjectNode();
        root.put("ociVersion", OCI_VERSION);
        root.put("id", s.facts().id());
        root.put("status", s.ociStatus());
        s.process().ifPresent(p -> root.put("pid", p.pid()));
        root.put("bundle", s.facts().bundle());
        ObjectNode a = root.putObject("annotations");
        s.facts().annotations().forEach(a::put);
        a.put("dev.nucleus.name", s.facts().name());
        a.put("dev.nucleus.status", s.label());
        health.ifPresent(h -> a.put("dev.nucleus.health", h.cliName()));
        return JSON.writeValueAsString(root);
    }
}
