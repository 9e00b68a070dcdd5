package dev.nucleus.domain.lifecycle;

import java.util.Map;

/**
 * Where a container's cgroup is: its path below the hierarchy roots, and its directory in each
 * hierarchy (by controllers, e.g. {@code memory}, {@code cpu,cpuacct}, {@code cgroup2}), so a
 * later command can read its statistics or remove it. Empty when it runs without a cgroup.
 *
 * @param directories the cgroup Nucleus made: {@code rm} empties (kills what is in it) and removes it
 * @param observed    a cgroup another program made and removes itself (runsc's, for a gVisor
 *                    sandbox), by hierarchy as above: read for statistics only, never emptied
 *                    or removed, so {@code rm} goes on stopping such a container through that program
 */
public record CgroupPlacement(String path, Map<String, String> directories, Map<String, String> observed) {
    public static final CgroupPlacement NONE = new CgroupPlacement("", Map.of());

    public CgroupPlacement {
        directories = Map.copyOf(directories);
        observed = Map.copyOf(observed);
    }

    public CgroupPlacement(String path, Map<String, String> directories) {
        this(path, directories, Map.of());
    }

    /** A cgroup another program made and owns ({@link #observed}): nothing for Nucleus to remove. */
    public static CgroupPlacement observedOnly(String path, Map<String, String> observed) {
        return new CgroupPlacement(path, Map.of(), observed);
    }

    /** Where the container's resource use can be read: its own cgroup, else the one observed. */
    public Map<String, String> readable() {
        return directories.isEmpty() ? observed : directories;
    }
}
