package dev.nucleus.cli.run;

import dev.nucleus.domain.host.HostCapabilities;
import dev.nucleus.linux.probe.LinuxHostProbe;
import dev.nucleus.ports.out.HostProbe;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The host probe of a launch, begun on a daemon thread as soon as {@code run}/{@code create}
 * starts: it needs nothing from the request (mountinfo, cgroups, Landlock and seccomp support,
 * the native library), so it runs on the second core while the request is parsed and validated.
 */
final class HostProbeAhead implements HostProbe {
    private static HostProbeAhead pending;

    private final CompletableFuture<HostCapabilities> result = new CompletableFuture<>();

    private HostProbeAhead() {
    }

    /** Begins probing; the next {@link #take} returns it. */
    static synchronized void start() {
        HostProbeAhead ahead = new HostProbeAhead();
        Thread.ofPlatform().daemon().name("nucleus-host-probe").start(() -> {
            try {
                ahead.result.complete(new LinuxHostProbe().probe());
            } catch (RuntimeException | Error e) {
                ahead.result.completeExceptionally(e);
            }
        });
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
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
