package dev.nucleus.cli.manage;

import dev.nucleus.cli.common.ExitCodes;
import dev.nucleus.domain.lifecycle.ContainerState;
import dev.nucleus.domain.lifecycle.SupervisorAnnotations;
import dev.nucleus.linux.supervise.ContainerLogs;
import dev.nucleus.linux.supervise.SystemdRunCommand;
import dev.nucleus.ports.ContainerCommandException;
import dev.nucleus.ports.StateStoreException;
import dev.nucleus.ports.in.ManageContainers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nucleus logs CONTAINER}: the workload's captured output. */
public final class LogsCommand extends ManagementCommand {
    String container;
    boolean follow;
    Integer lines;
    boolean timestamps;

    @Override
    public CommandSpec programmaticSpec() {
        return SpecBuilder.of(this, "logs", "Print a container's output.")
                .container(v -> container = v, "1")
                .flag(v -> follow = v, "Keep printing new output.", "-f", "--follow")
                .count(v -> lines = v, "N", "Only the last N lines.", "-n", "--lines")
                .flag(v -> timestamps = v, "Prefix each line with its time.", "--timestamps")
                .build();
    }

    @Override
    void validate() {
        ContainerNames.check(this, container);
        if (lines != null && lines < 0) {
            throw bad("--lines: invalid value '" + lines + "': expected 0 or more");
        }
    }

    @Override
    String pendingBackend() {
        return "";
    }

    @Override
    Integer execute() {
        return manage((containers, uid, out) -> {
            ContainerState state = containers.inspect(container);
            if (state.facts().ownerUid() != uid && uid != 0) {
                throw new ContainerCommandException("container " + state.facts().shortId() + " belongs to uid "
                        + state.facts().ownerUid() + ": only its owner or root may read its output");
            }
            String supervisor = state.facts().annotations().get(SupervisorAnnotations.KIND);
            if (supervisor == null) {
                throw new ContainerCommandException("container " + state.facts().shortId() + " ran in the foreground:"
                        + " its output went to the terminal that ran it (only detached containers, create -d, have"
                        + " logs)");
            }
            out.flush();
            if (supervisor.equals("systemd")) {
                return journal(state.facts().id(), uid);
            }
            String id = state.facts().id();
            ContainerLogs logs = new ContainerLogs(stateBase().resolve(id), System.out, System.err, timestamps);
            int last = lines == null ? -1 : lines;
            try {
                if (follow) {
                    dev.nucleus.linux.state.FileStateStore store = new dev.nucleus.linux.state.FileStateStore(stateBase());
                    logs.follow(last, () -> running(containers, store, id));
                } else {
                    logs.print(last);
                }
            } catch (IOException e) {
                throw new StateStoreException("cannot read the log of " + state.facts().shortId() + ": "
                        + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ExitCodes.OK;
        });
    }

    /**
     * Whether more output may come: the workload runs, or it ended and its supervisor, alive, has
     * not recorded the end yet. The supervisor writes what the workload printed last into the log
     * before it records the end, so following until then loses none of it (the workload's process
     * is gone before that; a supervisor that died records nothing, and then its death decides).
     */
    private static boolean running(ManageContainers containers, dev.nucleus.linux.state.FileStateStore store,
                                   String id) {
        try {
            if (containers.inspect(id).process().isPresent()) {
                return true;
            }
            Optional<ContainerState> recorded = store.load(id);
            return recorded.isPresent()
                    && (recorded.get() instanceof ContainerState.Running || recorded.get() instanceof ContainerState.Stopping)
                    && SupervisorAnnotations.process(recorded.get().facts().annotations())
                            .map(dev.nucleus.linux.state.ProcStart::alive).orElse(false);
        } catch (ContainerCommandException | StateStoreException e) {
            return false; // removed meanwhile
        }
    }

    /** A systemd-supervised container's output is the journal's. */
    private int journal(String id, long uid) throws StateStoreException {
        List<String> argv = new ArrayList<>(List.of("journalctl", "--no-pager", "-o",
                timestamps ? "short-iso-precise" : "cat", "-u", SystemdRunCommand.unitName(id)));
        if (uid != 0) {
            argv.add(1, "--user");
        }
        if (lines != null) {
            argv.add("-n");
            argv.add(lines.toString());
        }
        if (follow) {
            argv.add("-f");
        }
        try {
            return new ProcessBuilder(argv).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new StateStoreException("cannot run journalctl: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.RUNTIME_FAILURE;
        }
    }
}
