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
    private static final long POLL_MILLIS = 20;

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

    @Override
    public boolean awaitGone(ContainerProcess process, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (ProcStart.alive(process)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !ProcStart.alive(process);
            }
        }
        return true;
    }
}
