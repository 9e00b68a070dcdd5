package dev.nucleus.cli.manage;

import dev.nucleus.cli.common.ExitCodes;
import dev.nucleus.ports.ContainerCommandException;
import dev.nucleus.ports.StateStoreException;
import dev.nucleus.ports.in.ManageContainers;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nucleus rm} (alias {@code delete}): remove stopped containers and all they left behind. */
public final class RmCommand extends ManagementCommand {
    List<String> containers;
    boolean force;

    @Override
    public CommandSpec programmaticSpec() {
        return SpecBuilder.of(this, "rm",
                        "Remove containers and everything they left: state, cgroups, mounts, veths, rules.")
                .aliases("delete")
                .parameters(v -> containers = v, "0..*", "1..*", "CONTAINER", SpecBuilder.CONTAINER_HELP)
                .flag(v -> force = v, "Stop running containers first.", "-f", "--force")
                .build();
    }

    @Override
    void validate() {
        containers.forEach(c -> ContainerNames.check(this, c));
    }

    @Override
    String pendingBackend() {
        return "";
    }

    /**
     * Every container named is tried, as Docker and Podman do: one that cannot be removed is
     * reported and the rest still go. Exit 2 when any reference was bad (no such container, one
     * still running without --force, another user's), else 125 when any removal failed.
     */
    @Override
    Integer execute() {
        return manage((containers, uid, out) -> {
            boolean invalid = false;
            boolean failed = false;
            for (String c : this.containers) {
                try {
                    out.println(remove(containers, c, uid));
                } catch (ContainerCommandException e) {
                    invalid = report(out, e);
                } catch (StateStoreException e) {
                    failed = report(out, e);
                }
            }
            return invalid ? ExitCodes.INVALID : failed ? ExitCodes.RUNTIME_FAILURE : ExitCodes.OK;
        });
    }

    /** Removes one container; returns its id, as printed. */
    private String remove(ManageContainers containers, String reference, long uid)
            throws ContainerCommandException, StateStoreException {
        String id;
        try {
            id = containers.inspect(reference).facts().id();
        } catch (ContainerCommandException unknown) {
            id = reference; // no readable state: only its full id can name it, and remove says whether it does
        }
        containers.remove(reference, force, uid);
        return id;
    }

    private boolean report(PrintWriter out, Exception e) {
        out.flush(); // the ids removed so far come first
        err().println("nucleus " + commandName() + ": " + e.getMessage());
        err().flush();
        return true;
    }
}
