package dev.nucleus.cli.run;

import dev.nucleus.cli.common.ExitCodes;
import dev.nucleus.cli.common.GlobalOption;
import dev.nucleus.cli.common.GlobalSettings;
import dev.nucleus.cli.common.NotImplementedYet;
import dev.nucleus.domain.lifecycle.ContainerProcess;
import dev.nucleus.domain.lifecycle.SupervisorAnnotations;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.domain.spec.RuntimeKind;
import dev.nucleus.gvisor.GvisorBackend;
import dev.nucleus.linux.process.NativeHelperPrograms;
import dev.nucleus.linux.backend.ConsoleSocketRelay;
import dev.nucleus.linux.backend.ContextStager;
import dev.nucleus.linux.backend.HealthMonitor;
import dev.nucleus.linux.backend.ReadinessWatch;
import dev.nucleus.linux.backend.WorkspaceCopy;
import dev.nucleus.linux.backend.HostContainerNames;
import dev.nucleus.linux.backend.NativeBackend;
import dev.nucleus.linux.backend.NetworkDrivers;
import dev.nucleus.linux.backend.Preflight;
import dev.nucleus.linux.hooks.HookFiles;
import dev.nucleus.linux.seccomp.OciProfileWriter;
import dev.nucleus.linux.seccomp.OciSeccompProfiles;
import dev.nucleus.linux.sys.LaunchWorker;
import dev.nucleus.linux.sys.SelfPid;
import dev.nucleus.linux.cgroup.LinuxCgroupDriver;
import dev.nucleus.ports.ProgramNotRunnable;
import dev.nucleus.linux.state.FileStateStore;
import dev.nucleus.linux.state.ProcStart;
import dev.nucleus.linux.state.StateDirectory;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.NotSupportedYetException;
import dev.nucleus.ports.PolicyRejectedException;
import dev.nucleus.ports.out.AuditLog;
import dev.nucleus.ports.out.EventSink;
import dev.nucleus.linux.process.QuitRelay;
import dev.nucleus.ports.out.LaunchSecrets;
import dev.nucleus.ports.out.Telemetry;
import dev.nucleus.ports.service.ForegroundRun;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;

/** Wires the run use case to the backend the request names, and maps its outcome to an exit status. */
public final class Launch {
    private Launch() {
    }

    /** A supervisor's launch: {@link NativeBackend.Supervised} says what it is; no --timings report. */
    public static int foreground(String command, ContainerSpec spec, LaunchSecrets secrets, Invoker invoker,
                                 PrintWriter err, EventSink events, AuditLog audit, GlobalSettings globals,
                                 Optional<NativeBackend.Supervised> supervised) {
        return foreground(command, spec, secrets, invoker, err, events, audit, globals, supervised, false);
    }

    /** --runtime gvisor: the same validated spec, run by runsc from an OCI bundle. */
    private static int gvisor(String command, ContainerSpec spec, LaunchSecrets secrets, Invoker invoker,
                              PrintWriter err, EventSink events, GlobalSettings globals,
                              Optional<NativeBackend.Supervised> supervised, Telemetry.Span root) {
        java.nio.file.Path base = StateDirectory.of(globals.get(GlobalOption.ROOT), invoker.uid());
        // runsc started by posix_spawn, not ProcessBuilder (whose first start scans the class path)
        FileStateStore store = new FileStateStore(base);
        GvisorBackend backend = new GvisorBackend(base, s -> NetworkDrivers.driver(s, base), store,
                new HostContainerNames(base, store), invoker.uid(), new NativeHelperPrograms());
        supervised.ifPresent(how -> backend.supervised(how.id(), how.annotations(), how.restarts(), how.outputLogged()));
        if (supervised.isEmpty()) {
            backend.relayingQuit(QuitRelay::start); // a user's foreground run: Ctrl-\ is for the workload
            backend.foreground(foregroundRuntime()); // stop waits for its teardown
        }
        backend.traced(root);
        backend.consoles(dir -> ConsoleSocketRelay.open(spec.request().lifecycle(), dir));
        backend.contexts(ContextStager::prepare);
        backend.rootViews(dev.nucleus.cli.common.GvisorRootViews.HOST);
        backend.workspaces((source, staged) -> WorkspaceCopy.stage(source, staged)::syncBack);
        backend.healthChecks((id, name, health, probe, sink, stop) -> {
            HealthMonitor monitor = HealthMonitor.start(id, name, health, probe::run, store.directory(id), sink, stop);
            return monitor == null ? () -> { } : monitor::close;
        });
        String credentials = System.getenv("CREDENTIALS_DIRECTORY");
        backend.credentialsDirectory(credentials);
        ForegroundRun run = new ForegroundRun(HostProbeAhead.take(spec.mode()), backend, events);
        try {
            // The native backend's checks before anything is made (exit 2): host paths, attestation,
            // lockdown, the capability policy pinned, parsed and held to the mode.
            backend.capabilities(Preflight.gvisorLaunch(spec, credentials));
            // --sd-notify: READY=1 to the service manager once ready (NOTIFY_SOCKET checked first).
            Optional<String> notifySocket = ReadinessWatch.notifySocket(spec, System.getenv("NOTIFY_SOCKET"));
            backend.readinessChecks((id, name, readiness, probe, timeout, network, sink) -> {
                ReadinessWatch watch = ReadinessWatch.startProbing(id, name, readiness, probe::run, timeout, network,
                        notifySocket, sink);
                return watch == null ? () -> { } : watch::close;
            });
            if (spec.enforcement().procHidepid()) { // production: say what the sandbox's kernel does not do
                events.warning("--runtime gvisor: gVisor's /proc has no hidepid, so production mode's hidepid=2 is not"
                        + " enforced inside the sandbox, and its in-container mount audit is not run (the sandbox"
                        + " mounts what the bundle lists)");
            }
            if (spec.request().lifecycle().hooks().isPresent()) {
                backend.hooks(HookFiles.load(java.nio.file.Path.of(spec.request().lifecycle().hooks().get().path())));
            }
            if (spec.request().security().seccomp().profile().isPresent()) {
                var profile = OciSeccompProfiles.load(spec.request().security().seccomp().profile().get(),
                        java.util.Set.of());
                dev.nucleus.linux.backend.Policies.checkSeccompProfile(spec, profile);
                backend.seccomp(Optional.of(OciProfileWriter.toJson(profile)));
            }
            return run.run(spec, secrets);
        } catch (LaunchFailedException e) {
            return failed(command, err, events, spec, e);
        }
    }

