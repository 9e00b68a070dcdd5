package dev.nucleus.linux.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shim started before its plan exists (PLAN_FORMAT.md, "Transport"): it waits for one INPUTS
 * message, and ends, creating nothing, when it gets anything else or its socket closes.
 */
class ShimStartTest {
    private static final int EXIT_RUNTIME_FAILURE = 125;

    @Test
    void aShimStartedFirstRunsThePlanDeliveredLater() throws Exception {
        long[] started = NativeShim.start(NativeShim.shimPath(), false);
        int control = (int) started[NativeShim.CONTROL_FD];
        assertNull(NativeShim.receive(control, 100), "it says nothing before it has a plan");
        NativeShim.deliver(control, TestPlan.cloneFlags(0).exec("/bin/sh", "-c", "exit 7").build(), null, -1);
        ShimRun r = ShimRun.run(started);
        assertEquals(List.of(NativeShim.MSG_PID, NativeShim.MSG_EXECED, NativeShim.MSG_EXIT), r.types(), r.describe());
        assertEquals(7, NativeShim.exitCode(r.shimStatus));
    }

    @Test
    void anAbandonedShimExitsWithoutCloning() {
        long[] started = NativeShim.start(NativeShim.shimPath(), true);
        int pid = (int) started[NativeShim.SHIM_PID];
        NativeShim.abandon(started);
        assertTrue(Files.notExists(Path.of("/proc/" + pid)), "reaped");
    }

    @Test
    void anythingButInputsFirstEndsTheShim() {
        long[] started = NativeShim.start(NativeShim.shimPath(), true);
        int control = (int) started[NativeShim.CONTROL_FD];
        int pidfd = (int) started[NativeShim.SHIM_PIDFD];
        try {
            NativeShim.send(control, NativeShim.MSG_GO, 0);
            NativeShimException eof = assertThrows(NativeShimException.class, () -> NativeShim.receive(control, 5000));
            assertEquals(0, eof.errno(), "it closed the socket without a message: " + eof.getMessage());
            assertEquals(EXIT_RUNTIME_FAILURE, NativeShim.exitCode(NativeShim.waitPid(pidfd)));
        } finally {
            NativeShim.close(control);
            NativeShim.close(pidfd);
        }
    }

    @Test
    void aCgroupDirectoryThatCannotBeOpenedFailsTheDeliveryNamingIt() {
        long[] started = NativeShim.start(NativeShim.shimPath(), true);
        try {
            NativeShimException e = assertThrows(NativeShimException.class, () -> NativeShim.deliver(
                    (int) started[NativeShim.CONTROL_FD], TestPlan.cloneFlags(0).exec("/bin/true").build(),
                    "/nonexistent/cgroup", -1));
            assertTrue(e.getMessage().startsWith("open(/nonexistent/cgroup)"), e.getMessage());
        } finally {
            NativeShim.abandon(started);
        }
    }
    @Test
    void givenStdioAndANewSessionTheContainerHasThosePipesAndNoTerminalOfOurs() throws Exception {
        int[] in = NativeDaemon.pipe();
        int[] out = NativeDaemon.pipe();
        long[] started = NativeShim.start(NativeShim.shimPath(), false, new int[] {in[0], out[1], out[1]}, true);
        NativeShim.close(in[0]);
        NativeShim.close(out[1]);
        byte[] line = "typed\n".getBytes();
        NativePty.write(in[1], line, line.length);
        NativeShim.close(in[1]);
        NativeShim.deliver((int) started[NativeShim.CONTROL_FD], TestPlan.cloneFlags(0).exec("/bin/sh", "-c",
                "read x; echo \"$x $(cut -d' ' -f6 /proc/self/stat) $(readlink /proc/self/fd/0)\";"
                        + " cut -d' ' -f6 /proc/$PPID/stat; echo err >&2").build(), null, -1);
        ShimRun r = ShimRun.run(started);
        assertEquals(0, NativeShim.exitCode(r.shimStatus), r.describe());
        StringBuilder got = new StringBuilder();
        byte[] buf = new byte[4096];
        for (int n; (n = NativePty.read(out[0], buf)) > 0; ) {
            got.append(new String(buf, 0, n));
        }
        NativeShim.close(out[0]);
        List<String> lines = got.toString().lines().toList();
        String ourSession = Files.readString(Path.of("/proc/self/stat")).split(" ")[5];
        String[] first = lines.get(0).split(" ");
        assertEquals("typed", first[0], got.toString());
        assertTrue(!first[1].equals(ourSession), "a session of its own: " + got);
        assertEquals(first[1], lines.get(1), "the shim's session, the shim leading it: " + got);
        assertTrue(first[2].startsWith("pipe:"), "stdin is the pipe given: " + got);
        assertEquals("err", lines.get(2), "stderr is the pipe given: " + got);
    }

    @Test
    void stdioMustHoldThreeFds() {
        assertThrows(IllegalArgumentException.class, () -> NativeShim.start(NativeShim.shimPath(), false,
                new int[] {0, 1}, false));
    }
}
