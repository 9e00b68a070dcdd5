package dev.nucleus.linux.state;

import dev.nucleus.domain.event.SecurityStatus;
import dev.nucleus.linux.json.JsonText;
import dev.nucleus.linux.json.JsonObject;

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

    public static SecurityStatus read(JsonObject n) {
        Optional<SecurityStatus.Seccomp> seccomp = n.optionalObject("seccomp").map(sc -> new SecurityStatus.Seccomp(
                sc.string("mode"), sc.string("source"), sc.intValue("instructions"), sc.bool("log_denied")));
        Optional<SecurityStatus.Landlock> landlock = n.optionalObject("landlock").map(ll -> new SecurityStatus.Landlock(
                ll.intValue("abi"), ll.strings("handled_fs"), ll.intValue("fs_rules"), ll.optionalInts("bind_tcp"),
                ll.optionalInts("connect_tcp"), ll.strings("scopes")));
        JsonObject caps = n.object("capabilities");
        return new SecurityStatus(seccomp, landlock, new SecurityStatus.Capabilities(caps.strings("effective"),
                caps.strings("bounding")), n.bool("user_namespace"), n.optionalLong("audit_session"));
    }

    private static void ports(JsonText node, String key, Optional<List<Integer>> ports) {
        if (ports.isEmpty()) {
            node.putNull(key); // not handled: the kernel does not restrict it
        } else {
            node.putNumbers(key, ports.get());
        }
    }
}
