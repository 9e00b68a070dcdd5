package dev.nucleus.dist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.nucleus.cli.Main;
import dev.nucleus.cli.common.StartClock;
import dev.nucleus.linux.sys.ProcessExit;

/**
 * AOT-cache training driver, run only by the distribution build (never by {@code bin/nucleus}).
 *
 * <p>A JDK 25 one-step training ({@code -XX:AOTCacheOutput=}) records a single JVM run, but the hot
 * path is several commands ({@code --version}, {@code run --dry-run} with flags and with a config
 * file). This class runs each command of the training file in one JVM, through the CLI's own entry
 * point, with the launcher's JVM flags and classpath (this jar is the last classpath entry of the
 * distribution, so the training classpath equals the production one, pitfall P2).
 *
 * <p>A command that fails (non-zero status or exception) is reported and tolerated: the CLI is
 * still being written, and a partial hot path is still worth caching. Only the JVM failing to
 * write the cache fails the build (checked by {@code assemble.sh}).
 *
 * <p>Commands run through {@link Main#run(String[])}, which returns the exit status instead of
 * exiting.
 */
public final class AotTraining {
    private AotTraining() {
    }

    public static void main(String[] args) throws Exception {
        // What Main.main does before Main.run: a class left out of the cache is read from its jar,
        // and the first such read opens the jar (measured: about 3 ms of every start).
        StartClock.mainEntered();
        if (args.length != 1) {
            System.err.println("usage: AotTraining COMMANDS_FILE");
            System.exit(2);
        }
        List<String[]> commands = readCommands(Path.of(args[0]));
        PrintStream log = System.err;
        log.println("aot-training: " + commands.size() + " command(s)");
        for (String[] cmd : commands) {
            runCaptured(cmd, log);
        }
        System.out.flush();
        // Ended as Main ends a start (ProcessExit, so that its classes are in the cache), but by
        // halt: the cache is written at the JVM's end, which exit_group would skip. Not
        // System.exit: it asks System.getLogger for its "Runtime.exit" line, and the logger
        // bootstrap (some 30 classes, a service-file scan) would go into the cache and so be
        // loaded at every start.
        System.setProperty(ProcessExit.PROPERTY, "halt");
        ProcessExit.now(0);
    }

    private static void runCaptured(String[] cmd, PrintStream log) {
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String outcome;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            try {
                outcome = "exit " + Main.run(cmd);
            } catch (RuntimeException | Error t) {
                outcome = "threw " + t;
            }
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
        }
        log.println("aot-training: [" + outcome + "] nucleus " + String.join(" ", cmd));
        if (!outcome.equals("exit 0")) {
            String text = err.toString(StandardCharsets.UTF_8).strip();
            text.lines().limit(5).forEach(l -> log.println("aot-training:     " + l));
        }
    }

    static List<String[]> readCommands(Path file) throws IOException {
        List<String[]> commands = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            commands.add(words(t));
        }
        return commands;
    }

    /** Space- or tab-separated words; not String.split, whose regex would be trained for every start. */
    static String[] words(String line) {
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= line.length(); i++) {
            boolean blank = i == line.length() || line.charAt(i) == ' ' || line.charAt(i) == '\t';
            if (blank && start >= 0) {
                words.add(line.substring(start, i));
                start = -1;
            } else if (!blank && start < 0) {
                start = i;
            }
        }
        return words.toArray(String[]::new);
    }

}
