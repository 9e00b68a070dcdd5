package dev.nucleus.cli.events;

import dev.nucleus.domain.event.ContainerEvent;
import dev.nucleus.linux.json.JsonText;
import dev.nucleus.linux.state.SecurityJson;


/**
 * One event as one JSON line: {@code timestamp_unix_ms}, {@code type}, then the record's fields in
 * snake_case. The shape extends the reference's {@code container_started}/{@code container_summary}.
 *
 * <p>An {@code instanceof} chain, not a pattern {@code switch}: javac links a type switch through
 * {@code SwitchBootstraps.typeSwitch}, which spins a class at its first use on every start (the AOT
 * cache does not keep it) and put the class-file API into the cache every start loads. The test
 * checks that every permitted event has its shape, as the switch's exhaustiveness did.
 */
public final class EventJson {

    private EventJson() {
    }

    public static String line(ContainerEvent event, long timestampMillis) {
        JsonText root = JsonText.compact().put("timestamp_unix_ms", timestampMillis).put("type", event.type());
        if (event instanceof ContainerEvent.Warning w) {
            root.put("message", w.message());
        } else if (event instanceof ContainerEvent.Started s) {
            root.startObject("container").put("id", s.id()).put("name", s.name()).put("pid", s.pid())
                    .put("runtime", s.runtime()).put("mode", s.mode()).put("network_mode", s.network());
            if (s.cgroupPath().isEmpty()) {
                root.putNull("cgroup_path").endObject();
            } else {
                root.put("cgroup_path", s.cgroupPath()).endObject();
            }
            SecurityJson.write(root.startObject("security"), s.security()).endObject();
            LimitsJson.write(root.startObject("resource_limits"), s.limits()).endObject();
        } else if (event instanceof ContainerEvent.SeccompDenied d) {
            root.startObject("container").put("id", d.id()).endObject();
            root.startObject("denial").put("pid", d.record().pid()).put("comm", d.record().comm())
                    .put("exe", d.record().exe()).put("syscall", d.record().syscall())
                    .put("name", d.syscallName().orElse(null)).put("action", d.record().action())
                    .put("audit_session", d.record().session()).endObject();
        } else if (event instanceof ContainerEvent.Summary s) {
            root.startObject("container").put("id", s.id()).put("name", s.name()).endObject();
            root.startObject("exit_status").put("code", s.exitCode()).endObject();
            root.put("oom_killed", s.stats().oomKilled());
            StatsJson.write(root.startObject("resource_stats"), s.stats()).endObject();
            LimitsJson.write(root.startObject("resource_limits"), s.limits()).endObject();
            s.seccompDenials().ifPresent(n -> root.put("seccomp_denials", n));
        } else if (event instanceof ContainerEvent.LaunchFailed f) {
            root.startObject("container");
            if (f.name().isPresent()) {
                root.put("name", f.name().get()).endObject();
            } else {
                root.putNull("name").endObject();
            }
            root.startObject("exit_status").put("code", f.exitCode()).put("error", f.error()).endObject();
        } else if (event instanceof ContainerEvent.HealthChanged h) {
            root.startObject("container").put("id", h.id()).put("name", h.name()).endObject();
            root.startObject("health").put("status", h.status().cliName())
                    .put("failing_streak", h.failingStreak()).endObject();
        } else if (event instanceof ContainerEvent.NetworkConfigured n) {
            root.startObject("container").put("id", n.id()).put("name", n.name()).endObject();
            root.put("network", n.network());
            root.putStrings("addresses", n.addresses()).putStrings("egress_rules", n.egressRules());
        } else if (event instanceof ContainerEvent.Ready r) {
            root.startObject("container").put("id", r.id()).put("name", r.name()).endObject();
            root.put("probe", r.how());
        } else {
            throw new IllegalArgumentException("no JSON shape for event type " + event.type());
        }
        return root.finish();
    }
}
