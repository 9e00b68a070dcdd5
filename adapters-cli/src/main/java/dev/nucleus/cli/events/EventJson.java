package dev.nucleus.cli.events;

import dev.nucleus.domain.event.ContainerEvent;
import dev.nucleus.linux.state.SecurityJson;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;


/**
 * One event as one JSON line: {@code timestamp_unix_ms}, {@code type}, then the record's fields in
 * snake_case. The shape extends the reference's {@code container_started}/{@code container_summary}.
 */
public final class EventJson {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private EventJson() {
    }

    public static String line(ContainerEvent event, long timestampMillis) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("timestamp_unix_ms", timestampMillis);
        root.put("type", event.type());
        switch (event) {
            case ContainerEvent.Warning w -> root.put("message", w.message());
            case ContainerEvent.Started s -> {
                ObjectNode c = root.putObject("container");
                c.put("id", s.id());
                c.put("name", s.name());
                c.put("pid", s.pid());
                c.put("runtime", s.runtime());
                c.put("mode", s.mode());
                c.put("network_mode", s.network());
                SecurityJson.write(root.putObject("security"), s.security());
            }
            case ContainerEvent.SeccompDenied d -> {
                root.putObject("container").put("id", d.id());
                ObjectNode r = root.putObject("denial");
                r.put("pid", d.record().pid());
                r.put("comm", d.record().comm());
                r.put("exe", d.record().exe());
                r.put("syscall", d.record().syscall());
                if (d.syscallName().isPresent()) {
                    r.put("name", d.syscallName().get());
                } else {
                    r.putNull("name");
                }
                r.put("action", d.record().action());
                r.put("audit_session", d.record().session());
            }
            case ContainerEvent.Summary s -> {
                ObjectNode c = root.putObject("container");
                c.put("id", s.id());
                c.put("name", s.name());
                root.putObject("exit_status").put("code", s.exitCode());
                root.put("oom_killed", s.stats().oomKilled());
                StatsJson.write(root.putObject("resource_stats"), s.stats());
                s.seccompDenials().ifPresent(n -> root.put("seccomp_denials", n));
            }
        }
        return MAPPER.writeValueAsString(root);
    }
}
