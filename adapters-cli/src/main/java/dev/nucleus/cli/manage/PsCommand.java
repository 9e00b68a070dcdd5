package dev.nucleus.cli.manage;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;

/** {@code nucleus ps}: list containers. */
@Command(name = "ps", mixinStandardHelpOptions = true, description = "List containers (running only unless --all).")
public final class PsCommand extends ManagementCommand {
    static final List<String> COLUMNS =
            List.of("ID", "NAME", "PID", "STATUS", "HEALTH", "RUNTIME", "MODE", "CREATED", "COMMAND");

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
        return "nucleus ps: the container state store (lifecycle issue)";
    }
}
