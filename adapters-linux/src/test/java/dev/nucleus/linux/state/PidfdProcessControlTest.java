package dev.nucleus.linux.state;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.lifecycle.ContainerProcess;
import org.junit.jupiter.api.Test;

/** Signals and waits through pidfds, against real processes of this test. */
class PidfdProcessControlTest {
    private final PidfdProcessControl control = new PidfdProcessControl();

    private static ContainerProcess started(Process p) {
        return new ContainerProcess(p.pid(), ProcStart.of(p.pid()).orElseThrow());
    }

    @Test
    void awaitGoneWaitsForTheExitAndReturnsWhenItComes() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            ContainerProcess p = started(sleeper);
            assertFalse(control.awaitGone(p, 50), "still running after the timeout");
            Thread killer = new Thread(() -> {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
                control.signal(p, 9);
            });
            killer.start();
            assertTrue(control.awaitGone(p, 10_000), "woken by the exit");
            killer.join();
            assertFalse(control.alive(p));
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }

    @Test
    void aRecycledPidIsNeitherSignalledNorAwaited() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            ContainerProcess other = new ContainerProcess(sleeper.pid(), ProcStart.of(sleeper.pid()).orElseThrow() + 1);
            assertFalse(control.signal(other, 9), "another start time: another process");
            assertTrue(control.awaitGone(other, 10_000), "the recorded process is gone");
            assertTrue(sleeper.isAlive());
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }
}
