package dev.nucleus.linux.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay between a caller's terminal and a command's pipes: to the source's end, or to the stop. */
class NativeRelayTest {
    int[] source;
    int[] sink;
    int[] stop;

    @BeforeEach
    void pipes() {
        source = NativeDaemon.pipe();
        sink = NativeDaemon.pipe();
        stop = NativeDaemon.pipe();
    }

    @AfterEach
    void closeAll() {
        for (int[] p : new int[][] {source, sink, stop}) {
            for (int fd : p) {
                if (fd >= 0) {
                    NativeShim.close(fd);
                }
            }
        }
    }

    private static void write(int fd, String s) {
        byte[] b = s.getBytes();
        NativePty.write(fd, b, b.length);
    }

    /** What the sink holds, its writer closed first. */
    private String drainSink() {
        NativeShim.close(sink[1]);
        sink[1] = -1;
        StringBuilder got = new StringBuilder();
        byte[] buf = new byte[4096];
        for (int n; (n = NativePty.read(sink[0], buf)) > 0; ) {
            got.append(new String(buf, 0, n));
        }
        return got.toString();
    }

    @Test
    void copiesUntilTheSourceEnds() {
        write(source[1], "one ");
        write(source[1], "two");
        NativeShim.close(source[1]);
        source[1] = -1;
        assertEquals(7, NativeRelay.pump(source[0], sink[1], stop[0], true));
        assertEquals("one two", drainSink());
    }

    @Test
    void atTheStopOutputIsDrainedThoughAWriterStillHoldsItsSource() throws Exception {
        // A command's leftover child keeps the pipe open: the relay must not wait for its end.
        write(source[1], "written before the end");
        CompletableFuture<Long> pump = CompletableFuture.supplyAsync(
                () -> NativeRelay.pump(source[0], sink[1], stop[0], true));
        NativeShim.close(stop[1]);
        stop[1] = -1;
        assertEquals(22L, pump.get(20, TimeUnit.SECONDS));
        assertEquals("written before the end", drainSink());
    }

    @Test
    void atTheStopInputIsNotReadAnyMore() throws Exception {
        NativeShim.close(stop[1]);
        stop[1] = -1;
        write(source[1], "typed after the command ended");
        assertEquals(0L, NativeRelay.pump(source[0], sink[1], stop[0], false));
        assertEquals("", drainSink());
        byte[] buf = new byte[64];
        assertEquals(29, NativePty.read(source[0], buf), "left for whoever reads the terminal next");
    }

    @Test
    void aReaderThatIsGoneEndsTheRelay() {
        NativeShim.close(sink[0]);
        sink[0] = -1;
        write(source[1], "nobody reads this");
        assertEquals(0L, NativeRelay.pump(source[0], sink[1], stop[0], true));
    }

    @Test
    void aPipeIsNoTerminal() {
        assertFalse(NativeRelay.isTerminal(source[0]));
    }
}
