package dev.nucleus.cli.manage;

import dev.nucleus.cli.common.ExitCodes;


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

    @Override
    Integer execute() {
        return manage((containers, uid, out) -> {
            for (String c : this.containers) {
                String id;
                try {
                    id = containers.inspect(c).facts().id();
                } catch (dev.nucleus.ports.ContainerCommandException unknown) {
                    id = c; // no readable state: only its full id can name it, and remove says whether it does
                }
                containers.remove(c, force, uid);
                out.println(id);
            }
            return ExitCodes.OK;
        });
    }
}
