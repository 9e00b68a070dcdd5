package dev.nucleus.linux.net;

import dev.nucleus.ports.LaunchFailedException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Several iptables (or ip6tables) commands run as one {@code iptables-restore --noflush}: one
 * process instead of one per command, and one transaction — the kernel applies all of them or
 * none, and a delete costs one commit for the batch rather than one each. The commands go
 * through a 0600 file in a root-only directory ({@link ScratchFile}); a failure names the command
 * on the line the tool reports.
 */
final class RestoreBatch {
    /** "line 3 failed" (a rule the kernel refused) or "Error occurred at line: 3" (a parse error). */
    /** Compiled only when the tool failed: a regex compiled cold costs a start some milliseconds. */
    private static final class Failed {
        static final Pattern LINE = Pattern.compile("line:? (\\d+)");
    }

    private final String tool;
    private final Map<String, List<String>> byTable = new LinkedHashMap<>();

    /** {@code tool}: "iptables" or "ip6tables"; the batch runs its {@code -restore}. */
    RestoreBatch(String tool) {
        this.tool = tool;
    }

    /** One command of {@code table}, as its words after {@code iptables -t table} (no {@code -w}). */
    RestoreBatch add(String table, List<String> words) {
        StringBuilder line = new StringBuilder();
        for (String w : words) {
            if (w.chars().anyMatch(c -> c == '"' || c == '\\' || c == '\n' || c == '\r')) {
                throw new IllegalArgumentException("not a word " + tool + "-restore can be given: '" + w + "'");
            }
            if (!line.isEmpty()) {
                line.append(' ');
            }
            // A blank (the egress log prefix ends in one) or an empty word needs quotes; others stay bare.
            line.append(w.isEmpty() || w.chars().anyMatch(Character::isWhitespace) ? '"' + w + '"' : w);
        }
        return addLine(table, line.toString());
    }

    /**
     * One command of {@code table} as a line {@code iptables-save} printed (its quoting kept), with
     * its first word {@code -A} made {@code -D}: the rule removed exactly as listed.
     */
    RestoreBatch delete(String table, String listedRule) {
        if (!listedRule.startsWith("-A ") || listedRule.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("not a listed rule: '" + listedRule + "'");
        }
        return addLine(table, "-D " + listedRule.substring(3));
    }

    private RestoreBatch addLine(String table, String line) {
        byTable.computeIfAbsent(table, t -> new ArrayList<>()).add(line);
        return this;
    }

    boolean isEmpty() {
        return byTable.isEmpty();
    }

    /** The restore file: each table's commands, then its COMMIT. */
    String text() {
        StringBuilder b = new StringBuilder();
        byTable.forEach((table, lines) -> {
            b.append('*').append(table).append('\n');
            lines.forEach(l -> b.append(l).append('\n'));
            b.append("COMMIT\n");
        });
        return b.toString();
    }

    /** Runs it on the host; a failure names the command. */
    void run(Path scratch, String name) throws LaunchFailedException {
        judge(exec(scratch, name, HostTools.onHost()));
    }

    /** Runs it in the network namespace of process {@code pid}; a failure names the command. */
    void runIn(long pid, Path scratch, String name) throws LaunchFailedException {
        judge(exec(scratch, name, HostTools.inNetworkOf(pid)));
    }

    /** Runs it on the host and says whether every command held (a batch of {@code -C} checks). */
    boolean holds(Path scratch, String name) throws LaunchFailedException {
        return exec(scratch, name, HostTools.onHost()).exit() == 0;
    }

    private HostTools.Result exec(Path scratch, String name, HostTools.Place place) throws LaunchFailedException {
        return ScratchFile.with(scratch, name + "." + tool, text(),
                file -> place.exec(tool + "-restore", args(file)));
    }

    /** {@code -w} first: placed before the file, it would take the file's name for its seconds. */
    private static List<String> args(String file) {
        return List.of("-w", "--noflush", file);
    }

    private void judge(HostTools.Result r) throws LaunchFailedException {
        if (r.exit() != 0) {
            throw new LaunchFailedException(failure(r.err(), r.exit()));
        }
    }

    /** The failing command, found by the line number the tool gives, with the tool's own words. */
    String failure(String stderr, int exit) {
        String what = tool + "-restore";
        Matcher m = Failed.LINE.matcher(stderr);
        if (m.find()) {
            String line = lineOf(Integer.parseInt(m.group(1)));
            if (line != null) {
                what = tool + " " + line;
            }
        }
        String why = stderr.lines().filter(l -> !l.startsWith("Try `")).map(String::strip)
                .reduce((a, b) -> a + "; " + b).orElse("");
        return what + " failed (exit " + exit + "): " + why;
    }

    /**
     * The command on line {@code n} of {@link #text} (1-based), with its table; for a COMMIT (where
     * nf_tables reports what the kernel refused at commit), the table's commands as a whole; null
     * for a table's header.
     */
    private String lineOf(int n) {
        int at = 0;
        for (Map.Entry<String, List<String>> t : byTable.entrySet()) {
            at++; // *table
            for (String l : t.getValue()) {
                if (++at == n) {
                    return "-t " + t.getKey() + " " + l;
                }
            }
            if (++at == n) {
                return "-t " + t.getKey() + " (the table's " + t.getValue().size() + " commands)";
            }
        }
        return null;
    }
}
