package dev.nucleus.cli.manage;

import dev.nucleus.cli.common.ExitCodes;
import dev.nucleus.linux.state.HealthFile;
import dev.nucleus.linux.state.OciState;
import picocli.CommandLine.Model.CommandSpec;


/** {@code nucleus state [CONTAINER]}: OCI state of one container, or a table of all. */
public final class StateCommand extends ManagementCommand {
    String container;
    boolean all;
    boolean json;

    @Override
    public CommandSpec programmaticSpec() {
        return SpecBuilder.of(this, "state",
                        "With a container: print its OCI state JSON (ociVersion, id, status, pid, bundle, annotations).",
                        "Without: list containers like 'ps'.")
                .container(v -> container = v, "0..1")
                .flag(v -> all = v, "Include stopped containers.", "-a", "--all")
                .flag(v -> json = v, "Print the list as JSON.", "--json")
                .build();
    }

    @Override
    void validate() {
        if (container != null) {
            ContainerNames.check(this, container);
        }
    }

    @Override
    String pendingBackend() {
        return "";
    }

    @Override
    Integer execute() {
        if (container == null) {
            return PsCommand.list(this, all, json, null);
        }
        return manage((containers, uid, out) -> {
            var state = containers.inspect(container);
            out.println(OciState.json(state, HealthFile.read(stateBase().resolve(state.facts().id()))));
            return ExitCodes.OK;
        });
    }
}
