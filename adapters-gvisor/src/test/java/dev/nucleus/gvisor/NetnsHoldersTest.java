package dev.nucleus.gvisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record `nucleus rm` ends a namespace holder by, with real processes: the recorded one is
 * killed, a process that got a recorded pid since (another start time) is left alone.
 */
class NetnsHoldersTest {
    @TempDir
    Path state;

    @Test
    void aRecordedHolderThatOutlivedItsRuntimeIsEndedAndForgotten() throws Exception {
        Process holder = new ProcessBuilder("sleep", "infinity").start();
        try {
            NetnsHolders.record(state, "c1", holder.pid());
            String recorded = Files.readString(NetnsHolders.file(state, "c1"));
            assertEquals(holder.pid() + " " + NetnsHolders.startTime(holder.pid()).orElseThrow() + "\n", recorded);

            NetnsHolders.end(state, "c1");
            assertTrue(holder.waitFor(5, TimeUnit.SECONDS), "killed");
            assertFalse(Files.exists(NetnsHolders.file(state, "c1")), "and forgotten");
            NetnsHolders.end(state, "c1"); // idempotent: nothing recorded any more
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void aProcessThatGotTheRecordedPidSinceIsLeftAlone() throws Exception {
        Process other = new ProcessBuilder("sleep", "infinity").start();
        try {
            Path file = NetnsHolders.file(state, "c2");
            Files.createDirectories(file.getParent());
            long started = Long.parseLong(NetnsHolders.startTime(other.pid()).orElseThrow());
            Files.writeString(file, other.pid() + " " + (started - 1) + "\n"); // the pid's earlier owner
            NetnsHolders.end(state, "c2");
            assertTrue(other.isAlive(), "not the recorded holder: not killed");
            assertFalse(Files.exists(file), "the stale record is forgotten");
        } finally {
            other.destroyForcibly();
            other.waitFor();
        }
    }

    @Test
    void anEndedProcessHasNoStartTimeAndForgettingNothingIsNoError() throws Exception {
        NetnsHolders.forget(state, "none");
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        assertTrue(NetnsHolders.startTime(p.pid()).isEmpty(), "an ended (reaped) process has no start time");
    }
}
