package dev.nucleus.cli.manage;

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
        return "nucleus state: the container state store (lifecycle issue)";
    }
}
