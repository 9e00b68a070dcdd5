package dev.nucleus.linux.cgroup;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps the cgroup v1 attach lock warm while a launch needs it. Writing a pid to a v1
 * {@code cgroup.procs} takes the kernel's cgroup threadgroup lock for writing, and the first writer
 * after a quiet spell waits a full RCU grace period for it (10 to 20 ms here) while holding the
 * cgroup mutex, which mkdir and {@code clone3(CLONE_INTO_CGROUP)} need too; writers that follow
 * within a grace period are fast. So a daemon thread moves this process into the cgroup it is
 * already in (a no-op move: nothing changes membership) at once, then every few milliseconds until
 * its deadline: begun as a command starts, the slow first write is over before the container's
 * cgroups are made, and the container's clone and attach find the lock warm. v2 needs none of
 * this: the workload is cloned into its cgroup2 directory. A failure changes nothing.
 */
final class AttachLockPrimer {
    /** Under the grace period, so the lock never goes cold between two writes. */
    static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(6);

    private static final Object LOCK = new Object();
    private static long deadline;
    private static boolean running;

    private AttachLockPrimer() {
    }

    /**
     * Keeps the lock warm for at least {@code forNanos} from now, writing this process's pid to
     * {@code ownV1Dir/cgroup.procs}: extends the running primer, or starts one.
     */
    static void keepWarm(ControlFiles files, Path ownV1Dir, long forNanos) {
        long until = System.nanoTime() + forNanos;
        synchronized (LOCK) {
            if (!running || until - deadline > 0) {
                deadline = until;
            }
            if (running) {
                return;
            }
            running = true;
        }
        String pid = Long.toString(ProcessHandle.current().pid());
        Thread primer = new Thread(() -> run(files, ownV1Dir, pid), "nucleus-cgroup-primer");
        primer.setDaemon(true);
        primer.start();
    }

    /** Whether a primer thread is writing (tests). */
    static boolean running() {
        synchronized (LOCK) {
            return running;
        }
    }

    private static void run(ControlFiles files, Path dir, String pid) {
        try {
            while (true) {
                files.write(dir, "cgroup.procs", pid);
                synchronized (LOCK) {
                    if (System.nanoTime() - deadline >= 0) {
                        return;
                    }
                }
                LockSupport.parkNanos(PERIOD_NANOS);
            }
        } catch (Exception | Error e) {
            // only a faster attach is lost
        } finally {
            synchronized (LOCK) {
                running = false;
            }
        }
    }
}
