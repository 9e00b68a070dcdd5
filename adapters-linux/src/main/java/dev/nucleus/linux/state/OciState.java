package dev.nucleus.linux.state;

import dev.nucleus.domain.lifecycle.ContainerState;
import dev.nucleus.linux.json.JsonText;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A container's OCI runtime-spec state ({@code ociVersion}, {@code id}, {@code status},
 * {@code pid} while it has one, {@code bundle}, {@code annotations}): what {@code nucleus state}
 * prints and what hooks read on stdin.
 */
public final class OciState {
    /** The OCI runtime-spec version the state follows. */
    public static final String OCI_VERSION = "1.2.0";

    private OciState() {
    }

    public static String json(ContainerState s) {
        return json(s, java.util.Optional.empty());
    }

    /** As above, with the health verdict as the annotation {@code dev.nucleus.health} where there is one. */
    public static String json(ContainerState s, java.util.Optional<dev.nucleus.domain.event.HealthStatus> health) {
        // JsonText, not Jackson: `nucleus state` and every hook's state would build its databind (tens of ms)
        JsonText root = JsonText.indented().put("ociVersion", OCI_VERSION).put("id", s.facts().id())
                .put("status", s.ociStatus());
        s.process().ifPresent(p -> root.put("pid", p.pid()));
        root.put("bundle", s.facts().bundle());
        Map<String, String> annotations = new LinkedHashMap<>(s.facts().annotations());
        annotations.put("dev.nucleus.name", s.facts().name());
        annotations.put("dev.nucleus.status", s.label());
        health.ifPresent(h -> annotations.put("dev.nucleus.health", h.cliName()));
        return root.putMap("annotations", annotations).finish();
    }
}
