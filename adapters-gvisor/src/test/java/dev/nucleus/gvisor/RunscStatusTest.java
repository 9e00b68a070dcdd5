package dev.nucleus.gvisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** runsc's own failures to start a workload, as runsc (2024 build) words them, become 127 and 126. */
class RunscStatusTest {
    private static final String PREFIX = "running container: starting container: starting root container: "
            + "starting sandbox: ";

    @Test
    void aProgramThatIsNotThereIs127() {
        assertEquals(127, RunscStatus.of(128, PREFIX + "creating process: failed to load /bin/nonexistent: "
                + "no such file or directory\n"));
        assertEquals(127, RunscStatus.of(128, "workload output first\n" + PREFIX + "error finding executable "
                + "\"nonexistent\" in PATH [/usr/local/sbin /usr/local/bin /usr/sbin /usr/bin /sbin /bin]: "
                + "no such file or directory\n"));
    }

    @Test
    void runscExecSaysItInItsOwnWords() {
        // as runsc exec (attach) wrote it on this host
        assertEquals(127, RunscStatus.of(128, "executing processes for container: executing command \"/nonexist\" in"
                + " sandbox: failed to load /nonexist: no such file or directory\n"));
        assertEquals(126, RunscStatus.of(128, "executing processes for container: executing command \"/etc/passwd\" in"
                + " sandbox: failed to load /etc/passwd: permission denied\n"));
    }

    /** A supervised start that runsc ended before the workload ran: the waiting run -d's status and message. */
    @Test
    void aStartThatNeverRanSaysWhy() {
        var missing = RunscStatus.notStarted(128, PREFIX + "creating process: failed to load /bin/nonexistent: "
                + "no such file or directory\n", false);
        assertEquals(127, ((dev.nucleus.ports.ProgramNotRunnable) missing).exitStatus());
        assertEquals("/bin/nonexistent: no such file or directory", missing.getMessage());
        var hook = RunscStatus.notStarted(128, PREFIX + "cannot create sandbox: hook failed\n", false);
        assertEquals("the sandbox ended before its workload started (runsc exited with 128: " + PREFIX
                + "cannot create sandbox: hook failed)", hook.getMessage());
        assertEquals("the sandbox ended before its workload started (runsc exited on signal 9)",
                RunscStatus.notStarted(137, "", false).getMessage(), "killed, not by the OOM killer");
        assertEquals("the sandbox ended before its workload started (runsc exited on signal 9); the kernel's OOM killer"
                        + " killed it at its --memory limit, which the sandbox's own memory counts against",
                RunscStatus.notStarted(137, "", true).getMessage(), "killed by its memory limit while booting");
    }

    @Test
    void aProgramThatCannotBeExecutedIs126() {
        assertEquals(126, RunscStatus.of(128, PREFIX + "creating process: failed to load /bin/noexec: permission denied\n"));
    }

    @Test
    void everythingElseIsLeftAsItIs() {
        assertEquals(128, RunscStatus.of(128, PREFIX + "cannot create sandbox: EOF\n"));
        assertEquals(128, RunscStatus.of(128, "failed to load /x: no such file or directory\n"),
                "a workload's own words are not runsc's");
        assertEquals(1, RunscStatus.of(1, PREFIX + "creating process: failed to load /x: no such file or directory"),
                "only runsc's own status 128 is read");
        assertEquals(137, RunscStatus.of(137, ""));
        assertEquals(128, RunscStatus.of(128, ""));
    }
}
