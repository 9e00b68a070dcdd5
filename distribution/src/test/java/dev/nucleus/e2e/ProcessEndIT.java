package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * How {@code bin/nucleus} ends: its JVM's memory is freed by a child that outlives it by a moment
 * (process_jni.c, hand_off_teardown), so its caller learns the exit status first. Seen from a
 * subreaper (python3, which scripts/setup.sh installs), which receives the orphan as init would.
 */
@Tag("root")
class ProcessEndIT {
    /**
     * Runs the command under a subreaper that reads its stdout to the end, then reaps every process
     * that ends, in order: "out TEXT", then "reaped NAME STATUS" lines (the command's own pid named
     * "nucleus", others by their comm).
     */
    private static final String SUBREAPER = String.join("\n",
            "import ctypes, os, subprocess, sys",
            "assert ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER",
            "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE)",
            "print('out', p.stdout.read().decode().strip(), flush=True)",
            "while True:",
            "    try:",
            "        info = os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOWAIT)",
            "    except ChildProcessError:",
            "        break",
            "    with open('/proc/%d/comm' % info.si_pid) as f:",
            "        comm = f.read().strip()",
            "    pid, status = os.waitpid(info.si_pid, 0)",
            "    print('reaped', 'nucleus' if pid == p.pid else comm, os.waitstatus_to_exitcode(status), flush=True)");

    @Test
    void aRunEndsBeforeItsMemoryIsFreedAndLeavesOneHelperThatEndsToo() {
        Nucleus.Result r = Nucleus.exec(List.of("python3", "-c", SUBREAPER, Nucleus.BIN.toString(), "run", "--",
                "/bin/sh", "-c", "echo hi; exit 7"));
        assertEquals(0, r.exit(), r.toString());
        // The run's status first: the helper ends only once the run's process ended. Its output
        // came to its end (the helper closed its copies of the run's files before the run went),
        // and nothing else was orphaned.
        assertEquals(List.of("out hi", "reaped nucleus 7", "reaped nucleus-exit 0"), r.out().lines().toList(),
                r.toString());
    }

    @Test
    void inlineTeardownLeavesNothingToReap() {
        Nucleus.Result r = Nucleus.exec(List.of("env", "NUCLEUS_EXIT_TEARDOWN=inline", "python3", "-c", SUBREAPER,
                Nucleus.BIN.toString(), "run", "--", "/bin/sh", "-c", "echo hi; exit 7"));
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("out hi", "reaped nucleus 7"), r.out().lines().toList(), r.toString());
    }

    @Test
    void aCommandThatNeverLoadedTheNativeLibraryEndsAsAnyJvm() {
        Nucleus.Result r = Nucleus.exec(List.of("python3", "-c", SUBREAPER, Nucleus.BIN.toString(), "--version"));
        assertEquals(0, r.exit(), r.toString());
        assertEquals(2, r.out().lines().count(), r.toString());
        assertEquals("reaped nucleus 0", r.out().lines().toList().get(1), r.toString());
    }
}
