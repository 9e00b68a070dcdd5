package dev.nucleus.domain.value;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code --cgroup-parent}: where, beneath the caller's own cgroup, container cgroups are made
 * (default {@code nucleus}). Relative, one to eight plain components: it can only name a place
 * inside the caller's own subtree, never a parent or another program's cgroup.
 */
public record CgroupParent(String path) {
    public static final CgroupParent DEFAULT = new CgroupParent("nucleus");
    static final int MAX_COMPONENTS = 8;

    /** Compiled only for a --cgroup-parent given: every launch makes the default. */
    private static final class Syntax {
        static final Pattern COMPONENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
        /** Names a cgroup directory already holds as control files (v1 and v2): mkdir there fails. */
        static final Pattern CONTROL_FILE = Pattern.compile("tasks|notify_on_release|release_agent"
                + "|(cgroup|memory|memsw|cpu|cpuacct|cpuset|pids|blkio|io|devices|freezer|net_cls|net_prio|perf_event"
                + "|hugetlb|rdma|misc)\\..*");
    }

    public static CgroupParent parse(String text) throws InvalidValueException {
        List<String> parts = List.of(text.split("/", -1));
        if (text.isEmpty() || text.startsWith("/")) {
            throw new InvalidValueException("expected a relative path beneath your own cgroup, such as agents/team1");
        }
        if (parts.size() > MAX_COMPONENTS) {
            throw new InvalidValueException("at most " + MAX_COMPONENTS + " path components");
        }
        for (String p : parts) {
            if (!Syntax.COMPONENT.matcher(p).matches() || p.equals("..")) {
                throw new InvalidValueException("'" + p + "' is not a plain cgroup name (letters, digits, '_', '.',"
                        + " '-'; no empty, '.' or '..' components)");
            }
            if (Syntax.CONTROL_FILE.matcher(p).matches()) {
                throw new InvalidValueException("'" + p + "' is the name of a cgroup control file, not a place for"
                        + " cgroups; choose another name");
            }
        }
        return new CgroupParent(text);
    }
}
