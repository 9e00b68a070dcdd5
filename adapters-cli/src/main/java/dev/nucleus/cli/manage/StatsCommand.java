package dev.nucleus.cli.manage;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nucleus stats [CONTAINER]}: live resource usage. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Show CPU time and %, memory usage/limit/%, swap, pids and I/O of one or all running containers.")
public final class StatsCommand extends ManagementCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "CONTAINER", description = "Id, unique id prefix, or name.")
    String container;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = {"-w", "--watch"}, description = "Refresh in place until interrupted.")
    boolean watch;

    @Override
    void validate() {
        if (container != null) {
            ContainerNames.check(this, container);
        }
        if (json && watch) {
            throw bad("--json and --watch cannot be combined");
        }
    }

    @Override
    String pendingBackend() {
        return "nucleus stats: the cgroup drivers (resource-control issue)";
    }
}
