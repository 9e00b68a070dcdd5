package dev.nucleus.linux.sys;

import dev.nucleus.linux.jni.NativeProcess;

/**
 * How a command's process ends. {@code Runtime.halt} runs the JVM's exit sequence (it stops the
 * periodic task thread, waits for it, and brings the VM thread to a safepoint: about 1 ms at the
 * end of every launch here) for nothing a command needs: no shutdown hook runs on either path,
 * and a command has flushed what it wrote. So where a launch loaded the native library, the
 * process ends with exit_group(2) at once, and a child that outlives it by a moment frees its
 * memory, so that its caller's wait returns about 2 ms sooner (README, "Exit status"), unless
 * {@code NUCLEUS_EXIT_TEARDOWN=inline} asks this process to free it itself: for a caller that is
 * PID 1 of a container and reaps no orphan.
 */
public final class ProcessExit {
    /** {@code -Dnucleus.exit=halt}: the JVM's own halt, for agents that report at its end (profilers, coverage). */
    public static final String PROPERTY = "nucleus.exit";
    /** {@code inline}: this process frees its own memory as it exits; nothing outlives it. */
    public static final String TEARDOWN_ENV = "NUCLEUS_EXIT_TEARDOWN";

    private ProcessExit() {
    }

    /** Ends this process with {@code status}, its output already flushed. Never returns. */
    public static void now(int status) {
        if (NativeProcess.canExitNow() && !"halt".equals(System.getProperty(PROPERTY))) {
            NativeProcess.exitNow(status, !"inline".equalsIgnoreCase(System.getenv(TEARDOWN_ENV)));
        }
        Runtime.getRuntime().halt(status);
    }
}
