package dev.nucleus.cli.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.event.ContainerEvent;
import dev.nucleus.domain.event.HealthStatus;
import dev.nucleus.domain.event.ResourceStats;
import dev.nucleus.domain.event.SeccompAuditRecord;
import dev.nucleus.domain.event.SecurityStatus;
import dev.nucleus.domain.spec.Resources;
import dev.nucleus.domain.value.ByteSize;
import dev.nucleus.domain.value.CpuQuota;
import dev.nucleus.domain.value.IoLimit;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class EventJsonTest {
    /** --memory 64M --cpus 0.5 --pids 32, one I/O limit, the default memlock. */
    private static final Resources LIMITS = new Resources(Optional.of(new ByteSize(64L << 20)), false,
            Optional.of(new CpuQuota(500)), OptionalInt.empty(), 32,
            List.of(new IoLimit(8, 0, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.of(1048576),
                    OptionalLong.empty())), Resources.DEFAULT_MEMLOCK);
    private static final String LIMITS_JSON = "\"resource_limits\":{\"memory_bytes\":67108864,\"swap_allowed\":false,"
            + "\"cpu_quota_us\":50000,\"cpu_period_us\":100000,\"cpu_weight\":null,\"pids_max\":32,"
            + "\"io_limits\":[\"8:0 rbps=1048576\"],\"memlock_bytes\":65536}";

    @Test
    void startedCarriesTheAchievedSecurity() {
        SecurityStatus status = new SecurityStatus(Optional.of(new SecurityStatus.Seccomp("enforce", "default", 319,
                false)), Optional.of(new SecurityStatus.Landlock(7, List.of("execute", "read_file"), 3, Optional.empty(),
                Optional.of(List.of(443)), List.of("signal"))), new SecurityStatus.Capabilities(List.of(), List.of("KILL")),
                true, Optional.of(12L));
        assertEquals("{\"timestamp_unix_ms\":1000,\"type\":\"container_started\",\"container\":{\"id\":\"abc\","
                + "\"name\":\"web\",\"pid\":42,\"runtime\":\"native\",\"mode\":\"agent\",\"network_mode\":\"none\","
                + "\"cgroup_path\":\"nucleus/abc\"},"
                + "\"security\":{\"seccomp\":{\"mode\":\"enforce\",\"source\":\"default\",\"instructions\":319,"
                + "\"log_denied\":false},\"landlock\":{\"abi\":7,\"handled_fs\":[\"execute\",\"read_file\"],"
                + "\"fs_rules\":3,\"bind_tcp\":null,\"connect_tcp\":[443],\"scopes\":[\"signal\"]},"
                + "\"capabilities\":{\"effective\":[],\"bounding\":[\"KILL\"]},\"user_namespace\":true,"
                + "\"audit_session\":12}," + LIMITS_JSON + "}",
                EventJson.line(new ContainerEvent.Started("abc", "web", 42, "native", "agent", "none", status, LIMITS,
                        "nucleus/abc"), 1000));
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
                + "\"io_write_bytes\":4096,\"oom_kills\":1}," + LIMITS_JSON + "}",
                EventJson.line(new ContainerEvent.Summary("abc", "web", 137, Optional.empty(), stats, LIMITS), 5));
        assertEquals("{\"timestamp_unix_ms\":5,\"type\":\"container_failed\",\"container\":{\"name\":\"web\"},"
                + "\"exit_status\":{\"code\":127,\"error\":\"/bin/nope: not found\"}}",
                EventJson.line(new ContainerEvent.LaunchFailed(Optional.of("web"), 127, "/bin/nope: not found"), 5));
    }

    @Test
    void healthReadinessAndNetwork() {
        assertEquals("{\"timestamp_unix_ms\":7,\"type\":\"health_status\",\"container\":{\"id\":\"abc\","
                + "\"name\":\"web\"},\"health\":{\"status\":\"unhealthy\",\"failing_streak\":3}}",
                EventJson.line(new ContainerEvent.HealthChanged("abc", "web", HealthStatus.UNHEALTHY, 3), 7));
        assertEquals("{\"timestamp_unix_ms\":7,\"type\":\"container_ready\",\"container\":{\"id\":\"abc\","
                + "\"name\":\"web\"},\"probe\":\"tcp\"}",
                EventJson.line(new ContainerEvent.Ready("abc", "web", "tcp"), 7));
        assertEquals("{\"timestamp_unix_ms\":7,\"type\":\"network_configured\",\"container\":{\"id\":\"abc\","
                + "\"name\":\"web\"},\"network\":\"bridge\",\"addresses\":[\"10.0.42.2/24\"],"
                + "\"egress_rules\":[\"allow tcp 10.0.0.0/8:443\"]}",
                EventJson.line(new ContainerEvent.NetworkConfigured("abc", "web", "bridge", List.of("10.0.42.2/24"),
                        List.of("allow tcp 10.0.0.0/8:443")), 7));
    }

    /** The writer is an instanceof chain (see its comment): no event type may be left without a shape. */
    @Test
    void everyPermittedEventTypeHasItsShape() {
        SecurityStatus none = new SecurityStatus(Optional.empty(), Optional.empty(),
                new SecurityStatus.Capabilities(List.of(), List.of()), false, Optional.empty());
        ResourceStats stats = new ResourceStats(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        List<ContainerEvent> samples = List.of(new ContainerEvent.Warning("w"),
                new ContainerEvent.Started("a", "n", 1, "native", "agent", "none", none, LIMITS, ""),
                new ContainerEvent.SeccompDenied("a", new SeccompAuditRecord(1, 2, "c", "/e", 3, "c000003e", "log"),
                        Optional.empty()),
                new ContainerEvent.Summary("a", "n", 0, Optional.of(0L), stats, LIMITS),
                new ContainerEvent.LaunchFailed(Optional.empty(), 2, "refused"),
                new ContainerEvent.HealthChanged("a", "n", HealthStatus.HEALTHY, 0),
                new ContainerEvent.Ready("a", "n", "exec"),
                new ContainerEvent.NetworkConfigured("a", "n", "none", List.of(), List.of()));
        Set<Class<?>> permitted = Arrays.stream(ContainerEvent.class.getPermittedSubclasses()).collect(Collectors.toSet());
        assertEquals(permitted, samples.stream().map(Object::getClass).collect(Collectors.toSet()),
                "a sample per permitted event type");
        for (ContainerEvent e : samples) {
            String line = EventJson.line(e, 1);
            assertTrue(line.startsWith("{\"timestamp_unix_ms\":1,\"type\":\"" + e.type() + "\","), line);
        }
    }
}
