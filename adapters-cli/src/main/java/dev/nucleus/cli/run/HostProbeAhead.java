package dev.nucleus.cli.run;

import dev.nucleus.domain.host.HostCapabilities;
import dev.nucleus.domain.host.ModeReadiness;
import dev.nucleus.domain.mode.ServiceMode;
import dev.nucleus.linux.cgroup.LinuxCgroupDriver;
import dev.nucleus.linux.probe.LinuxHostProbe;
import dev.nucleus.linux.sys.LaunchWorker;
import dev.nucleus.ports.out.HostProbe;

/**
 * The host probe of a launch, begun on a worker thread ({@link LaunchWorker}) as soon as
 * {@code run}/{@code create} starts: it needs nothing from the request (mountinfo, cgroups,
 * Landlock and seccomp support, the native library), so it runs on the second core while the
 * request is parsed and validated. It leaves out the two namespace probes, which only some modes
 * read and which, as cloned children, were its slowest part: those modes have them probed when
 * they take it. The result is handed over by the worker task's monitor, not a {@code FutureTask},
 * whose VarHandles are the only ones a launch would otherwise set up (some 0.4 ms of a cold start).
 * Once it is, the worker goes on to resolve this process's cgroup hierarchies, which the launch's
 * cgroup creation reads again and parses a millisecond or two later
 * ({@link LinuxCgroupDriver#resolveAhead}), and then ends.
 */
final class HostProbeAhead implements HostProbe {
    private static HostProbeAhead pending;

    // Written by the probe's task, read once it is done: the task's monitor orders them.
    private HostCapabilities result;
    private Throwable failure;
    private LaunchWorker.Task probed;

    private HostProbeAhead() {
    }

    /** Begins probing; the next {@link #take} returns it. */
    static synchronized void start() {
        HostProbeAhead ahead = new HostProbeAhead();
        try (LaunchWorker worker = new LaunchWorker()) { // its thread ends once both tasks ran
            ahead.probed = worker.submit(ahead::probeNow);
            worker.submit(LinuxCgroupDriver::resolveAhead);
        }
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
        try {
            result = LinuxHostProbe.withoutNamespaces().probe();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
    }

    @Override
    public HostCapabilities probe() {
        probed.awaitUninterruptibly();
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        return result;
    }
}
