package dev.nucleus.cli.doctor;

import dev.nucleus.domain.value.AsciiText;
import dev.nucleus.domain.host.Availability;
import dev.nucleus.domain.host.HostCapabilities;
import dev.nucleus.domain.host.Readiness;
import dev.nucleus.domain.host.SeccompAction;
import dev.nucleus.ports.in.HostReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The human form of the doctor report: an aligned table, then one block per service mode. */
final class DoctorTable {
    static final String MODES_HEADING = "Service modes (native runtime, fail-closed)";

    private DoctorTable() {
    }

    static String render(HostReport report) {
        Map<String, String> rows = rows(report.capabilities());
        int width = rows.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder b = new StringBuilder("Host\n");
        rows.forEach((k, v) -> b.append("  ").append(pad(k, width)).append("  ").append(v).append('\n'));
        b.append('\n').append(MODES_HEADING).append('\n');
        int modeWidth = report.modes().stream().mapToInt(r -> r.mode().cliName().length()).max().orElse(0);
        for (Readiness r : report.modes()) {
            b.append("  ").append(pad(r.mode().cliName(), modeWidth)).append("  ")
                    .append(r.ready() ? "ready" : "not ready").append('\n');
            r.reasons().forEach(reason -> b.append("    - ").append(reason).append('\n'));
            r.fallback().ifPresent(f -> b.append("    note: ").append(f).append('\n'));
        }
        return b.toString();
    }

    private static Map<String, String> rows(HostCapabilities h) {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("Landlock ABI", h.landlock().available() ? Integer.toString(h.landlock().abi())
                : "0 (unavailable: " + h.landlock().reason() + ")");
        rows.put("Seccomp filters", h.seccomp().filtersAvailable() ? "available" : "unavailable (" + h.seccomp().reason() + ")");
        rows.put("Seccomp actions", list(h.seccomp().orderedActions().stream().map(DoctorTable::actionName).toList()));
        rows.put("User namespaces", yesNo(h.userNamespaces()));
        rows.put("Time namespaces", yesNo(h.timeNamespaces()));
        rows.put("Cgroup layout", AsciiText.lowerCase(h.cgroups().layout().name()));
        rows.put("Cgroup v1 controllers", list(h.cgroups().v1Controllers()));
        rows.put("Cgroup v2 controllers", list(h.cgroups().v2Controllers()));
        rows.put("Root", h.root() ? "yes" : "no");
        rows.put("systemd PID 1", h.systemdPid1() ? "yes" : "no");
        rows.put("runsc", h.runsc().orElse("not found"));
        return rows;
    }

    /** Kernel spelling, as in /proc/sys/kernel/seccomp/actions_avail. */
    static String actionName(SeccompAction a) {
        return AsciiText.lowerCase(a.name());
    }

    private static String yesNo(Availability a) {
        return a.available() ? "yes" : "no (" + a.reason() + ")";
    }

    private static String list(List<String> items) {
        return items.isEmpty() ? "(none)" : items.stream().collect(Collectors.joining(" "));
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }
}
