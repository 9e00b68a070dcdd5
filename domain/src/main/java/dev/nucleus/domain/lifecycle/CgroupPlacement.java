package dev.nucleus.domain.lifecycle;

import java.util.Map;

/**
 * Where a container's cgroup is: its path below the hierarchy roots, and its directory in each
 * hierarchy (by controllers, e.g. {@code memory}, {@code cpu,cpuacct}, {@code cgroup2}), so a
 * later command can read its statistics or remove it. Empty when it runs without a cgroup.
 */
public record CgroupPlacement(String path, Map<String, String> directories) {
    public static final CgroupPlacement NONE = new CgroupPlacement("", Map.of());

    public CgroupPlacement {
        directories = Map.copyOf(directories);
    }
}
