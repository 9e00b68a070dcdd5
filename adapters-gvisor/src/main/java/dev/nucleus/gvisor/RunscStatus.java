package dev.nucleus.gvisor;

import java.util.regex.Pattern;

/**
 * The exit status of a gVisor launch. runsc reports a workload it cannot start as a failure of its
 * own, status 128, with its error line on stderr ("running container: ... failed to load /bin/x:
 * no such file or directory"; runsc exec's, for attach, starts "executing processes for container:");
 * Nucleus documents 127 for a program that is not there and 126 for one that cannot be executed, as
 * the native backend reports them.
 */
final class RunscStatus {
    /** runsc's error lines: compiled only when runsc failed (status 128), not at every launch's end. */
    private static final class Lines {
        private static final String RUNSC = "(running container|executing processes for container): ";
        static final Pattern NOT_FOUND = Pattern.compile(RUNSC + ".*: (failed to load .+"
                + "|error finding executable .+ in PATH .*): no such file or directory");
        static final Pattern NOT_EXECUTABLE = Pattern.compile(RUNSC + ".*: failed to load .+: permission denied");
    }

    private RunscStatus() {
    }

    /** {@code status} as runsc ended, read with the last line it wrote to stderr. */
    static int of(int status, String stderrTail) {
        if (status != 128) {
            return status; // 128 is no signal's: only runsc's own failure ends with it
        }
        String last = lastLine(stderrTail);
        if (Lines.NOT_FOUND.matcher(last).matches()) {
            return 127;
        }
        if (Lines.NOT_EXECUTABLE.matcher(last).matches()) {
            return 126;
        }
        return status;
    }

    /**
     * A supervised start whose {@code runsc run} ended before the sandbox ran the workload: the
     * program missing (127) or not executable (126), as natively, else the sandbox's failure (a
     * hook, its memory limit): each with runsc's last words, for the waiting {@code run -d} to print;
     * {@code outOfMemory}: the kernel's OOM killer fired in the sandbox's cgroup.
     */
    static dev.nucleus.ports.LaunchFailedException notStarted(int status, String stderrTail, boolean outOfMemory) {
        int code = of(status, stderrTail);
        String last = lastLine(stderrTail);
        if (code == 127 || code == 126) {
            int cut = last.indexOf("failed to load ");
            return new dev.nucleus.ports.ProgramNotRunnable(code, cut >= 0 ? last.substring(cut + "failed to load ".length())
                    : last);
        }
        return new dev.nucleus.ports.LaunchFailedException("the sandbox ended before its workload started (runsc exited "
                + (status > 128 ? "on signal " + (status - 128) : "with " + status) + (last.isEmpty() ? "" : ": " + last)
                + ")" + (outOfMemory ? "; the kernel's OOM killer killed it at its --memory limit, which the"
                + " sandbox's own memory counts against" : ""));
    }

    private static String lastLine(String text) {
        String t = text.strip();
        return t.substring(t.lastIndexOf('\n') + 1);
    }
}
