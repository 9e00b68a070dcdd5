package dev.nucleus.cli.events;

import dev.nucleus.domain.event.ContainerEvent;
import dev.nucleus.domain.event.SecurityStatus;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;

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
                security(root.putObject("security"), s.security());
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
                s.seccompDenials().ifPresent(n -> root.put("seccomp_denials", n));
            }
        }
        return MAPPER.writeValueAsString(root);
    }

    private static void security(ObjectNode node, SecurityStatus s) {
        if (s.seccomp().isPresent()) {
            SecurityStatus.Seccomp f = s.seccomp().get();
            ObjectNode seccomp = node.putObject("seccomp");
            seccomp.put("mode", f.mode());
            seccomp.put("source", f.source());
            seccomp.put("instructions", f.instructions());
            seccomp.put("log_denied", f.logDenied());
        } else {
            node.putNull("seccomp");
        }
        if (s.landlock().isPresent()) {
            SecurityStatus.Landlock l = s.landlock().get();
            ObjectNode landlock = node.putObject("landlock");
            landlock.put("abi", l.abi());
            strings(landlock.putArray("handled_fs"), l.handledFs());
            landlock.put("fs_rules", l.fsRules());
            ports(landlock, "bind_tcp", l.bindTcp());
            ports(landlock, "connect_tcp", l.connectTcp());
            strings(landlock.putArray("scopes"), l.scopes());
        } else {
            node.putNull("landlock");
        }
        ObjectNode caps = node.putObject("capabilities");
        strings(caps.putArray("effective"), s.capabilities().effective());
        strings(caps.putArray("bounding"), s.capabilities().bounding());
        node.put("user_namespace", s.userNamespace());
        if (s.auditSession().isPresent()) {
            node.put("audit_session", s.auditSession().get());
        } else {
            node.putNull("audit_session");
        }
    }

    private static void ports(ObjectNode node, String key, Optional<List<Integer>> ports) {
        if (ports.isEmpty()) {
            node.putNull(key); // not handled: the kernel does not restrict it
        } else {
            ArrayNode a = node.putArray(key);
            ports.get().forEach(a::add);
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
