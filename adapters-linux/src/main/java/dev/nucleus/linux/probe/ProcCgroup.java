package dev.nucleus.linux.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Parser for {@code /proc/self/cgroup} (cgroups(7)): {@code id:controllers:path} per line. */
public final class ProcCgroup {
    /**
     * One hierarchy membership. {@code controllers} is empty for the v2 line ({@code 0::/path})
     * and holds {@code name=...} entries for named v1 hierarchies as written.
     */
    public record Entry(int hierarchyId, List<String> controllers, String path) {
        public Entry {
            controllers = List.copyOf(controllers);
        }

        public boolean unified() {
            return hierarchyId == 0 && controllers.isEmpty();
        }
    }

    private ProcCgroup() {
    }

    public static List<Entry> parse(String text) {
        List<Entry> entries = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.strip().split(":", 3); // the path itself may contain ':'
            if (f.length != 3 || f[0].isEmpty() || !f[2].startsWith("/")) {
                continue;
            }
            try {
                entries.add(new Entry(Integer.parseInt(f[0]),
                        f[1].isEmpty() ? List.of() : List.of(f[1].split(",")), f[2]));
            } catch (NumberFormatException skipped) {
                // not a cgroup line: ignore rather than guess
            }
        }
        return List.copyOf(entries);
    }

    /**
     * The path of the cgroup2 line ({@code 0::/path}), as {@link #parse} gives it; empty when there
     * is none. A scan for that one line: a launch asks it of its container process, cold.
     */
    public static Optional<String> unifiedPath(String text) {
        for (int at = 0; at < text.length(); ) {
            int end = text.indexOf('\n', at);
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(at, end).strip();
            if (line.startsWith("0::/")) {
                return Optional.of(line.substring(3));
            }
            at = end + 1;
        }
        return Optional.empty();
    }
}
