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
 * {@code run}/{@code create} starts: it needs nothing from the request (Landlock and seccomp
 * support, the native library), so it runs on the second core while the request is parsed and
 * validated. It probes what a launch reads ({@link LinuxHostProbe#forLaunch}): the two namespace
 * probes, which only some modes read and which, as cloned children, were its slowest part, are
 * left out (those modes have them probed when they take it), and so is which cgroup controllers
 * are usable, which only {@code doctor} reads. The result is handed over by the worker task's
 * monitor, not a {@code FutureTask}, whose VarHandles are the only ones a launch would otherwise
 * set up (some 0.4 ms of a cold start).
 * Once it is, the worker goes on to resolve this process's cgroup hierarchies, which the launch's
 * cgroup creation reads again and parses a millisecond or two later
 * ({@link LinuxCgroupDriver#resolveAhead}). The launch then goes on with the same thread
 * ({@link #takeWorker}): a second thread cost the launching thread some 0.25 ms to start.
 */
final class HostProbeAhead implements HostProbe {
    private static HostProbeAhead pending;
    private static LaunchWorker pendingWorker;

    // Written by the probe's task, read once it is done: the task's monitor orders them.
    private HostCapabilities result;
    private Throwable failure;
    private LaunchWorker.Task probed;

    private HostProbeAhead() {
    }

    /** Begins probing; the next {@link #take} returns it. */
    static synchronized void start() {
        HostProbeAhead ahead = new HostProbeAhead();
        LaunchWorker worker = new LaunchWorker();
        ahead.probed = worker.submit(ahead::probeNow);
        worker.submit(LinuxCgroupDriver::resolveAhead);
        pending = ahead;
        pendingWorker = worker;
    }

    /**
     * The probe's worker, for the launch's own work ahead (queued after the probe's tasks), once;
     * the caller closes it. A new worker when none was begun or it was taken.
     */
    static synchronized LaunchWorker takeWorker() {
        LaunchWorker worker = pendingWorker;
        pendingWorker = null;
        return worker != null ? worker : new LaunchWorker();
    }

    /** Lets the probe's worker end when no launch took it (a usage error, --help, gVisor, -d). */
    static synchronized void release() {
        if (pendingWorker != null) {
            pendingWorker.close();
            pendingWorker = null;
        }
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
            result = LinuxHostProbe.forLaunch().probe();
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
