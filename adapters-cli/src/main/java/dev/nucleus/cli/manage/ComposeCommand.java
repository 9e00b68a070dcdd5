package dev.nucleus.cli.manage;

import dev.nucleus.cli.common.ExitCodes;
import dev.nucleus.cli.common.ProblemReport;
import dev.nucleus.cli.common.UsageException;
import dev.nucleus.cli.compose.HostTopology;
import dev.nucleus.cli.compose.TopologyDocument;
import dev.nucleus.cli.compose.TopologyFiles;
import dev.nucleus.cli.run.CallerIdentity;
import dev.nucleus.domain.launch.InvalidRequestException;
import dev.nucleus.domain.launch.Problem;
import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.domain.topology.Dependency;
import dev.nucleus.domain.topology.ServiceDefinition;
import dev.nucleus.domain.topology.Topology;
import dev.nucleus.linux.backend.SubordinateIdFiles;
import dev.nucleus.ports.ContainerCommandException;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.ServiceStartException;
import dev.nucleus.ports.StateStoreException;
import dev.nucleus.ports.in.ComposeTopologies;
import dev.nucleus.ports.service.LaunchResolution;
import dev.nucleus.ports.service.TopologyService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

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

    /** Shared {@code -f FILE}: reads the topology, then runs the subcommand over it. */
    abstract static class TopologyCommand extends ManagementCommand {
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "Topology file (TOML).")
        String file;

        /** The file as read: the checks' problems are placed in it. */
        TopologyDocument document;

        @Override
        String pendingBackend() {
            return "";
        }

        @Override
        Integer execute() {
            PrintWriter err = err();
            String name = "compose " + commandName();
            Topology topology;
            try {
                document = TopologyFiles.read(file);
                topology = document.topology();
            } catch (UsageException e) {
                return ProblemReport.usage(err, name, e.getMessage());
            } catch (InvalidRequestException e) {
                return ProblemReport.print(err, name, "invalid topology " + file, e.problems());
            }
            Path base = stateBase();
            Invoker invoker = CallerIdentity.current();
            LaunchResolution resolver = new LaunchResolution(new SubordinateIdFiles());
            ComposeTopologies compose = new TopologyService(resolver,
                    new HostTopology(base, containers(base), resolver, invoker, globalSettings(), err));
            PrintWriter out = spec.commandLine().getOut();
            try {
                return run(compose, topology, invoker, out, err);
            } catch (ComposeTopologies.InvalidTopologyException e) {
                return ProblemReport.print(err, name, "refused: topology " + topology.name(),
                        document.locate(e.problems()));
            } catch (ServiceStartException e) {
                err.println("nucleus " + name + ": " + e.getMessage());
                return e.status();
            } catch (ContainerCommandException e) {
                err.println("nucleus " + name + ": " + e.getMessage());
                return ExitCodes.INVALID;
            } catch (LaunchFailedException | StateStoreException e) {
                err.println("nucleus " + name + ": " + e.getMessage());
                return ExitCodes.RUNTIME_FAILURE;
            } finally {
                out.flush();
                err.flush();
            }
        }

        abstract int run(ComposeTopologies compose, Topology topology, Invoker invoker, PrintWriter out,
                         PrintWriter err) throws ComposeTopologies.InvalidTopologyException, ServiceStartException,
                LaunchFailedException, ContainerCommandException, StateStoreException;
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Validate a topology (each service by the launch rules) and print its startup order.")
    public static final class Validate extends TopologyCommand {
        @Override
        int run(ComposeTopologies compose, Topology topology, Invoker invoker, PrintWriter out, PrintWriter err) {
            List<Problem> problems = compose.validate(topology, invoker);
            if (!problems.isEmpty()) {
                return ProblemReport.print(err, "compose validate", "refused: topology " + topology.name(),
                        document.locate(problems));
            }
            out.println("topology " + topology.name() + ": " + topology.services().size() + " service(s) valid;"
                    + " startup order:");
            int n = 1;
            for (String service : topology.startupOrder()) {
                ServiceDefinition def = topology.services().get(service);
                out.println("  " + n++ + ". " + service + " (" + topology.containerName(service) + ")"
                        + (def.dependsOn().isEmpty() ? "" : " after " + String.join(", ",
                        def.dependsOn().stream().map(ComposeCommand::dependency).toList())));
            }
            return ExitCodes.OK;
        }
    }

    /** up and down stop containers: SIGTERM, then SIGKILL after {@code --timeout}. */
    abstract static class StoppingCommand extends TopologyCommand {
        @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", defaultValue = "10",
                description = "Seconds a container being stopped gets after SIGTERM, before SIGKILL"
                        + " (default ${DEFAULT-VALUE}).")
        long timeout;

        @Override
        void validate() {
            if (timeout < 0) {
                throw bad("--timeout: invalid value '" + timeout + "': expected 0 or more seconds");
            }
        }

        /** Each action's line, printed as it happens. */
        static java.util.function.Consumer<String> progress(PrintWriter out) {
            return line -> {
                out.println(line);
                out.flush();
            };
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Start or reconcile a topology: start what is missing, replace what changed or stopped,"
                    + " remove services no longer in the file.")
    public static final class Up extends StoppingCommand {
        @Override
        int run(ComposeTopologies compose, Topology topology, Invoker invoker, PrintWriter out, PrintWriter err)
                throws ComposeTopologies.InvalidTopologyException, ServiceStartException, LaunchFailedException,
                ContainerCommandException, StateStoreException {
            compose.up(topology, invoker, timeout * 1000, progress(out));
            return ExitCodes.OK;
        }
    }

    @Command(name = "ps", aliases = "state", mixinStandardHelpOptions = true,
            description = "Show the services of a topology and their status.")
    public static final class Ps extends TopologyCommand {
        @Override
        int run(ComposeTopologies compose, Topology topology, Invoker invoker, PrintWriter out, PrintWriter err)
                throws ComposeTopologies.InvalidTopologyException, ServiceStartException, LaunchFailedException,
                ContainerCommandException, StateStoreException {
            out.printf("%-20s %-14s %-32s %s%n", "SERVICE", "CONTAINER", "STATUS", "HEALTH");
            for (ComposeTopologies.ServiceStatus row : compose.status(topology)) {
                out.printf("%-20s %-14s %-32s %s%n", row.service(),
                        row.id().map(id -> id.substring(0, Math.min(12, id.length()))).orElse("-"), row.status(),
                        row.health().orElse("-"));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Stop and remove a topology's containers, dependents first.")
    public static final class Down extends StoppingCommand {
        @Override
        int run(ComposeTopologies compose, Topology topology, Invoker invoker, PrintWriter out, PrintWriter err)
                throws ContainerCommandException, StateStoreException {
            compose.down(topology, timeout * 1000, progress(out));
            return ExitCodes.OK;
        }
    }

    private static String dependency(Dependency d) {
        return d.service() + (d.condition() == Dependency.Condition.HEALTHY ? " (healthy)" : "");
    }
}
