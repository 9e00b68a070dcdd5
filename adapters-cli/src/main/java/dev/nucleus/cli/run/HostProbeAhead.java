package dev.nucleus.cli.run;

import dev.nucleus.domain.host.HostCapabilities;
import dev.nucleus.domain.host.ModeReadiness;
import dev.nucleus.domain.mode.ServiceMode;
import dev.nucleus.linux.cgroup.LinuxCgroupDriver;
import dev.nucleus.linux.probe.LinuxHostProbe;
import dev.nucleus.ports.out.HostProbe;

/**
 * The host probe of a launch, begun on a daemon thread as soon as {@code run}/{@code create}
 * starts: it needs nothing from the request (mountinfo, cgroups, Landlock and seccomp support,
 * the native library), so it runs on the second core while the request is parsed and validated.
 * It leaves out the two namespace probes, which only some modes read and which, as cloned
 * children, were its slowest part: those modes have them probed when they take it.
 * The result is handed over by a monitor, not a {@code FutureTask}, whose VarHandles are the only
 * ones a launch would otherwise set up (some 0.4 ms of a cold start). Once it is, the thread goes
 * on to resolve this process's cgroup hierarchies, which the launch's cgroup creation reads again
 * and parses a millisecond or two later ({@link LinuxCgroupDriver#resolveAhead}).
 */
final class HostProbeAhead implements HostProbe {
    private static HostProbeAhead pending;

    // Written by the prober, read after it set done: the monitor orders them.
    private HostCapabilities result;
    private Throwable failure;
    private boolean done;
    private final Thread prober;

    private HostProbeAhead() {
        // A plain Thread: the Thread.Builder API costs a cold start some extra classes to set up.
        prober = new Thread(this::probeNow, "nucleus-host-probe");
        prober.setDaemon(true);
    }

    /** Begins probing; the next {@link #take} returns it. */
    static synchronized void start() {
        HostProbeAhead ahead = new HostProbeAhead();
        ahead.prober.start();
        pending = ahead;
    }

    /**
     * The probe begun by {@link #start}, once, for a launch of {@code mode}: with the namespace
     * answers it left out probed now where the mode reads them ({@link ModeReadiness#readsNamespaces}).
     * A plain probe when none was begun.
     */
    static synchronized HostProbe take(ServiceMode mode) {
        HostProbeAhead ahead = pending;
        pending = null;
        if (ahead == null) {
            return new LinuxHostProbe();
        }
        return ModeReadiness.readsNamespaces(mode) ? () -> LinuxHostProbe.withNamespaces(ahead.probe()) : ahead;
    }

    private void probeNow() {
        HostCapabilities probed = null;
        Throwable failed = null;
        try {
            probed = LinuxHostProbe.withoutNamespaces().probe();
        } catch (RuntimeException | Error e) {
            failed = e;
        }
        synchronized (this) {
            result = probed;
            failure = failed;
            done = true;
            notifyAll();
        }
        LinuxCgroupDriver.resolveAhead();
    }

    @Override
    public HostCapabilities probe() {
        boolean interrupted = false;
        synchronized (this) {
            while (!done) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        return result;
    }
}
