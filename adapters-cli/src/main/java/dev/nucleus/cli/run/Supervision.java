package dev.nucleus.cli.run;

import dev.nucleus.cli.common.CallerFds;
import dev.nucleus.cli.common.ProblemReport;
import dev.nucleus.cli.common.UsageException;
import dev.nucleus.cli.events.CliAudit;
import dev.nucleus.cli.events.CliEvents;
import dev.nucleus.cli.logging.CliLog;
import dev.nucleus.domain.event.ContainerEvent;
import dev.nucleus.domain.event.HealthStatus;
import dev.nucleus.domain.launch.InvalidRequestException;
import dev.nucleus.domain.lifecycle.ContainerProcess;
import dev.nucleus.domain.lifecycle.SupervisorAnnotations;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.domain.spec.RestartPolicy;
import dev.nucleus.linux.backend.NativeBackend;
import dev.nucleus.linux.backend.SubordinateIdFiles;
import dev.nucleus.linux.state.FileStateStore;
import dev.nucleus.linux.state.ProcStart;
import dev.nucleus.ports.StateStoreException;
import dev.nucleus.ports.out.AuditLog;
import dev.nucleus.ports.out.EventSink;
import dev.nucleus.ports.service.LaunchResolution;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A supervisor's work: resolve the launch again (it was validated by the command that printed
 * the id; a different answer now is reported, not run), run the container in the foreground of
 * this detached process, and under {@code --restart on-failure} run it again, with a growing
 * pause, each time it fails — unless {@code nucleus stop} ended it. A start that fails leaves
 * nothing behind: the command that waits for it reports the failure.
 */
final class Supervision {
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    private static final long POLL_MILLIS = 100;

    private final LaunchDocument doc;
    private final Invoker invoker;
    private final Path stateBase;
    private final PrintWriter err;
    private final Runnable started;
    private final String kind;
    private final OutputStream hookOutput;
    private final Runnable outputLogged;

    /**
     * {@code hookOutput}: where hooks print, in order with {@code err} (null: this process's
     * stderr, as under systemd, whose journal has both); {@code outputLogged} returns once what
     * the workload wrote is in its log (nothing to wait for under systemd).
     */
    Supervision(LaunchDocument doc, Invoker invoker, Path stateBase, PrintWriter err, OutputStream hookOutput,
                Runnable outputLogged, Runnable started, String kind) {
        this.doc = doc;
        this.invoker = invoker;
        this.stateBase = stateBase;
        this.err = err;
        this.hookOutput = hookOutput;
        this.outputLogged = outputLogged;
        this.started = started;
        this.kind = kind;
    }

    /** This supervisor's process, recorded so that rm --force can wait for it. */
    private static ContainerProcess self() {
        long pid = ProcessHandle.current().pid();
        return new ContainerProcess(pid, ProcStart.of(pid).orElse(0));
    }

    int run() {
        CliLog.configure(doc.globals());
        ContainerSpec spec;
        try {
            spec = new LaunchResolution(new SubordinateIdFiles()).resolve(doc.request(), invoker);
        } catch (InvalidRequestException e) {
            return ProblemReport.print(err, doc.command(), "refused", e.problems());
        }
        RestartPolicy policy = spec.request().lifecycle().restart();
        int workloadStatus = 0;
        for (int restarts = 0; ; restarts++) {
            AtomicBoolean running = new AtomicBoolean();
            AtomicBoolean stopAsked = new AtomicBoolean();
            AtomicBoolean unhealthy = new AtomicBoolean(); // the health monitor stops it right after saying so
            int status;
            try (CliEvents events = CliEvents.open(doc.globals(), err, CallerFds.none())) {
                AuditLog audit = CliAudit.open(doc.globals(), invoker.uid(), events);
                EventSink watched = event -> {
                    events.emit(event);
                    if (event instanceof ContainerEvent.Started) {
                        running.set(true);
                        started.run();
                    } else if (event instanceof ContainerEvent.HealthChanged h && h.status() == HealthStatus.UNHEALTHY) {
                        unhealthy.set(true);
                    }
                };
                status = Launch.foreground(doc.command(), spec, doc.secrets(), invoker, err, watched, audit,
                        doc.globals(), Optional.of(new NativeBackend.Supervised(doc.id(),
                                SupervisorAnnotations.of(kind, self()), restarts, stopAsked, hookOutput, outputLogged)));
            } catch (UsageException e) {
                return ProblemReport.usage(err, doc.command(), e.getMessage());
            }
            if (!running.get()) {
                if (restarts == 0) {
                    forget(); // never ran: the waiting command reports why, and nothing is left
                    return status;
                }
                return workloadStatus; // a restart that did not run (stopped meanwhile): the last run's
            }
            workloadStatus = status;
            if (stopAsked.get() || !policy.restartsAfter(status, unhealthy.get(), restarts)) {
                return status;
            }
            err.println("nucleus: the workload " + (unhealthy.get() ? "was stopped as unhealthy and " : "")
                    + "exited with " + status + "; restart " + (restarts + 1)
                    + (policy.maxRetries() > 0 ? " of " + policy.maxRetries() : "") + " (--restart "
                    + policy.cliName() + ")");
            err.flush();
            if (!pause(restarts)) {
                err.println("nucleus: stopped (nucleus stop or rm) before restart " + (restarts + 1) + ": not restarted");
                err.flush();
                return status;
            }
        }
    }

    /**
     * 1 s, 2 s, 4 s, ... at most 30 s between restarts; false when a stop was recorded (or the
     * container removed) meanwhile. The restart itself checks once more, under the state's lock.
     */
    private boolean pause(int restarts) {
        long deadline = System.nanoTime() + Math.min(MAX_BACKOFF_MILLIS, 1000L << Math.min(restarts, 5)) * 1_000_000;
        FileStateStore store = new FileStateStore(stateBase);
        try {
            while (true) {
                if (store.stopping(doc.id()) || store.load(doc.id()).isEmpty()) {
                    return false;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                Thread.sleep(Math.min(POLL_MILLIS, left / 1_000_000 + 1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (StateStoreException e) {
            return true; // unreadable for now: the restart's own check under the lock decides
        }
    }

    private void forget() {
        try {
            new FileStateStore(stateBase).remove(doc.id());
        } catch (StateStoreException e) {
            err.println("nucleus: cannot remove the state of the container that did not start: " + e.getMessage());
        }
    }

}
