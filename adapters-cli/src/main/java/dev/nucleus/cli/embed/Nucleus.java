package dev.nucleus.cli.embed;

import dev.nucleus.cli.common.CallerFds;
import dev.nucleus.cli.common.ExitCodes;
import dev.nucleus.cli.common.GlobalOption;
import dev.nucleus.cli.common.GlobalSettings;
import dev.nucleus.cli.common.UsageException;
import dev.nucleus.cli.config.ConfigDocumentException;
import dev.nucleus.cli.events.CliAudit;
import dev.nucleus.cli.run.CallerIdentity;
import dev.nucleus.cli.run.RunCommand;
import dev.nucleus.cli.run.RunCommandSpec;
import dev.nucleus.cli.run.RunInvocation;
import dev.nucleus.domain.host.HostCapabilities;
import dev.nucleus.domain.launch.InvalidRequestException;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.domain.spec.RuntimeKind;
import dev.nucleus.domain.value.EnvVar;
import dev.nucleus.linux.backend.NativeBackend;
import dev.nucleus.ports.ProgramNotRunnable;
import dev.nucleus.linux.backend.SubordinateIdFiles;
import dev.nucleus.linux.cgroup.LinuxCgroupDriver;
import dev.nucleus.linux.probe.LinuxHostProbe;
import dev.nucleus.linux.state.StateDirectory;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.PolicyRejectedException;
import dev.nucleus.ports.in.RunContainer;
import dev.nucleus.ports.out.AuditLog;
import dev.nucleus.ports.out.EventSink;
import dev.nucleus.ports.out.HostProbe;
import dev.nucleus.ports.out.LaunchSecrets;
import dev.nucleus.ports.service.ForegroundRun;
import dev.nucleus.ports.service.LaunchResolution;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Launches containers from a long-lived JVM, without a JVM (or a {@code nucleus} process) per
 * sandbox: the same flags as {@code nucleus run}, the same validation, modes and native backend,
 * wired here as the CLI wires them. The host is probed once per instance; launches may run
 * concurrently from several threads. Each call runs its container in the foreground and returns
 * the workload's exit status; the workload inherits this process's stdin, stdout and stderr.
 *
 * <pre>{@code
 * Nucleus nucleus = Nucleus.create();
 * int status = nucleus.run("--memory", "256M", "--", "/bin/sh", "-c", "echo hi");
 * }</pre>
 */
public final class Nucleus {
    private final Invoker invoker;
    private final GlobalSettings globals;
    private final EventSink events;
    private final AuditLog audit;
    private final NativeBackend backend;
    private final RunContainer runner;

    private Nucleus(Builder b) throws NucleusException {
        this.invoker = CallerIdentity.current();
        GlobalSettings g = GlobalSettings.empty();
        try {
            if (b.stateRoot != null) {
                g = g.with(GlobalOption.ROOT, b.stateRoot.toString());
            }
            if (b.auditLog != null) {
                g = g.with(GlobalOption.AUDIT_LOG, b.auditLog.toString());
            }
            this.globals = g;
            this.events = b.events;
            this.audit = CliAudit.open(globals, invoker.uid(), events);
        } catch (UsageException e) {
            throw new NucleusException(ExitCodes.INVALID, e.getMessage(), e);
        }
        Path base = StateDirectory.of(globals.get(GlobalOption.ROOT), invoker.uid());
        this.backend = new NativeBackend(invoker.uid(), base, System.getenv("CREDENTIALS_DIRECTORY"),
                new LinuxCgroupDriver(), audit);
        this.runner = new ForegroundRun(probedOnce(new LinuxHostProbe()), backend, events);
    }

