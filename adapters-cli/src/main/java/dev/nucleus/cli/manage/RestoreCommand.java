package dev.nucleus.cli.manage;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nucleus restore -i DIR}: CRIU restore under a new id. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore a checkpoint (verified first) as a new container.")
public final class RestoreCommand extends ManagementCommand {
    @Option(names = {"-i", "--input"}, required = true, paramLabel = "DIR", description = "Checkpoint directory.")
    String input;

    @Option(names = "--name", paramLabel = "NAME", description = "Name of the restored container (default <name>-restored).")
    String name;

    @Override
    void validate() {
        if (name != null) {
            ContainerNames.check(this, name);
        }
    }

    @Override
    String pendingBackend() {
        return "nucleus restore: CRIU integration (needs CRIU 4.1+, later issue)";
    }
}
