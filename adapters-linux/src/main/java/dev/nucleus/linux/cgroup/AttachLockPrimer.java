package dev.nucleus.linux.cgroup;

import java.nio.file.Path;

/**
 * Starts the cgroup v1 attach lock's grace period early. Writing a pid to a v1 {@code cgroup.procs}
 * takes the kernel's cgroup threadgroup lock for writing, and the first writer after a quiet spell
 * waits a full RCU grace period for it (10 to 20 ms here); writers that follow within a grace period
 * are fast. The container's own attach comes about 20 ms after its cgroups are made, so a daemon
 * thread moves this process into the cgroup it is already in (a no-op move: nothing changes
 * membership) as they are made, and the wait passes while the launch builds its plan. v2 needs
 * none of this: the workload is cloned into its cgroup2 directory. A failure changes nothing.
 */
final class AttachLockPrimer {
    private AttachLockPrimer() {
    }

    /** Writes this process's pid to {@code ownV1Dir/cgroup.procs} on a daemon thread. */
    static void start(ControlFiles files, Path ownV1Dir) {
        String pid = Long.toString(ProcessHandle.current().pid());
        Thread.ofPlatform().daemon().name("nucleus-cgroup-primer").start(() -> {
            try {
                files.write(ownV1Dir, "cgroup.procs", pid);
            } catch (Exception e) {
                // only a faster attach is lost
            }
        });
    }
}
