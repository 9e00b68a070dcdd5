package dev.nucleus.linux.sys;

import dev.nucleus.linux.jni.NativeProcess;

/**
 * How a command's process ends. {@code Runtime.halt} runs the JVM's exit sequence (it stops the
 * periodic task thread, waits for it, and brings the VM thread to a safepoint: about 1 ms at the
 * end of every launch here) for nothing a command needs: no shutdown hook runs on either path,
 * and a command has flushed what it wrote. So where a launch loaded the native library, the
 * process ends with exit_group(2) at once.
 */
public final class ProcessExit {
    /** {@code -Dnucleus.exit=halt}: the JVM's own halt, for agents that report at its end (profilers, coverage). */
    public static final String PROPERTY = "nucleus.exit";

    private ProcessExit() {
    }

    /** Ends this process with {@code status}, its output already flushed. Never returns. */
    public static void now(int status) {
        if (NativeProcess.canExitNow() && !"halt".equals(System.getProperty(PROPERTY))) {
            NativeProcess.exitNow(status);
        }
        Runtime.getRuntime().halt(status);
    }
}
