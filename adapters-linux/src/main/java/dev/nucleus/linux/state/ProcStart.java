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
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalLong.of(Long.parseLong(fields[19]));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * The very process is still there (not just its pid) and still running: a zombie, dead but
     * not yet reaped by its parent (a killed runtime reparented to a slow init), is not.
     */
    public static boolean alive(ContainerProcess p) {
        try {
            String stat = SmallFiles.read("/proc/" + p.pid() + "/stat");
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return !fields[0].equals("Z") && !fields[0].equals("X") && Long.parseLong(fields[19]) == p.startTime();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
