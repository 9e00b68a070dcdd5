package dev.nucleus.cli.events;

import dev.nucleus.domain.event.ResourceStats;
import dev.nucleus.linux.json.JsonText;

import java.util.Optional;

/** {@link ResourceStats} as JSON (the summary event and {@code nucleus stats --json}); unknown values are null. */
public final class StatsJson {
    private StatsJson() {
    }

    public static JsonText write(JsonText node, ResourceStats s) {
        put(node, "cpu_usage_ns", s.cpuNanos());
        put(node, "memory_usage", s.memoryBytes());
        put(node, "memory_limit", s.memoryLimitBytes());
        if (s.memoryPercent().isPresent()) {
            node.put("memory_percent", Math.round(s.memoryPercent().get() * 100) / 100.0);
        } else {
            node.putNull("memory_percent");
        }
        put(node, "memory_swap_usage", s.swapBytes());
        put(node, "pid_count", s.pids());
        put(node, "pids_limit", s.pidsLimit());
        put(node, "io_read_bytes", s.ioReadBytes());
        put(node, "io_write_bytes", s.ioWriteBytes());
        put(node, "oom_kills", s.oomKills());
        return node;
    }

    private static void put(JsonText node, String key, Optional<Long> value) {
        if (value.isPresent()) {
            node.put(key, value.get());
        } else {
            node.putNull(key);
        }
    }
}
