package dev.nucleus.cli.doctor;

import dev.nucleus.domain.value.AsciiText;
import dev.nucleus.domain.host.Availability;
import dev.nucleus.domain.host.HostCapabilities;
import dev.nucleus.domain.host.Readiness;
import dev.nucleus.ports.in.HostReport;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The machine form of the doctor report. Built node by node so the schema (snake_case keys,
 * null reason when available) is stated here and not inferred from the domain records.
 */
final class DoctorJson {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private DoctorJson() {
    }

    static String render(HostReport report) {
        HostCapabilities h = report.capabilities();
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode landlock = root.putObject("landlock");
        landlock.put("abi", h.landlock().abi());
        reason(landlock, h.landlock().available(), h.landlock().reason());

        ObjectNode seccomp = root.putObject("seccomp");
        seccomp.put("filters_available", h.seccomp().filtersAvailable());
        strings(seccomp.putArray("actions"), h.seccomp().orderedActions().stream().map(DoctorTable::actionName).toList());
        reason(seccomp, h.seccomp().filtersAvailable(), h.seccomp().reason());

        availability(root.putObject("user_namespaces"), h.userNamespaces());
        availability(root.putObject("time_namespaces"), h.timeNamespaces());

        ObjectNode cgroups = root.putObject("cgroups");
        cgroups.put("layout", AsciiText.lowerCase(h.cgroups().layout().name()));
        strings(cgroups.putArray("v1_controllers"), h.cgroups().v1Controllers());
        strings(cgroups.putArray("v2_controllers"), h.cgroups().v2Controllers());

        root.put("root", h.root());
        root.put("systemd_pid1", h.systemdPid1());
        root.put("runsc", h.runsc().orElse(null));

        ArrayNode modes = root.putArray("modes");
        for (Readiness r : report.modes()) {
            ObjectNode m = modes.addObject();
            m.put("mode", r.mode().cliName());
            m.put("ready", r.ready());
            strings(m.putArray("reasons"), r.reasons());
            m.put("fallback", r.fallback().orElse(null));
        }
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + System.lineSeparator();
    }

    private static void availability(ObjectNode node, Availability a) {
        node.put("available", a.available());
        reason(node, a.available(), a.reason());
    }

    private static void reason(ObjectNode node, boolean available, String reason) {
        node.put("reason", available ? null : reason);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
