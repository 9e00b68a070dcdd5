package dev.nucleus.cli.run;

import dev.nucleus.domain.host.HostCapabilities;
import dev.nucleus.linux.probe.LinuxHostProbe;
import dev.nucleus.ports.out.HostProbe;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The host probe of a launch, begun on a daemon thread as soon as {@code run}/{@code create}
 * starts: it needs nothing from the request (mountinfo, cgroups, Landlock and seccomp support,
 * the native library), so it runs on the second core while the request is parsed and validated.
 */
final class HostProbeAhead implements HostProbe {
    private static HostProbeAhead pending;

    private final FutureTask<HostCapabilities> result = new FutureTask<>(() -> new LinuxHostProbe().probe());

    private HostProbeAhead() {
    }

    /** Begins probing; the next {@link #take} returns it. */
    static synchronized void start() {
        HostProbeAhead ahead = new HostProbeAhead();
        // A plain Thread: the Thread.Builder API costs a cold start some extra classes to set up.
        Thread prober = new Thread(ahead.result, "nucleus-host-probe");
        prober.setDaemon(true);
        prober.start();
        pending = ahead;
    }

    /** The probe begun by {@link #start}, once; a plain probe when none was begun. */
    static synchronized HostProbe take() {
        HostProbe ahead = pending;
        pending = null;
        return ahead != null ? ahead : new LinuxHostProbe();
    }

    @Override
    public HostCapabilities probe() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
