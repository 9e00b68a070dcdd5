package dev.nucleus.cli;

import dev.nucleus.cli.doctor.DoctorCommand;
import dev.nucleus.cli.manage.AttachCommand;
import dev.nucleus.cli.manage.AuditCommand;
import dev.nucleus.cli.manage.CheckpointCommand;
import dev.nucleus.cli.manage.ComposeCommand;
import dev.nucleus.cli.manage.ImageCommand;
import dev.nucleus.cli.manage.KillCommand;
import dev.nucleus.cli.manage.LogsCommand;
import dev.nucleus.cli.manage.PsCommand;
import dev.nucleus.cli.manage.RestoreCommand;
import dev.nucleus.cli.manage.RmCommand;
import dev.nucleus.cli.manage.RootfsCommand;
import dev.nucleus.cli.manage.SeccompCommand;
import dev.nucleus.cli.manage.StatsCommand;
import dev.nucleus.cli.manage.StateCommand;
import dev.nucleus.cli.manage.StopCommand;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every {@code nucleus} command, its aliases and one-line summary. Annotated commands are created
 * only when invoked (a supplier per entry), so a command pays for its own parser alone.
 */
public final class CommandCatalog {
    /** How a command is run: the launch parser, a picocli-annotated command, or built in. */
    public enum Kind { LAUNCH, ANNOTATED, VERSION, COMPLETION, HELP }

    public record Entry(String name, List<String> aliases, String summary, Kind kind, Supplier<Object> factory) {
        boolean answersTo(String word) {
            return name.equals(word) || aliases.contains(word);
        }
    }

    public static final List<Entry> ENTRIES = List.of(
            launch("run", "Run a command in a new container, in the foreground."),
            launch("create", "Create a container (with -d: detached; prints its id)."),
            annotated("state", List.of(), "Print a container's OCI state, or list containers.", StateCommand::new),
            annotated("ps", List.of(), "List containers.", PsCommand::new),
            annotated("stats", List.of(), "Show live resource usage.", StatsCommand::new),
            annotated("logs", List.of(), "Print a container's output.", LogsCommand::new),
            annotated("attach", List.of(), "Run a command inside a running container.", AttachCommand::new),
            annotated("stop", List.of(), "Stop a container (SIGTERM, then SIGKILL).", StopCommand::new),
            annotated("kill", List.of(), "Send a signal to a container.", KillCommand::new),
            annotated("rm", List.of("delete"), "Remove containers and what they left behind.", RmCommand::new),
            annotated("checkpoint", List.of(), "Checkpoint a container with CRIU.", CheckpointCommand::new),
            annotated("restore", List.of(), "Restore a checkpoint as a new container.", RestoreCommand::new),
            annotated("seccomp", List.of(), "Seccomp tools: generate a profile from a trace.", SeccompCommand::new),
            annotated("audit", List.of(), "Audit log tools: verify checks its hash chain.", AuditCommand::new),
            annotated("rootfs", List.of(), "Rootfs tools: attest writes or checks .nucleus-rootfs-sha256.", RootfsCommand::new),
            annotated("image", List.of(), "Thin signed images: commit, run, inspect, load, prune.", ImageCommand::new),
            annotated("compose", List.of(), "Topologies: validate, up, ps (state), down.", ComposeCommand::new),
            annotated("doctor", List.of(), "Report what this host can enforce.", DoctorCommand::new),
            new Entry("version", List.of(), "Print the version.", Kind.VERSION, null),
            new Entry("completion", List.of(), "Print a shell completion script (bash).", Kind.COMPLETION, null),
            new Entry("help", List.of(), "Show help for a command.", Kind.HELP, null));

    private CommandCatalog() {
    }

    public static Optional<Entry> find(String word) {
        // A loop, not a stream: this runs first in every command, and a process's first stream
        // pipeline sets up the stream machinery, cold (a launch's probe thread does that meanwhile).
        for (Entry e : ENTRIES) {
            if (e.answersTo(word)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public static List<String> allNames() {
        return ENTRIES.stream().flatMap(e -> java.util.stream.Stream.concat(java.util.stream.Stream.of(e.name()),
                e.aliases().stream())).toList();
    }

    private static Entry launch(String name, String summary) {
        return new Entry(name, List.of(), summary, Kind.LAUNCH, null);
    }

    private static Entry annotated(String name, List<String> aliases, String summary, Supplier<Object> factory) {
        return new Entry(name, aliases, summary, Kind.ANNOTATED, factory);
    }
}