    /** An instance with the CLI's defaults: the default state directory and audit log, no events. */
    public static Nucleus create() throws NucleusException {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** As {@code nucleus run ARGS...}: flags, then {@code --}, then the workload's argv. */
    public int run(String... args) throws NucleusException {
        return run(List.of(args), Map.of());
    }

    /**
     * As {@code nucleus run ARGS...}, with {@code secretEnvironment} added to the workload's
     * environment the way {@code --env-fd} adds it: never in argv, the spec, the state or events.
     */
    public int run(List<String> args, Map<String, String> secretEnvironment) throws NucleusException {
        ContainerSpec spec = resolve(args);
        if (spec.request().lifecycle().detach()) {
            throw new NucleusException(ExitCodes.INVALID, "-d: an embedded launch runs in the caller's thread; "
                    + "run it on a thread of your own, or detach with the nucleus CLI", null);
        }
        if (spec.request().runtime().kind() == RuntimeKind.GVISOR) {
            throw new NucleusException(ExitCodes.INVALID, "--runtime gvisor: embedded launches use the native"
                    + " backend; run gVisor containers with the nucleus CLI", null);
        }
        if (spec.request().workload().envFd().isPresent()) {
            throw new NucleusException(ExitCodes.INVALID, "--env-fd: pass secrets as run(args, secretEnvironment)", null);
        }
        List<EnvVar> secrets = new ArrayList<>();
        secretEnvironment.forEach((k, v) -> secrets.add(new EnvVar(k, v)));
        try {
            return runner.run(spec, new LaunchSecrets(secrets));
        } catch (ProgramNotRunnable e) {
            throw new NucleusException(e.exitStatus(), e.getMessage(), e);
        } catch (PolicyRejectedException e) {
            throw new NucleusException(ExitCodes.INVALID, e.getMessage(), e);
        } catch (LaunchFailedException e) {
            throw new NucleusException(ExitCodes.RUNTIME_FAILURE, e.getMessage(), e);
        }
    }

    /** The validated spec {@code nucleus run --dry-run ARGS...} would print; nothing is launched. */
    public ContainerSpec resolve(List<String> args) throws NucleusException {
        try {
            RunInvocation inv = RunCommandSpec.read("run", args, globals);
            if (inv.help() || inv.dryRun() || inv.timings()) {
                throw new UsageException("--help, --dry-run and --timings are the CLI's; call resolve() for a dry run");
            }
            return new LaunchResolution(new SubordinateIdFiles())
                    .resolve(RunCommand.request(inv, CallerFds.inProcess()), invoker);
        } catch (UsageException e) {
            throw new NucleusException(ExitCodes.INVALID, e.getMessage(), e);
        } catch (ConfigDocumentException e) {
            throw new NucleusException(ExitCodes.INVALID, "invalid config document: " + joined(e.problems()), e);
        } catch (InvalidRequestException e) {
            throw new NucleusException(ExitCodes.INVALID, "refused: " + joined(e.problems()), e);
        }
    }

    private static String joined(List<?> problems) {
        return String.join("; ", problems.stream().map(Object::toString).toList());
    }

    /** The host's capabilities do not change under a running process: probe them once. */
    private static HostProbe probedOnce(HostProbe probe) {
        return new HostProbe() {
            private volatile HostCapabilities capabilities;

            @Override
            public HostCapabilities probe() {
                HostCapabilities c = capabilities;
                if (c == null) {
                    c = probe.probe();
                    capabilities = c;
                }
                return c;
            }
        };
    }

    /** Settings of a {@link Nucleus}; each is optional. */
    public static final class Builder {
        private Path stateRoot;
        private Path auditLog;
        private EventSink events = EventSink.NONE;

        private Builder() {
        }

        /** As {@code --root}: where container state lives (default /run/nucleus for root). */
        public Builder stateRoot(Path dir) {
            this.stateRoot = dir;
            return this;
        }

        /** As {@code --audit-log}: the hash-chained audit log (default /var/log/nucleus/audit.jsonl for root). */
        public Builder auditLog(Path file) {
            this.auditLog = file;
            return this;
        }

        /** Where lifecycle events and warnings go (default: nowhere). */
        public Builder events(EventSink sink) {
            this.events = sink;
            return this;
        }

        public Nucleus build() throws NucleusException {
            return new Nucleus(this);
        }
    }
}
