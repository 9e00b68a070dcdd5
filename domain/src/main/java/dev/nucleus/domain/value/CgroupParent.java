package dev.nucleus.domain.value;

import java.util.List;

/**
 * {@code --cgroup-parent}: where, beneath the caller's own cgroup, container cgroups are made
 * (default {@code nucleus}). Relative, one to eight plain components: it can only name a place
 * inside the caller's own subtree, never a parent or another program's cgroup.
 */
public record CgroupParent(String path) {
    public static final CgroupParent DEFAULT = new CgroupParent("nucleus");
    static final int MAX_COMPONENTS = 8;

    /** The controllers whose control files are named {@code <controller>.<file>} (v1 and v2). */
    private static final String[] CONTROLLERS = {"cgroup", "memory", "memsw", "cpu", "cpuacct", "cpuset", "pids",
        "blkio", "io", "devices", "freezer", "net_cls", "net_prio", "perf_event", "hugetlb", "rdma", "misc"};

    public static CgroupParent parse(String text) throws InvalidValueException {
        List<String> parts = List.of(text.split("/", -1));
        if (text.isEmpty() || text.startsWith("/")) {
            throw new InvalidValueException("expected a relative path beneath your own cgroup, such as agents/team1");
        }
        if (parts.size() > MAX_COMPONENTS) {
            throw new InvalidValueException("at most " + MAX_COMPONENTS + " path components");
        }
        for (String p : parts) {
            if (!isComponent(p)) {
                throw new InvalidValueException("'" + p + "' is not a plain cgroup name (letters, digits, '_', '.',"
                        + " '-'; no empty, '.' or '..' components)");
            }
            if (isControlFileName(p)) {
                throw new InvalidValueException("'" + p + "' is the name of a cgroup control file, not a place for"
                        + " cgroups; choose another name");
            }
        }
        return new CgroupParent(text);
    }

    /**
     * One to 64 of letters, digits, '_', '.' and '-', not starting with '.' or '-' (so never "." or
     * ".."). Checked by hand: a regex compiled and run in a cold JVM cost this option 5 ms.
     */
    static boolean isComponent(String p) {
        return AsciiText.nameCharacters(p, 1, 64) && p.charAt(0) != '.' && p.charAt(0) != '-';
    }

    /** A name a cgroup directory already holds as a control file: mkdir there fails. */
    static boolean isControlFileName(String p) {
        if (p.equals("tasks") || p.equals("notify_on_release") || p.equals("release_agent")) {
            return true;
        }
        int dot = p.indexOf('.');
        if (dot < 0) {
            return false;
        }
        String controller = p.substring(0, dot);
        for (String c : CONTROLLERS) {
            if (c.equals(controller)) {
                return true;
            }
        }
        return false;
    }
}
