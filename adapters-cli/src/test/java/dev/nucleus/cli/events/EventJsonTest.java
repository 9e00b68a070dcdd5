package dev.nucleus.cli.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nucleus.domain.event.ContainerEvent;
import dev.nucleus.domain.event.ResourceStats;
import dev.nucleus.domain.event.SeccompAuditRecord;
import dev.nucleus.domain.event.SecurityStatus;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class EventJsonTest {
    @Test
    void startedCarriesTheAchievedSecurity() {
        SecurityStatus status = new SecurityStatus(Optional.of(new SecurityStatus.Seccomp("enforce", "default", 319,
                false)), Optional.of(new SecurityStatus.Landlock(7, List.of("execute", "read_file"), 3, Optional.empty(),
                Optional.of(List.of(443)), List.of("signal"))), new SecurityStatus.Capabilities(List.of(), List.of("KILL")),
                true, Optional.of(12L));
        assertEquals("{\"timestamp_unix_ms\":1000,\"type\":\"container_started\",\"container\":{\"id\":\"abc\","
                + "\"name\":\"web\",\"pid\":42,\"runtime\":\"native\",\"mode\":\"agent\",\"network_mode\":\"none\"},"
                + "\"security\":{\"seccomp\":{\"mode\":\"enforce\",\"source\":\"default\",\"instructions\":319,"
                + "\"log_denied\":false},\"landlock\":{\"abi\":7,\"handled_fs\":[\"execute\",\"read_file\"],"
                + "\"fs_rules\":3,\"bind_tcp\":null,\"connect_tcp\":[443],\"scopes\":[\"signal\"]},"
                + "\"capabilities\":{\"effective\":[],\"bounding\":[\"KILL\"]},\"user_namespace\":true,"
                + "\"audit_session\":12}}",
                EventJson.line(new ContainerEvent.Started("abc", "web", 42, "native", "agent", "none", status), 1000));
    }

    @Test
    void denialsWarningsAndTheSummary() {
        SeccompAuditRecord r = new SeccompAuditRecord(12, 43, "sh", "/bin/sh", 272, "c000003e", "kill_process");
        assertEquals("{\"timestamp_unix_ms\":5,\"type\":\"seccomp_denied\",\"container\":{\"id\":\"abc\"},"
                + "\"denial\":{\"pid\":43,\"comm\":\"sh\",\"exe\":\"/bin/sh\",\"syscall\":272,\"name\":\"unshare\","
                + "\"action\":\"kill_process\",\"audit_session\":12}}",
                EventJson.line(new ContainerEvent.SeccompDenied("abc", r, Optional.of("unshare")), 5));
        assertEquals("{\"timestamp_unix_ms\":5,\"type\":\"warning\",\"message\":\"a \\\"quoted\\\" word\"}",
                EventJson.line(new ContainerEvent.Warning("a \"quoted\" word"), 5));
        ResourceStats stats = new ResourceStats(Optional.of(1500L), Optional.of(64L << 20), Optional.of(64L << 20),
                Optional.empty(), Optional.of(0L), Optional.of(32L), Optional.of(0L), Optional.of(4096L), Optional.of(1L));
        assertEquals("{\"timestamp_unix_ms\":5,\"type\":\"container_summary\",\"container\":{\"id\":\"abc\","
                + "\"name\":\"web\"},\"exit_status\":{\"code\":137},\"oom_killed\":true,\"resource_stats\":{"
                + "\"cpu_usage_ns\":1500,\"memory_usage\":67108864,\"memory_limit\":67108864,\"memory_percent\":100.0,"
                + "\"memory_swap_usage\":null,\"pid_count\":0,\"pids_limit\":32,\"io_read_bytes\":0,"
                + "\"io_write_bytes\":4096,\"oom_kills\":1}}",
                EventJson.line(new ContainerEvent.Summary("abc", "web", 137, Optional.empty(), stats), 5));
    }
}
