package dev.nucleus.cli.run;

import dev.nucleus.cli.common.ExitCodes;
import dev.nucleus.cli.common.GlobalOption;
import dev.nucleus.cli.common.GlobalSettings;
import dev.nucleus.cli.common.NotImplementedYet;
import dev.nucleus.cli.common.ProblemReport;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.domain.spec.RuntimeKind;
import dev.nucleus.gvisor.GvisorBackend;
import dev.nucleus.linux.process.NativeHelperPrograms;
import dev.nucleus.linux.backend.NativeBackend;
import dev.nucleus.linux.cgroup.LinuxCgroupDriver;
import dev.nucleus.linux.state.FileStateStore;
import dev.nucleus.linux.state.StateDirectory;
import dev.nucleus.linux.supervise.Supervisors;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.out.LaunchSecrets;
import dev.nucleus.ports.out.ServiceSupervisor;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code run -d} / {@code create -d}: hands the validated launch to a supervisor, waits until the
 * container runs (or its start failed, whose messages and exit status become this command's),
 * and prints the container's id.
 */
public final class Detach {
    private Detach() {
    }

    public static int start(String command, RawLaunchRequest request, ContainerSpec spec, LaunchSecrets secrets,
                            Invoker invoker, GlobalSettings globals, PrintWriter out, PrintWriter err) {
        Started started = launch(command, request, spec, secrets, invoker, globals, err);
        if (started.status() == ExitCodes.OK && !spec.request().lifecycle().quietId()) {
            out.println(started.id());
            out.flush();
        }
        return started.status();
    }

    /** What the runtime the launch asks for cannot do yet (refused with exit 125), as the user wrote it. */
    public static List<String> unsupported(ContainerSpec spec, Path base, Invoker invoker) {
        return spec.request().runtime().kind() == RuntimeKind.GVISOR
                ? new GvisorBackend(base, s -> null, null, null, invoker.uid(), new NativeHelperPrograms())
                        .unsupported(spec)
                : new NativeBackend(invoker.uid(), base, null, new LinuxCgroupDriver()).unsupported(spec);
    }

    /** A detached launch's exit status, and the id of the container when it runs (status 0). */
    public record Started(int status, String id) {
    }

    /**
     * Starts the launch under a supervisor and returns once the container runs or its start
     * failed; the failure's messages go to {@code err}.
     */
    public static Started launch(String command, RawLaunchRequest request, ContainerSpec spec, LaunchSecrets secrets,
                                 Invoker invoker, GlobalSettings globals, PrintWriter err) {
        if (globals.get(GlobalOption.EVENTS_FD).isPresent()) {
            return new Started(ProblemReport.usage(err, command, "--events-fd cannot be combined with --detach: the"
                    + " fd belongs to this command, which exits once the container runs; use --events-jsonl FILE"), "");
        }
        Path base = StateDirectory.of(globals.get(GlobalOption.ROOT), invoker.uid());
        List<String> unsupported = unsupported(spec, base, invoker);
        if (!unsupported.isEmpty()) {
            return new Started(NotImplementedYet.report(err, String.join("; ", unsupported)), "");
        }
        String home = System.getProperty("nucleus.home");
        if (home == null) {
            err.println("nucleus " + command + ": --detach needs the installed launcher (bin/nucleus): nucleus.home is"
                    + " not set");
            return new Started(ExitCodes.RUNTIME_FAILURE, "");
        }
        ServiceSupervisor supervisor = Supervisors.forHost(base, new FileStateStore(base),
                List.of(Path.of(home, "bin", "nucleus").toString(), "supervise"), System.getenv(), invoker.uid());
        String id = NativeBackend.newId();
        ServiceSupervisor.Outcome outcome;
        try {
            LaunchDocument document = new LaunchDocument(id, command, request, globals, secrets);
            outcome = supervisor.pipesSecrets()
                    ? supervisor.start(id, document.toJson(false), document.secretsJson())
                    : supervisor.start(id, document.toJson());
        } catch (LaunchFailedException e) {
            err.println("nucleus " + command + ": " + e.getMessage());
            return new Started(ExitCodes.RUNTIME_FAILURE, "");
        }
        err.print(outcome.messages());
        if (outcome.status() != 0) {
            removeWhatAFailedStartLeft(base, id, invoker, command, err);
        }
        err.flush();
        return new Started(outcome.status(), outcome.status() == 0 ? id : "");
    }

    /**
     * A start that failed leaves nothing: a supervisor that reported its failure removed what it
     * made, but one that died during the set-up (killed) left a failed container, its cgroups,
     * network, staged secrets and name, which are removed here as {@code rm --force} would.
     */
    private static void removeWhatAFailedStartLeft(Path base, String id, Invoker invoker, String command,
                                                   PrintWriter err) {
        try {
            if (new FileStateStore(base).load(id).isPresent()) {
                dev.nucleus.cli.common.HostContainers.of(base).remove(id, true, invoker.uid());
            }
        } catch (dev.nucleus.ports.ContainerCommandException | dev.nucleus.ports.StateStoreException e) {
            err.println("nucleus " + command + ": what the failed start left could not be removed (" + e.getMessage()
                    + "); remove it with nucleus rm --force " + id);
        }
    }
}
