package dev.nucleus.cli.manage;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nucleus checkpoint CONTAINER -o DIR}: CRIU dump. */
@Command(name = "checkpoint", mixinStandardHelpOptions = true,
        description = "Checkpoint a running native container with CRIU (4.1 or later) into a signed directory.")
public final class CheckpointCommand extends ManagementCommand {
    @Parameters(index = "0", paramLabel = "CONTAINER", description = SpecBuilder.CONTAINER_HELP)
    String container;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Directory to write.")
    String output;

    @Option(names = "--leave-running", description = "Keep the container running after the dump.")
    boolean leaveRunning;

    @Override
    void validate() {
        ContainerNames.check(this, container);
    }

    @Override
    String pendingBackend() {
        return "nucleus checkpoint: CRIU integration (needs CRIU 4.1+, later issue)";
    }
}
