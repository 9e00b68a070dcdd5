package dev.nucleus.linux.cgroup;

import java.nio.file.Path;
import java.util.Set;

/**
 * One mounted cgroup hierarchy as this process sees it: {@code ownDir} is this process's own
 * cgroup directory in it, {@code ownPath} the same cgroup relative to the hierarchy root (as
 * /proc/self/cgroup shows it).
 *
 * @param unified     true for the cgroup2 hierarchy
 * @param controllers the v1 controllers bound to this hierarchy (empty for cgroup2, whose
 *                    controllers are read from {@code cgroup.controllers} at run time)
 */
public record Hierarchy(boolean unified, Set<String> controllers, Path ownDir, String ownPath) {
    public Hierarchy {
        controllers = Set.copyOf(controllers);
        if (!ownPath.startsWith("/")) {
            throw new IllegalArgumentException("cgroup path must be absolute: " + ownPath);
        }
    }

    /** {@code ownPath + "/" + child}, without a doubled slash at the root. */
    public String childPath(String child) {
        return ownPath.equals("/") ? "/" + child : ownPath + "/" + child;
    }

    /** A short name for messages: {@code cgroup2} or the controllers, such as {@code cpu,cpuacct}. */
    public String label() {
        return unified ? "cgroup2" : String.join(",", new java.util.TreeSet<>(controllers));
    }
}
