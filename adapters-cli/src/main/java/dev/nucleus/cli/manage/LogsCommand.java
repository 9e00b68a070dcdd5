package dev.nucleus.cli.manage;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nucleus logs CONTAINER}: the workload's captured output. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Print a container's output.")
public final class LogsCommand extends ManagementCommand {
    @Parameters(index = "0", paramLabel = "CONTAINER", description = "Id, unique id prefix, or name.")
    String container;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new output.")
    boolean follow;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", description = "Only the last N lines.")
    Integer lines;

    @Option(names = "--timestamps", description = "Prefix each line with its time.")
    boolean timestamps;

    @Override
    void validate() {
        ContainerNames.check(this, container);
        if (lines != null && lines < 0) {
            throw bad("--lines: invalid value '" + lines + "': expected 0 or more");
        }
    }

    @Override
    String pendingBackend() {
        return "nucleus logs: container output capture (lifecycle issue)";
    }
}
