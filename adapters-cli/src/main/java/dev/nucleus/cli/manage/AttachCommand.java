package dev.nucleus.cli.manage;

import dev.nucleus.cli.common.ExitCodes;
import dev.nucleus.cli.common.UsageException;
import dev.nucleus.cli.events.CliAudit;
import dev.nucleus.domain.audit.AuditEvent;
import dev.nucleus.domain.audit.AuditRecord;
import dev.nucleus.domain.audit.CommandRedaction;
import dev.nucleus.ports.out.EventSink;
import dev.nucleus.domain.lifecycle.ContainerState;
import dev.nucleus.gvisor.GvisorAttach;
import dev.nucleus.linux.process.NativeHelperPrograms;
import dev.nucleus.linux.backend.ContainerAttach;
import dev.nucleus.ports.ProgramNotRunnable;
import dev.nucleus.linux.cgroup.LinuxCgroupDriver;
import dev.nucleus.linux.state.FileStateStore;
import dev.nucleus.ports.ContainerCommandException;
import dev.nucleus.ports.LaunchFailedException;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nucleus attach CONTAINER [-- CMD]}: run a command inside a running container. */
public final class AttachCommand extends ManagementCommand {
    String container;
    List<String> command;

    @Override
    public CommandSpec programmaticSpec() {
        return SpecBuilder.of(this, "attach",
                        "Run a command (default /bin/sh) inside a running container: every namespace and the cgroup,",
                        "with the workload's own identity, capabilities, Landlock and seccomp.")
                .container(v -> container = v, "1")
                .parameters(v -> command = v, "1..*", "0..*", "CMD", "Command and arguments (default /bin/sh).")
                .build();
    }

    @Override
    void validate() {
        ContainerNames.check(this, container);
    }

    @Override
    String pendingBackend() {
        return "";
    }

    /** A gVisor container: runsc exec with the workload's own process spec. */
    private int gvisor(ContainerState state, List<String> argv) throws ContainerCommandException,
            LaunchFailedException {
        if (state.process().isEmpty()) {
            throw new ContainerCommandException("container " + state.facts().shortId() + " is " + state.label()
                    + ": only a running container can be attached to");
        }
        return GvisorAttach.run(stateBase(), state.facts().id(), argv, new NativeHelperPrograms());
    }

    /** container_exec in the audit log: who ran what (redacted) in which container, and how it ended. */
    private void audit(ContainerState state, long uid, List<String> argv, int status) {
        try {
            CliAudit.open(globalSettings(), uid, EventSink.NONE).record(AuditRecord.of(state.facts().id(),
                    state.facts().name(), AuditEvent.CONTAINER_EXEC, "uid " + uid + " attached: "
                            + String.join(" ", CommandRedaction.redact(argv)) + " (exit " + status + ")"));
        } catch (UsageException | RuntimeException e) {
            spec.commandLine().getErr().println("nucleus attach: warning: not audited: " + e.getMessage());
        }
    }

    @Override
    Integer execute() {
        PrintWriter err = spec.commandLine().getErr();
        return manage((containers, uid, out) -> {
            ContainerState state = containers.inspect(container);
            if (state.facts().ownerUid() != uid && uid != 0) {
                throw new ContainerCommandException("container " + state.facts().shortId() + " belongs to uid "
                        + state.facts().ownerUid() + ": only its owner or root may attach to it");
            }
            out.flush();
            List<String> argv = command == null || command.isEmpty() ? List.of("/bin/sh") : command;
            try {
                int status = "gvisor".equals(state.facts().runtime()) ? gvisor(state, argv)
                        : new ContainerAttach(new FileStateStore(stateBase()), new LinuxCgroupDriver()).run(state, argv);
                audit(state, uid, argv, status);
                return status;
            } catch (ProgramNotRunnable e) {
                err.println("nucleus attach: " + e.getMessage());
                return e.exitStatus();
            } catch (LaunchFailedException e) {
                err.println("nucleus attach: " + e.getMessage());
                return ExitCodes.RUNTIME_FAILURE;
            }
        });
    }
}
