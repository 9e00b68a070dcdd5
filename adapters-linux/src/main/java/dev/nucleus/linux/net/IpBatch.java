package dev.nucleus.linux.net;

import dev.nucleus.ports.LaunchFailedException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Several {@code ip} commands run as one {@code ip -batch}: one process instead of one per
 * command (and, inside a container's network namespace, one {@code nsenter} instead of one per
 * command), as each start of a tool costs this host milliseconds. The commands go through a 0600
 * file in a root-only directory; {@code ip} stops at the first that fails, and the failure names it.
 */
final class IpBatch {
    /** Compiled only when the tool failed: a regex compiled cold costs a start some milliseconds. */
    private static final class Failed {
        static final Pattern LINE = Pattern.compile("Command failed \\S+:(\\d+)");
    }

    private final List<List<String>> commands = new ArrayList<>();

    /** One command, as its arguments after {@code ip}; plain words only (no blank, quote, '#' or '\'). */
    IpBatch add(String... args) {
        for (String a : args) {
            if (a.isEmpty() || a.chars().anyMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'' || c == '#'
                    || c == '\\')) {
                throw new IllegalArgumentException("not a plain word for ip -batch: '" + a + "'");
            }
        }
        commands.add(List.of(args));
        return this;
    }

    /** The batch file's text: one command a line. */
    String text() {
        StringBuilder b = new StringBuilder();
        commands.forEach(c -> b.append(String.join(" ", c)).append('\n'));
        return b.toString();
    }

    /** Runs them on the host. */
    void run(Path scratch, String name) throws LaunchFailedException {
        run(scratch, name, HostTools.onHost());
    }

    /** Runs them in the network namespace of process {@code pid}. */
    void runIn(long pid, Path scratch, String name) throws LaunchFailedException {
        run(scratch, name, HostTools.inNetworkOf(pid));
    }

    private void run(Path scratch, String name, HostTools.Place place) throws LaunchFailedException {
        HostTools.Result r = ScratchFile.with(scratch, "ip-batch-" + name, text(),
                file -> place.exec("ip", List.of("-batch", file)));
        if (r.exit() != 0) {
            throw new LaunchFailedException(failure(r.err(), r.exit()));
        }
    }

    /** The failing command, as {@code ip -batch} numbers it, with ip's own words. */
    String failure(String stderr, int exit) {
        Matcher m = Failed.LINE.matcher(stderr);
        String what = "ip -batch";
        if (m.find()) {
            int line = Integer.parseInt(m.group(1));
            if (line >= 1 && line <= commands.size()) {
                what = "ip " + String.join(" ", commands.get(line - 1));
            }
        }
        String why = Failed.LINE.matcher(stderr).replaceAll("").strip();
        return what + " failed (exit " + exit + "): " + why;
    }
}
