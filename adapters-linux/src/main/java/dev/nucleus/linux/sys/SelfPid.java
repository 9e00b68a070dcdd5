package dev.nucleus.linux.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This process's pid as the mounted {@code /proc} numbers it (one readlink of {@code /proc/self}),
 * for names that only need to be unique among the processes writing one directory, such as a
 * temp file's. {@code ProcessHandle.current()} gives the pid in this process's own namespace,
 * but its first call sets up the JDK's process-reaper machinery (a thread pool, native state):
 * close to a millisecond of every cold start. Where the pid is written to the kernel or compared
 * with other processes' pids (cgroup.procs, liveness), use ProcessHandle.
 */
public final class SelfPid {
    private static final long PID = read();
    private static final AtomicLong TEMP_NAMES = new AtomicLong();

    private SelfPid() {
    }

    public static long get() {
        return PID;
    }

    /**
     * "PID-N", a new N each call: unique among the temp files this process and the others writing
     * the same directory name, without randomness (a SecureRandom costs a cold JVM some 9 ms of JCA).
     */
    public static String uniqueSuffix() {
        return PID + "-" + TEMP_NAMES.incrementAndGet();
    }

    private static long read() {
        try {
            return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).toString());
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.current().pid(); // no /proc: the JDK's way
        }
    }
}
