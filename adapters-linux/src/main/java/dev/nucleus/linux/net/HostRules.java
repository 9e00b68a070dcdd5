package dev.nucleus.linux.net;

import dev.nucleus.ports.LaunchFailedException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * iptables rules in the host's namespaces, each tagged with a comment saying whose it is:
 * {@code nucleus:<container id>} for a container's port forwards, {@code nucleus:bridge:<name>}
 * for a bridge's shared rules. Removal goes by tag, from what {@code iptables -S} lists, so a
 * rule is removed exactly as it was added, also by a later process after a crash.
 */
final class HostRules {
    static final String TAG_PREFIX = "nucleus:";
    private static final Pattern TAG = Pattern.compile("--comment \"?(nucleus:[A-Za-z0-9_.:-]+)\"?");
    private static final List<String> TABLES = List.of("nat", "filter");

    private HostRules() {
    }

    static String containerTag(String id) {
        return TAG_PREFIX + id;
    }

    static String bridgeTag(String bridge) {
        return TAG_PREFIX + "bridge:" + bridge;
    }

    /** Appends (or, with {@code first}, inserts at the top) {@code spec} to {@code chain} of {@code table}, tagged. */
    static void add(String table, String chain, boolean first, List<String> spec, String tag)
            throws LaunchFailedException {
        HostTools.run("iptables", command(table, first ? "-I" : "-A", chain, spec, tag));
    }

    /** Whether the tagged rule is there already ({@code iptables -C}). */
    static boolean present(String table, String chain, List<String> spec, String tag) throws LaunchFailedException {
        return HostTools.exec("iptables", command(table, "-C", chain, spec, tag)).exit() == 0;
    }

    private static List<String> command(String table, String action, String chain, List<String> spec, String tag) {
        List<String> args = new ArrayList<>(List.of("-w", "-t", table, action, chain));
        args.addAll(spec);
        args.addAll(List.of("-m", "comment", "--comment", tag));
        return args;
    }

    /** Deletes every rule whose tag {@code matches}; returns the tags it removed rules of. */
    static List<String> removeTagged(Predicate<String> matches) throws LaunchFailedException {
        List<String> removed = new ArrayList<>();
        for (String table : TABLES) {
            for (String line : HostTools.run("iptables", List.of("-w", "-t", table, "-S")).split("\n")) {
                Matcher m = TAG.matcher(line);
                if (!line.startsWith("-A ") || !m.find() || !matches.test(m.group(1))) {
                    continue;
                }
                List<String> args = new ArrayList<>(List.of("-w", "-t", table));
                List<String> words = words(line);
                words.set(0, "-D");
                args.addAll(words);
                HostTools.Result r = HostTools.exec("iptables", args);
                if (r.exit() != 0 && !r.err().contains("does a matching rule exist")) {
                    throw new LaunchFailedException("iptables " + String.join(" ", args) + ": " + r.err().strip());
                }
                removed.add(m.group(1));
            }
        }
        return removed;
    }

    /** Every tag of a rule that is there now. */
    static List<String> tags() throws LaunchFailedException {
        List<String> out = new ArrayList<>();
        for (String table : TABLES) {
            Matcher m = TAG.matcher(HostTools.run("iptables", List.of("-w", "-t", table, "-S")));
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** The words of an {@code iptables -S} line; double quotes group (as the shell would). */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    out.add(w.toString());
                }
                w.setLength(0);
                any = false;
            } else {
                w.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(w.toString());
        }
        return out;
    }
}
