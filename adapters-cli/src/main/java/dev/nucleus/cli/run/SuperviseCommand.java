package dev.nucleus.cli.run;

import dev.nucleus.cli.common.ExitCodes;
import dev.nucleus.cli.common.GlobalOption;
import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.linux.state.StateDirectory;
import dev.nucleus.linux.supervise.LaunchFiles;
import dev.nucleus.linux.supervise.SupervisorStdio;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code nucleus supervise [--journal] LAUNCH_FILE}, internal: what a detached container's
 * supervisor runs. Takes the launch document, moves its own stdio onto the container's log
 * (with --journal, systemd's journal has it already) and runs the container ({@link Supervision}).
 */
public final class SuperviseCommand {
    public static final String NAME = "supervise";
    /** How long a workload's end waits for its last output to reach the log (the pumps' own bound). */
    private static final long OUTPUT_LOGGED_MILLIS = 5_000;

    private SuperviseCommand() {
    }

    public static int execute(List<String> args) {
        boolean journal = args.size() == 2 && args.getFirst().equals("--journal");
        if (args.size() != 1 && !journal) {
            System.err.println("nucleus supervise: usage: nucleus supervise [--journal] LAUNCH_FILE (internal: run by"
                    + " create -d)");
            return ExitCodes.INVALID;
        }
        Invoker invoker = CallerIdentity.current();
        LaunchDocument doc;
        try {
            doc = LaunchDocument.fromJson(LaunchFiles.take(Path.of(args.getLast()), invoker.uid()), () -> {
                try {
                    return LaunchFiles.takeStdin(); // the launch's secrets: a pipe, never a file
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read the launch's secrets on stdin: " + e.getMessage());
                }
            });
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("nucleus supervise: " + e.getMessage());
            return ExitCodes.INVALID;
        }
        Path base = StateDirectory.of(doc.globals().get(GlobalOption.ROOT), invoker.uid());
        if (journal) {
            PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
            return new Supervision(doc, invoker, base, err, null, () -> { }, () -> { }, "systemd").run();
        }
        SupervisorStdio stdio;
        try {
            stdio = SupervisorStdio.take(base.resolve(doc.id()));
        } catch (IOException | RuntimeException e) {
            System.err.println("nucleus supervise: cannot capture the container's output: " + e.getMessage());
            return ExitCodes.RUNTIME_FAILURE;
        }
        int status = ExitCodes.RUNTIME_FAILURE;
        try {
            status = new Supervision(doc, invoker, base, stdio.messages(), stdio.messageBytes(),
                    () -> stdio.awaitLogged(OUTPUT_LOGGED_MILLIS), stdio::started, "builtin").run();
            return status;
        } catch (RuntimeException e) {
            stdio.messages().println("nucleus supervise: internal error: " + e);
            return status;
        } finally {
            stdio.exited(status); // only if nobody was told yet
            stdio.close();
        }
    }
}
