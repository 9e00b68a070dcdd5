package dev.nucleus.linux.sys;

import java.util.ArrayDeque;

/**
 * A thread that work ahead of a launch runs on, one task after another in the order given: the
 * host probe (then the cgroup hierarchies), and a launch's seccomp program, shim spawn and audit
 * start record, which it needs one after the other anyway. Each thread of its own cost a cold JVM
 * 0.1–0.3 ms of the launching thread to create and start. Started with the first task;
 * {@link #close} lets it end once its tasks are done (an embedding JVM runs many launches, each
 * with a worker of its own).
 */
public final class LaunchWorker implements AutoCloseable {
    private final ArrayDeque<Task> queue = new ArrayDeque<>();
    private Thread thread;
    private boolean closed;

    /** A task given to the worker; {@link #await} returns once it ran (its writes then visible). */
    public static final class Task {
        private final Runnable work;
        private boolean done;

        private Task(Runnable work) {
            this.work = work;
        }

        /** Waits until the task ran; an interrupt is kept for the caller and ends the wait early. */
        public synchronized boolean await() {
            while (!done) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }

        /** Waits until the task ran, an interrupt kept for afterwards (a spawned shim must be seen). */
        public synchronized void awaitUninterruptibly() {
            boolean interrupted = false;
            while (!done) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        private void run() {
            try {
                work.run();
            } finally {
                synchronized (this) {
                    done = true;
                    notifyAll();
                }
            }
        }
    }

    /**
     * Queues {@code work}, which records its own outcome for its owner; anything that escapes it
     * goes to the thread's uncaught-exception handler, as from a thread of its own, and the next
     * task runs.
     *
     * @throws IllegalStateException once closed
     */
    public synchronized Task submit(Runnable work) {
        if (closed) {
            throw new IllegalStateException("the launch's worker is closed");
        }
        Task task = new Task(work);
        queue.addLast(task);
        if (thread == null) {
            // A plain Thread: the Thread.Builder API costs a cold start some extra classes.
            thread = new Thread(this::drain, "nucleus-launch-worker");
            thread.setDaemon(true);
            thread.start();
        } else {
            notifyAll();
        }
        return task;
    }

    private void drain() {
        while (true) {
            Task next;
            synchronized (this) {
                while (queue.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        // nobody interrupts this thread; a spurious one changes nothing
                    }
                }
                if (queue.isEmpty()) {
                    return;
                }
                next = queue.removeFirst();
            }
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                Thread self = Thread.currentThread();
                self.getUncaughtExceptionHandler().uncaughtException(self, e);
            }
        }
    }

    /** No more tasks: the thread ends once the queued ones ran. */
    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
