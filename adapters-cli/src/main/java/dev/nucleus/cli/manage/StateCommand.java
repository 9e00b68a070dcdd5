package dev.nucleus.cli.manage;

import dev.nucleus.cli.common.ExitCodes;
import dev.nucleus.cli.output.ContainerViews;
import dev.nucleus.linux.state.HealthFile;
import dev.nucleus.linux.state.OciState;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nucleus state [CONTAINER]}: OCI state of one container, or a table of all. */
@Command(name = "state", mixinStandardHelpOptions = true,
        description = {"With a container: print its OCI state JSON (ociVersion, id, status, pid, bundle, annotations).",
                "Without: list containers like 'ps'."})
public final class StateCommand extends ManagementCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "CONTAINER", description = "Id, unique id prefix, or name.")
    String container;

    @Option(names = {"-a", "--all"}, description = "Include stopped containers.")
    boolean all;

    @Option(names = "--json", description = "Print the list as JSON.")
    boolean json;

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
