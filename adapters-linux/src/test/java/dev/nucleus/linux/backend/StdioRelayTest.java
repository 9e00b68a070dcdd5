package dev.nucleus.linux.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.linux.jni.NativeDaemon;
import dev.nucleus.linux.jni.NativePty;
import dev.nucleus.linux.jni.NativeShim;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The command's pipes in place of the caller's terminal. Pipes stand in for the caller's fd 0-2
 * here; the command's ends are played by the test: typed input arrives, output goes out, what
 * was written before the end goes out though a leftover writer holds the pipe, nothing leaks.
 */
class StdioRelayTest {
    private final List<Integer> fds = new ArrayList<>();

    private int[] pipe() {
        int[] p = NativeDaemon.pipe();
        fds.add(p[0]);
        fds.add(p[1]);
        return p;
    }

    @AfterEach
    void closeOurs() {
        fds.forEach(NativeShim::close);
    }

    private static void write(int fd, String s) {
        byte[] b = s.getBytes();
        NativePty.write(fd, b, b.length);
    }

    private static String readAll(int fd) {
        StringBuilder got = new StringBuilder();
        byte[] buf = new byte[4096];
        for (int n; (n = NativePty.read(fd, buf)) > 0; ) {
            got.append(new String(buf, 0, n));
        }
        return got.toString();
    }

    /** A copy of {@code fd} at a free number well above those in use (dup2: no plain dup here). */
    private static int dupHigh(int fd) {
        int to = 700;
        while (open(to)) {
            to++;
        }
        NativeDaemon.dup2(fd, to);
        return to;
    }

    private static boolean open(int fd) {
        return Files.exists(Path.of("/proc/self/fd/" + fd));
    }

    @Test
    void noTerminalNothingRelayed() {
        try (StdioRelay relay = StdioRelay.of(new int[] {0, 1, 2}, false, false, false, false)) {
            assertNull(relay.stdio(), "the command inherits fd 0-2");
            relay.start();
        }
    }

    @Test
    void onlyTheTerminalsArePiped() {
        try (StdioRelay relay = StdioRelay.of(new int[] {0, 1, 2}, false, true, false, false)) {
            int[] stdio = relay.stdio();
            assertEquals(-1, stdio[0], "stdin, no terminal, is inherited");
            assertTrue(stdio[1] > 2, "stdout, a terminal, is a pipe");
            assertEquals(-1, stdio[2]);
        }
    }

    @Test
    void oneTerminalForStdoutAndStderrIsOnePipe() {
        try (StdioRelay relay = StdioRelay.of(new int[] {0, 1, 2}, true, true, true, true)) {
            int[] stdio = relay.stdio();
            assertEquals(stdio[1], stdio[2], "one pipe: the output keeps its order");
            assertNotEquals(stdio[0], stdio[1]);
        }
    }

    @Test
    void inputAndOutputFlowAndTheEndClosesEverything() {
        int[] callerIn = pipe();
        int[] callerOut = pipe();
        int[] callerErr = pipe();
        StdioRelay relay = StdioRelay.of(new int[] {callerIn[0], callerOut[1], callerErr[1]}, true, true, true, false);
        int[] stdio = relay.stdio();
        // The command's ends, as the shim would hold them after the spawn.
        int cmdIn = dupHigh(stdio[0]);
        int cmdOut = dupHigh(stdio[1]);
        int cmdErr = dupHigh(stdio[2]);
        fds.addAll(List.of(cmdIn, cmdOut, cmdErr));
        relay.start();
        assertFalse(open(stdio[0]) || open(stdio[1]) || open(stdio[2]), "our copies of the command's ends are closed");

        write(callerIn[1], "typed line\n");
        NativeShim.close(callerIn[1]); // ^D
        fds.remove(Integer.valueOf(callerIn[1]));
        assertEquals("typed line\n", readAll(cmdIn), "input arrives, then its end");

        write(cmdOut, "out");
        write(cmdErr, "err");
        int leftover = dupHigh(cmdOut); // a child the command left holds stdout open
        fds.add(leftover);
        relay.close();
        NativeShim.close(callerOut[1]);
        NativeShim.close(callerErr[1]);
        fds.removeAll(List.of(callerOut[1], callerErr[1]));
        assertEquals("out", readAll(callerOut[0]), "what was written before the end went out");
        assertEquals("err", readAll(callerErr[0]));
    }
}
