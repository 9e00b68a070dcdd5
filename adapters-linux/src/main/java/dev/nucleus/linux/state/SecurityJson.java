package dev.nucleus.linux.state;

import dev.nucleus.domain.event.SecurityStatus;
import dev.nucleus.linux.json.JsonText;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link SecurityStatus} as JSON, shared by the events stream and the state file. */
public final class SecurityJson {
    private SecurityJson() {
    }

    public static JsonText write(JsonText node, SecurityStatus s) {
        if (s.seccomp().isPresent()) {
            SecurityStatus.Seccomp f = s.seccomp().get();
            node.startObject("seccomp").put("mode", f.mode()).put("source", f.source())
                    .put("instructions", f.instructions()).put("log_denied", f.logDenied()).endObject();
        } else {
            node.putNull("seccomp");
        }
        if (s.landlock().isPresent()) {
            SecurityStatus.Landlock l = s.landlock().get();
            node.startObject("landlock").put("abi", l.abi()).putStrings("handled_fs", l.handledFs())
                    .put("fs_rules", l.fsRules());
            ports(node, "bind_tcp", l.bindTcp());
            ports(node, "connect_tcp", l.connectTcp());
            node.putStrings("scopes", l.scopes()).endObject();
        } else {
            node.putNull("landlock");
        }
        node.startObject("capabilities").putStrings("effective", s.capabilities().effective())
                .putStrings("bounding", s.capabilities().bounding()).endObject();
        node.put("user_namespace", s.userNamespace());
        if (s.auditSession().isPresent()) {
            node.put("audit_session", s.auditSession().get());
        } else {
            node.putNull("audit_session");
        }
        return node;
    }

    public static SecurityStatus read(JsonNode n) {
        JsonNode sc = n.get("seccomp");
        Optional<SecurityStatus.Seccomp> seccomp = sc == null || sc.isNull() ? Optional.empty()
                : Optional.of(new SecurityStatus.Seccomp(sc.get("mode").asString(), sc.get("source").asString(),
                sc.get("instructions").asInt(), sc.get("log_denied").asBoolean()));
        JsonNode ll = n.get("landlock");
        Optional<SecurityStatus.Landlock> landlock = ll == null || ll.isNull() ? Optional.empty()
                : Optional.of(new SecurityStatus.Landlock(ll.get("abi").asInt(), strings(ll.get("handled_fs")),
                ll.get("fs_rules").asInt(), ports(ll.get("bind_tcp")), ports(ll.get("connect_tcp")),
                strings(ll.get("scopes"))));
        JsonNode caps = n.get("capabilities");
        JsonNode session = n.get("audit_session");
        return new SecurityStatus(seccomp, landlock, new SecurityStatus.Capabilities(strings(caps.get("effective")),
                strings(caps.get("bounding"))), n.get("user_namespace").asBoolean(),
                session == null || session.isNull() ? Optional.empty() : Optional.of(session.asLong()));
    }

    private static void ports(JsonText node, String key, Optional<List<Integer>> ports) {
        if (ports.isEmpty()) {
            node.putNull(key); // not handled: the kernel does not restrict it
        } else {
            node.putNumbers(key, ports.get());
        }
    }

    private static Optional<List<Integer>> ports(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        List<Integer> out = new ArrayList<>();
        node.forEach(p -> out.add(p.asInt()));
        return Optional.of(out);
    }

    static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null) {
            node.forEach(v -> out.add(v.asString()));
        }
        return out;
    }
}
