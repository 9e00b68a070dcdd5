package dev.nucleus.cli.manage;

import dev.nucleus.domain.value.AsciiText;
import dev.nucleus.cli.common.ExitCodes;
import dev.nucleus.cli.output.ContainerViews;
import dev.nucleus.linux.state.HealthFile;
import dev.nucleus.domain.lifecycle.ContainerState;

import picocli.CommandLine.Model.CommandSpec;

import java.util.List;

/** {@code nucleus ps}: list containers. */
public final class PsCommand extends ManagementCommand {
    static final List<String> COLUMNS = ContainerViews.COLUMNS;

    boolean all;
    boolean json;
    String format;

    @Override
    public CommandSpec programmaticSpec() {
        return SpecBuilder.of(this, "ps", "List containers (running only unless --all).")
                .flag(v -> all = v, "Include stopped containers.", "-a", "--all")
                .flag(v -> json = v, "Print JSON instead of a table.", "--json")
                .text(v -> format = v, "COLUMNS",
                        "Comma-separated columns: ID, NAME, PID, STATUS, HEALTH, RUNTIME, MODE, CREATED, COMMAND.", "--format")
                .build();
    }

    @Override
    void validate() {
        if (format != null) {
            if (json) {
                throw bad("--format and --json cannot be combined");
            }
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String c : format.split(",", -1)) {
                String column = AsciiText.upperCase(c.strip());
                if (!COLUMNS.contains(column)) {
                    throw bad("--format: unknown column '" + c.strip() + "'; expected some of " + String.join(", ", COLUMNS));
                }
                if (!seen.add(column)) {
                    throw bad("--format '" + format + "': column " + column + " is given twice; name each column once");
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
                        : java.util.Arrays.stream(format.split(",")).map(c -> AsciiText.upperCase(c.strip())).toList();
                out.print(ContainerViews.table(states, columns, java.time.Instant.now(), health));
            }
            // What the list cannot show is said, not hidden: a state a crash tore, or another version wrote.
            for (dev.nucleus.ports.out.StateStore.Unreadable u : containers.unreadable()) {
                if (u.settling()) {
                    continue; // a runtime is making or removing it: no call to remove it
                }
                command.err().println("nucleus " + command.commandName() + ": " + base.resolve(u.id()) + ": no readable state ("
                        + u.reason() + "); remove it with nucleus rm --force " + u.id());
            }
            return ExitCodes.OK;
        });
    }
}
