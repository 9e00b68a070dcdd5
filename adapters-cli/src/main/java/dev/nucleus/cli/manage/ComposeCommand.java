package dev.nucleus.cli.manage;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nucleus compose ...}: single-host topologies over a dependency DAG. */
@Command(name = "compose", mixinStandardHelpOptions = true,
        description = "Run a topology of services (TOML) in dependency order.",
        subcommands = {ComposeCommand.Validate.class, ComposeCommand.Up.class, ComposeCommand.Ps.class,
                ComposeCommand.Down.class})
public final class ComposeCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand: validate, up, ps (alias state) or down");
    }

    /** Shared {@code -f FILE}. */
    abstract static class TopologyCommand extends ManagementCommand {
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "Topology file (TOML).")
        String file;

        @Override
        String pendingBackend() {
            return "nucleus compose " + spec.name() + ": the topology model (compose issue)";
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Validate a topology and print its startup order.")
    public static final class Validate extends TopologyCommand {
    }

    @Command(name = "up", mixinStandardHelpOptions = true, description = "Start or reconcile a topology.")
    public static final class Up extends TopologyCommand {
        @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", defaultValue = "10",
                description = "Stop timeout for services being replaced (default ${DEFAULT-VALUE}).")
        long timeout;
    }

    @Command(name = "ps", aliases = "state", mixinStandardHelpOptions = true,
            description = "Show the services of a topology and their status.")
    public static final class Ps extends TopologyCommand {
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop a topology in reverse order.")
    public static final class Down extends TopologyCommand {
        @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", defaultValue = "10",
                description = "Seconds to wait after SIGTERM (default ${DEFAULT-VALUE}).")
        long timeout;
    }
}
