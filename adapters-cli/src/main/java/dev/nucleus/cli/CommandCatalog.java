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

/**
 * Every {@code nucleus} command, its aliases and one-line summary. Annotated commands are created
 * only when invoked ({@link #create}), so a command pays for its own parser alone.
 */
public final class CommandCatalog {
    /** How a command is run: the launch parser, a picocli-annotated command, or built in. */
    public enum Kind { LAUNCH, ANNOTATED, VERSION, COMPLETION, HELP }

    public record Entry(String name, List<String> aliases, String summary, Kind kind) {
        boolean answersTo(String word) {
            return name.equals(word) || aliases.contains(word);
        }

        /** A new instance of this annotated command (see {@link CommandCatalog#create}). */
        public Object create() {
            return CommandCatalog.create(name);
        }
    }

    public static final List<Entry> ENTRIES = List.of(
            launch("run", "Run a command in a new container, in the foreground."),
            launch("create", "Create a container (with -d: detached; prints its id)."),
            annotated("state", List.of(), "Print a container's OCI state, or list containers."),
            annotated("ps", List.of(), "List containers."),
            annotated("stats", List.of(), "Show live resource usage."),
            annotated("logs", List.of(), "Print a container's output."),
            annotated("attach", List.of(), "Run a command inside a running container."),
            annotated("stop", List.of(), "Stop a container (SIGTERM, then SIGKILL)."),
            annotated("kill", List.of(), "Send a signal to a container."),
            annotated("rm", List.of("delete"), "Remove containers and what they left behind."),
            annotated("checkpoint", List.of(), "Checkpoint a container with CRIU."),
            annotated("restore", List.of(), "Restore a checkpoint as a new container."),
            annotated("seccomp", List.of(), "Seccomp tools: generate a profile from a trace."),
            annotated("audit", List.of(), "Audit log tools: verify checks its hash chain."),
            annotated("rootfs", List.of(), "Rootfs tools: attest writes or checks .nucleus-rootfs-sha256."),
            annotated("image", List.of(), "Thin signed images: commit, run, inspect, load, prune."),
            annotated("compose", List.of(), "Topologies: validate, up, ps (state), down."),
            annotated("doctor", List.of(), "Report what this host can enforce."),
            new Entry("version", List.of(), "Print the version.", Kind.VERSION),
            new Entry("completion", List.of(), "Print a shell completion script (bash).", Kind.COMPLETION),
            new Entry("help", List.of(), "Show help for a command.", Kind.HELP));

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
        return new Entry(name, List.of(), summary, Kind.LAUNCH);
    }

    private static Entry annotated(String name, List<String> aliases, String summary) {
        return new Entry(name, aliases, summary, Kind.ANNOTATED);
    }

    /**
     * The annotated command {@code name}, made by name: no command's class is loaded before it runs.
     * (A constructor reference per entry was resolved with the catalog, loading every command's
     * class and a lambda class each, from the AOT cache at every start, some 5 µs a class.)
     * {@code CommandCatalogTest} holds every annotated entry to its command here.
     */
    static Object create(String name) {
        return switch (name) {
            case "state" -> new StateCommand();
            case "ps" -> new PsCommand();
            case "stats" -> new StatsCommand();
            case "logs" -> new LogsCommand();
            case "attach" -> new AttachCommand();
            case "stop" -> new StopCommand();
            case "kill" -> new KillCommand();
            case "rm" -> new RmCommand();
            case "checkpoint" -> new CheckpointCommand();
            case "restore" -> new RestoreCommand();
            case "seccomp" -> new SeccompCommand();
            case "audit" -> new AuditCommand();
            case "rootfs" -> new RootfsCommand();
            case "image" -> new ImageCommand();
            case "compose" -> new ComposeCommand();
            case "doctor" -> new DoctorCommand();
            default -> throw new IllegalArgumentException("not an annotated command: " + name);
        };
    }
}
