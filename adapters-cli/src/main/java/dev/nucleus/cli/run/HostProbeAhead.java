package dev.nucleus.cli.run;

import dev.nucleus.domain.host.HostCapabilities;
import dev.nucleus.linux.probe.LinuxHostProbe;
import dev.nucleus.ports.out.HostProbe;

/**
 * The host probe of a launch, begun on a daemon thread as soon as {@code run}/{@code create}
 * starts: it needs nothing from the request (mountinfo, cgroups, Landlock and seccomp support,
 * the native library), so it runs on the second core while the request is parsed and validated.
 * The result is handed over by {@link Thread#join}, not a {@code FutureTask}, whose VarHandles
 * are the only ones a launch would otherwise set up (some 0.4 ms of a cold start).
 */
final class HostProbeAhead implements HostProbe {
    private static HostProbeAhead pending;

    // Written by the prober before it ends, read after join(): join orders them.
    private HostCapabilities result;
    private Throwable failure;
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

    /** The probe begun by {@link #start}, once; a plain probe when none was begun. */
    static synchronized HostProbe take() {
        HostProbe ahead = pending;
        pending = null;
        return ahead != null ? ahead : new LinuxHostProbe();
    }

    private void probeNow() {
        try {
            result = new LinuxHostProbe().probe();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
    }

    @Override
    public HostCapabilities probe() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    prober.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
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
