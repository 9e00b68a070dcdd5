package dev.nucleus.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.linux.sys.LaunchWorker;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The probe's worker thread, handed on to the launch once; released when no launch took it. */
class HostProbeAheadTest {
    @AfterEach
    void nothingPending() {
        HostProbeAhead.release();
    }

    @Test
    void theLaunchTakesTheProbesWorkerOnceAndItStaysOpenAfterRelease() {
        HostProbeAhead.start();
        LaunchWorker taken = HostProbeAhead.takeWorker();
        LaunchWorker second = HostProbeAhead.takeWorker();
        assertNotSame(taken, second, "taken once: a later launch gets a worker of its own");
        second.close();
        HostProbeAhead.release(); // the launch owns it now: not closed under it
        AtomicReference<String> ranOn = new AtomicReference<>();
        try (taken) {
            assertTrue(taken.submit(() -> ranOn.set(Thread.currentThread().getName())).await());
        }
        assertEquals("nucleus-launch-worker", ranOn.get());
    }

    @Test
    void releaseClosesAWorkerNoLaunchTook() throws InterruptedException {
        HostProbeAhead.start();
        HostProbeAhead.release();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (workerThreadsAlive() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, workerThreadsAlive(), "the probe's thread ends once its tasks ran");
        LaunchWorker fresh = HostProbeAhead.takeWorker(); // the released one is gone: a new one
        try (fresh) {
            assertTrue(fresh.submit(() -> { }).await());
        }
        assertThrows(IllegalStateException.class, () -> fresh.submit(() -> { }), "closed by its taker");
    }

    private static long workerThreadsAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("nucleus-launch-worker")).count();
    }
}
