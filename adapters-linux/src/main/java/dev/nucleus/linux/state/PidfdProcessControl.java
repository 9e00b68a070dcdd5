package dev.nucleus.linux.state;

import dev.nucleus.domain.lifecycle.ContainerProcess;
import dev.nucleus.linux.jni.NativeProcess;
import dev.nucleus.linux.jni.NativeShim;
import dev.nucleus.ports.out.ProcessControl;

/**
 * Signals through a pidfd opened first and checked against the recorded start time: once the
 * pidfd is held, no recycled pid can receive the signal.
 */
public final class PidfdProcessControl implements ProcessControl {
    @Override
    public boolean alive(ContainerProcess process) {
        return ProcStart.alive(process);
    }

    @Override
    public boolean signal(ContainerProcess process, int signal) {
        int fd = NativeProcess.pidfdOpen(process.pid());
        if (fd < 0) {
            return false;
        }
        try {
            return ProcStart.alive(process) && NativeProcess.pidfdSignal(fd, signal) == 0;
        } finally {
            NativeShim.close(fd);
        }
    }

    /** Woken by the process's exit (its pidfd polls readable), not by a polling interval. */
    @Override
    public boolean awaitGone(ContainerProcess process, long millis) {
        int fd = NativeProcess.pidfdOpen(process.pid());
        if (fd < 0) {
            return !ProcStart.alive(process); // no such process: gone
        }
        try {
            if (!ProcStart.alive(process)) {
                return true; // gone, or the pid is another process's now
            }
            int exited = NativeProcess.pidfdAwaitExit(fd, (int) Math.min(Integer.MAX_VALUE, Math.max(0, millis)));
            return exited == 1 || (exited < 0 && !ProcStart.alive(process));
        } finally {
            NativeShim.close(fd);
        }
    }

    @Override
    public boolean awaitCondition(java.util.function.BooleanSupplier done, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
