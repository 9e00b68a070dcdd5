package dev.nucleus.domain.event;

import java.util.Optional;

/**
 * A container's resource use, read from its cgroup (v2 or v1 file names; a value the host's
 * controllers do not provide is empty; an unlimited limit is empty too).
 *
 * @param cpuNanos      CPU time used by all its processes
 * @param oomKills      how often the OOM killer killed in it
 */
public record ResourceStats(Optional<Long> cpuNanos, Optional<Long> memoryBytes, Optional<Long> memoryLimitBytes,
                            Optional<Long> swapBytes, Optional<Long> pids, Optional<Long> pidsLimit,
                            Optional<Long> ioReadBytes, Optional<Long> ioWriteBytes, Optional<Long> oomKills) {

    public static final ResourceStats NONE = new ResourceStats(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /** Nothing known but the OOM kill count. */
    public static ResourceStats ofOomKills(Optional<Long> oomKills) {
        return new ResourceStats(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), oomKills);
    }

    /** Memory use as a percentage of the limit, when both are known. */
    public Optional<Double> memoryPercent() {
        if (memoryBytes.isEmpty() || memoryLimitBytes.isEmpty() || memoryLimitBytes.get() <= 0) {
            return Optional.empty();
        }
        return Optional.of(100.0 * memoryBytes.get() / memoryLimitBytes.get());
    }

    public boolean oomKilled() {
        return oomKills.orElse(0L) > 0;
    }
}