    /** A launch that did not run its workload: the message, and the exit status its kind means. */
    private static int failure(String command, PrintWriter err, LaunchFailedException e) {
        if (e instanceof ProgramNotRunnable p) {
            err.println("nucleus: " + p.getMessage());
            return p.exitStatus();
        }
        if (e instanceof NotSupportedYetException n) {
            return NotImplementedYet.report(err, String.join("; ", n.missing()));
        }
        err.println("nucleus " + command + ": " + e.getMessage());
        return e instanceof PolicyRejectedException ? ExitCodes.INVALID : ExitCodes.RUNTIME_FAILURE;
    }

    /**
     * Runs the launch in the foreground; with {@code timings}, the phases it took are printed to
     * {@code err} once it is over (whatever its outcome).
     */
    static int foreground(String command, ContainerSpec spec, LaunchSecrets secrets, Invoker invoker,
                          PrintWriter err, EventSink events, AuditLog audit, GlobalSettings globals,
                          Optional<NativeBackend.Supervised> supervised, boolean timings) {
        Telemetry telemetry;
        try {
            telemetry = CliTelemetry.open(System.getenv());
        } catch (IllegalArgumentException e) {
            err.println("nucleus " + command + ": " + e.getMessage());
            return ExitCodes.INVALID;
        }
        if (!timings) {
            return launch(command, spec, secrets, invoker, err, events, audit, globals, supervised, telemetry);
        }
        StartTimings recorder = new StartTimings(telemetry);
        int status = launch(command, spec, secrets, invoker, err, events, audit, globals, supervised, recorder);
        err.print(recorder.report(StartTimings.execMark(System.getenv())));
        err.flush();
        return status;
    }

    private static int launch(String command, ContainerSpec spec, LaunchSecrets secrets, Invoker invoker,
                              PrintWriter err, EventSink events, AuditLog audit, GlobalSettings globals,
                              Optional<NativeBackend.Supervised> supervised, Telemetry telemetry) {
        try (telemetry; Telemetry.Span root = telemetry.start("nucleus." + command, Map.of(
                "nucleus.mode", spec.mode().cliName(), "nucleus.runtime", spec.request().runtime().kind().cliName(),
                "nucleus.network", spec.request().network().mode().cliName(),
                "process.executable.name", spec.request().workload().command().getFirst()))) {
            if (spec.request().runtime().kind() == RuntimeKind.GVISOR) {
                return gvisor(command, spec, secrets, invoker, err, events, globals, supervised, root);
            }
            NativeBackend backend = new NativeBackend(invoker.uid(), StateDirectory.of(globals.get(GlobalOption.ROOT),
                    invoker.uid()), System.getenv("CREDENTIALS_DIRECTORY"), new LinuxCgroupDriver(), audit);
            supervised.ifPresent(backend::supervised);
            backend.forwardingSignals(); // this process is the CLI's: signals sent to it are for the workload
            if (supervised.isEmpty()) {
                backend.relayingQuit(); // a user's foreground run: Ctrl-\ is for the workload
                backend.foreground(foregroundRuntime()); // stop waits for its teardown
            }
            backend.traced(root);
            // The probe's thread: no second one to start. Closed here too, for a launch refused
            // before the backend ran (closing twice is nothing).
            try (LaunchWorker worker = HostProbeAhead.takeWorker()) {
                backend.launchingOn(worker);
                return new ForegroundRun(HostProbeAhead.take(spec.mode()), backend, events).run(spec, secrets);
            }
        } catch (LaunchFailedException e) {
            return failed(command, err, events, spec, e);
        }
    }

    /**
     * This process, recorded in a foreground run's state: it tears the container down when it ends.
     * Its pid as /proc numbers it, where stop looks it up (ProcessHandle's first call costs a cold
     * start the JDK's process-reaper set-up).
     */
    private static Map<String, String> foregroundRuntime() {
        long pid = SelfPid.get();
        return SupervisorAnnotations.foreground(new ContainerProcess(pid, ProcStart.of(pid).orElse(0)));
    }

    /** As {@link #failure}, and the events stream hears of it: a launch that never ran still ends there. */
    private static int failed(String command, PrintWriter err, EventSink events, ContainerSpec spec,
                              LaunchFailedException e) {
        int status = failure(command, err, e);
        events.emit(new dev.nucleus.domain.event.ContainerEvent.LaunchFailed(spec.request().name(), status,
                String.valueOf(e.getMessage())));
        return status;
    }
}
