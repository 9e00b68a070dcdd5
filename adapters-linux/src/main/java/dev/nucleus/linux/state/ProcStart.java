package dev.nucleus.linux.state;

import dev.nucleus.domain.lifecycle.ContainerProcess;
import dev.nucleus.linux.sys.SmallFiles;

import java.io.IOException;
import java.util.OptionalLong;

/**
 * A process's start time (field 22 of {@code /proc/<pid>/stat}, clock ticks since boot): with the
 * pid it names one process for good, so a recycled pid is never mistaken for a container.
 */
public final class ProcStart {
    private ProcStart() {
    }

    public static OptionalLong of(long pid) {
        try {
            String stat = SmallFiles.read("/proc/" + pid + "/stat");
            // After the parenthesised command name, which may itself hold spaces and parentheses.
            String start = field(stat.substring(stat.lastIndexOf(')') + 2), 19);
            return start == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(start));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Field {@code n} (from 0) of {@code text} split at single spaces, as {@code text.split(" ")[n]}
     * gives it, or null where that would be out of bounds (fewer spaces); "" where split would have
     * dropped it as trailing and empty (which no number parses either). By hand: the split made an
     * array of some 50 strings, cold, on every foreground start.
     */
    static String field(String text, int n) {
        int from = 0;
        for (int i = 0; i < n; i++) {
            int space = text.indexOf(' ', from);
            if (space < 0) {
                return null;
            }
            from = space + 1;
        }
        int end = text.indexOf(' ', from);
        return end < 0 ? text.substring(from) : text.substring(from, end);
    }

    /**
     * The very process is still there (not just its pid) and still running: a zombie, dead but
     * not yet reaped by its parent (a killed runtime reparented to a slow init), is not.
     */
    public static boolean alive(ContainerProcess p) {
        try {
            String stat = SmallFiles.read("/proc/" + p.pid() + "/stat");
            String fields = stat.substring(stat.lastIndexOf(')') + 2);
            String state = field(fields, 0);
            String start = field(fields, 19);
            return start != null && !state.equals("Z") && !state.equals("X") && Long.parseLong(start) == p.startTime();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
