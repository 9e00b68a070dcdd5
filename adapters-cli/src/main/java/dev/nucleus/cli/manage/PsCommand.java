package dev.nucleus.cli.manage;

import dev.nucleus.cli.common.ExitCodes;
import dev.nucleus.cli.output.ContainerViews;
import dev.nucleus.linux.state.HealthFile;
import dev.nucleus.domain.lifecycle.ContainerState;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;

/** {@code nucleus ps}: list containers. */
@Command(name = "ps", mixinStandardHelpOptions = true, description = "List containers (running only unless --all).")
public final class PsCommand extends ManagementCommand {
    static final List<String> COLUMNS = ContainerViews.COLUMNS;

    @Option(names = {"-a", "--all"}, description = "Include stopped containers.")
    boolean all;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--format", paramLabel = "COLUMNS",
            description = "Comma-separated columns: ID, NAME, PID, STATUS, HEALTH, RUNTIME, MODE, CREATED, COMMAND.")
    String format;

    @Override
    void validate() {
        if (format != null) {
            if (json) {
                throw bad("--format and --json cannot be combined");
            }
            for (String c : format.split(",", -1)) {
                if (!COLUMNS.contains(c.strip().toUpperCase(Locale.ROOT))) {
                    throw bad("--format: unknown column '" + c.strip() + "'; expected some of " + String.join(", ", COLUMNS));
                }
            }
        }
    }

    @Override
    String pendingBackend() {
        return "";
    }

    @Override
    Integer execute() {
        return list(this, all, json, format);
    }

    /** ps, and state without a container: the table, --format columns, or --json. */
    static Integer list(ManagementCommand command, boolean all, boolean json, String format) {
        return command.manage((containers, uid, out) -> {
            List<ContainerState> states = containers.list(all);
            java.nio.file.Path base = command.stateBase();
            java.util.function.Function<ContainerState, java.util.Optional<String>> health = s ->
                    HealthFile.read(base.resolve(s.facts().id())).map(h -> h.cliName());
            if (json) {
                out.println(ContainerViews.json(states, health));
            } else {
                List<String> columns = format == null ? COLUMNS
                        : java.util.Arrays.stream(format.split(",")).map(c -> c.strip().toUpperCase(Locale.ROOT)).toList();
                out.print(ContainerViews.table(states, columns, java.time.Instant.now(), health));
            }
            return ExitCodes.OK;
        });
    }
}
