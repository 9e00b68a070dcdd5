package dev.nucleus.linux.seccomp;

import dev.nucleus.domain.seccomp.ArgCondition;
import dev.nucleus.domain.seccomp.SeccompAction;
import dev.nucleus.domain.seccomp.SeccompArchitecture;
import dev.nucleus.domain.seccomp.SeccompProfile;
import dev.nucleus.domain.seccomp.SyscallRule;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link SeccompProfile} as OCI {@code linux.seccomp} JSON, the format
 * {@link OciSeccompProfiles} reads: rules with the same action and arguments share one
 * {@code syscalls[]} entry, in the order they first appear.
 */
public final class OciProfileWriter {
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private OciProfileWriter() {
    }

    public static String toJson(SeccompProfile profile) {
        ObjectNode root = MAPPER.createObjectNode();
        putAction(root, "defaultAction", "defaultErrnoRet", profile.defaultAction());
        ArrayNode arches = root.putArray("architectures");
        profile.architectures().stream().map(SeccompArchitecture::ociName).forEach(arches::add);
        Map<List<Object>, List<String>> groups = new LinkedHashMap<>();
        Map<List<Object>, SyscallRule> firstOf = new LinkedHashMap<>();
        for (SyscallRule rule : profile.rules()) {
            List<Object> key = List.of(rule.action(), rule.conditions());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(rule.name());
            firstOf.putIfAbsent(key, rule);
        }
        ArrayNode syscalls = root.putArray("syscalls");
        groups.forEach((key, names) -> {
            SyscallRule rule = firstOf.get(key);
            ObjectNode entry = syscalls.addObject();
            ArrayNode nameArray = entry.putArray("names");
            names.forEach(nameArray::add);
            putAction(entry, "action", "errnoRet", rule.action());
            if (!rule.conditions().isEmpty()) {
                ArrayNode args = entry.putArray("args");
                rule.conditions().forEach(c -> putCondition(args.addObject(), c));
            }
        });
        return MAPPER.writeValueAsString(root) + "\n";
    }

    private static void putAction(ObjectNode node, String actionKey, String errnoKey, SeccompAction action) {
        node.put(actionKey, "SCMP_ACT_" + action.kind().name());
        if (action.kind().hasData()) {
            node.put(errnoKey, action.data());
        }
    }

    private static void putCondition(ObjectNode arg, ArgCondition c) {
        arg.put("index", c.index());
        arg.put("value", new BigInteger(Long.toUnsignedString(c.value())));
        arg.put("valueTwo", new BigInteger(Long.toUnsignedString(c.valueTwo())));
        arg.put("op", "SCMP_CMP_" + c.op().name());
    }
}
