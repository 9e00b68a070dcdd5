package dev.nucleus.linux.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The one thread a launch's work ahead runs on: order, visibility, failures and its end. */
class LaunchWorkerTest {
    @Test
    void tasksRunInTheOrderGivenOnOneThreadNotTheCallers() {
        List<String> ran = new ArrayList<>();
        List<Thread> on = new ArrayList<>();
        LaunchWorker.Task last;
        try (LaunchWorker worker = new LaunchWorker()) {
            for (int i = 0; i < 50; i++) {
                String name = "task-" + i;
                last = worker.submit(() -> {
                    ran.add(name);
                    on.add(Thread.currentThread());
                });
                if (i == 49) {
                    assertTrue(last.await());
                }
            }
        }
        assertEquals(50, ran.size());
        for (int i = 0; i < 50; i++) {
            assertEquals("task-" + i, ran.get(i));
            assertSame(on.getFirst(), on.get(i), "one thread for all");
        }
        assertFalse(on.getFirst() == Thread.currentThread());
        assertEquals("nucleus-launch-worker", on.getFirst().getName());
        assertTrue(on.getFirst().isDaemon(), "a launch's JVM never waits for it to exit");
    }

    @Test
    void aTaskThatThrowsEndsOnlyItselfAndIsDone() throws Exception {
        List<Throwable> reported = new ArrayList<>();
        CountDownLatch handlerSet = new CountDownLatch(1);
        try (LaunchWorker worker = new LaunchWorker()) {
            worker.submit(() -> {
                Thread.currentThread().setUncaughtExceptionHandler((t, e) -> reported.add(e));
                handlerSet.countDown();
            }).await();
            handlerSet.await();
            LaunchWorker.Task failing = worker.submit(() -> {
                throw new IllegalStateException("boom");
            });
            boolean[] after = new boolean[1];
            LaunchWorker.Task next = worker.submit(() -> after[0] = true);
            assertTrue(failing.await(), "a failed task is done too: nobody waits for it forever");
            assertTrue(next.await());
            assertTrue(after[0], "the next task still ran");
        }
        assertEquals(1, reported.size());
        assertEquals("boom", reported.getFirst().getMessage(), "reported as from a thread of its own");
    }

    @Test
    void theThreadEndsOnceClosedAndItsTasksRan() throws Exception {
        Thread[] worker = new Thread[1];
        CountDownLatch release = new CountDownLatch(1);
        LaunchWorker w = new LaunchWorker();
        LaunchWorker.Task blocked = w.submit(() -> {
            worker[0] = Thread.currentThread();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        boolean[] queuedRan = new boolean[1];
        LaunchWorker.Task queued = w.submit(() -> queuedRan[0] = true);
        w.close();
        assertThrows(IllegalStateException.class, () -> w.submit(() -> { }), "no task after close");
        release.countDown();
        assertTrue(blocked.await());
        assertTrue(queued.await());
        assertTrue(queuedRan[0], "a task queued before close still runs");
        worker[0].join(5_000);
        assertFalse(worker[0].isAlive(), "the thread ended");
    }

    @Test
    void anAwaitInterruptedReturnsFalseAndKeepsTheInterrupt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (LaunchWorker worker = new LaunchWorker()) {
            LaunchWorker.Task slow = worker.submit(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Thread.currentThread().interrupt();
            assertFalse(slow.await());
            assertTrue(Thread.interrupted(), "the interrupt is kept (and cleared here)");
            release.countDown();
            slow.awaitUninterruptibly();
        }
    }
}
