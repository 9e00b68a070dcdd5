package dev.nucleus.linux.net;

import dev.nucleus.domain.value.AsciiText;
import dev.nucleus.ports.LaunchFailedException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * iptables rules in the host's namespaces, each tagged with a comment saying whose it is:
 * {@code nucleus:<container id>} for a container's port forwards, {@code nucleus:bridge:<name>}
 * for a bridge's shared rules. Removal goes by tag, from what {@code iptables-save} lists, so a
 * rule is removed exactly as it was added, also by a later process after a crash. Changes go
 * through {@code iptables-restore} ({@link RestoreBatch}): one process and one transaction each.
 */
final class HostRules {
    static final String TAG_PREFIX = "nucleus:";

    private static final List<String> TABLES = List.of("nat", "filter");

    private HostRules() {
    }

    static String containerTag(String id) {
        return TAG_PREFIX + id;
    }

    static String bridgeTag(String bridge) {
        return TAG_PREFIX + "bridge:" + bridge;
    }

    /** One rule to add: appended to {@code chain} of {@code table}, or inserted at its top ({@code first}). */
    record Rule(String table, String chain, boolean first, List<String> spec) {
        Rule {
            spec = List.copyOf(spec);
        }

        List<String> command(String action, String tag) {
            List<String> w = new ArrayList<>(List.of(action, chain));
            w.addAll(spec);
            w.addAll(List.of("-m", "comment", "--comment", tag));
            return w;
        }
    }

    /** A host rule as {@code iptables-save} lists it: its table and its {@code -A} line. */
    record Listed(String table, String line, String tag) {
    }

    /** Adds {@code rules}, tagged, in one transaction; {@code scratch} and {@code name} as {@link RestoreBatch}. */
    static void add(List<Rule> rules, String tag, Path scratch, String name) throws LaunchFailedException {
        RestoreBatch batch = new RestoreBatch("iptables");
        rules.forEach(r -> batch.add(r.table(), r.command(r.first() ? "-I" : "-A", tag)));
        batch.run(scratch, name);
    }

    /**
     * Makes {@code rules}, tagged {@code tag}, exactly what the host holds under that tag. Nothing
     * there: added. All there: left alone (one batch of {@code -C}). Else what is there is deleted and
     * all of them added, in one transaction, so traffic never sees a half-made set.
     */
    static void ensure(List<Rule> rules, String tag, Path scratch, String name) throws LaunchFailedException {
        List<Listed> there = listed().stream().filter(l -> l.tag().equals(tag)).toList();
        if (there.size() == rules.size()) {
            RestoreBatch check = new RestoreBatch("iptables");
            rules.forEach(r -> check.add(r.table(), r.command("-C", tag)));
            if (check.holds(scratch, name)) {
                return;
            }
        }
        RestoreBatch batch = new RestoreBatch("iptables");
        there.forEach(l -> batch.delete(l.table(), l.line()));
        rules.forEach(r -> batch.add(r.table(), r.command(r.first() ? "-I" : "-A", tag)));
        batch.run(scratch, name);
    }

    /**
     * Deletes every rule whose tag {@code matches}, in one transaction, starting from a
     * {@code listing} read a moment before; returns the tags it removed rules of. A rule another
     * process deleted meanwhile fails the batch: the listing is read again.
     */
    static List<String> removeTagged(List<Listed> listing, Predicate<String> matches, Path scratch, String name)
            throws LaunchFailedException {
        List<Listed> rules = listing;
        for (int attempt = 1; ; attempt++) {
            List<Listed> doomed = rules.stream().filter(l -> matches.test(l.tag())).toList();
            if (doomed.isEmpty()) {
                return List.of();
            }
            RestoreBatch batch = new RestoreBatch("iptables");
            doomed.forEach(l -> batch.delete(l.table(), l.line()));
            try {
                batch.run(scratch, name);
                return doomed.stream().map(Listed::tag).toList();
            } catch (LaunchFailedException e) {
                if (attempt == 3) {
                    throw e;
                }
                rules = listed();
            }
        }
    }

    /** The tagged rules of the nat and filter tables, from one {@code iptables-save}. */
    static List<Listed> listed() throws LaunchFailedException {
        return parseSave(HostTools.run("iptables-save", List.of()));
    }

    /** The tagged {@code -A} lines of the nat and filter tables in {@code iptables-save}'s output. */
    static List<Listed> parseSave(String saved) {
        List<Listed> out = new ArrayList<>();
        String table = "";
        for (String line : saved.split("\n")) {
            if (line.startsWith("*")) {
                table = line.substring(1).strip();
            } else if (line.startsWith("-A ") && TABLES.contains(table)) {
                String tag = tagOf(line);
                if (tag != null) {
                    out.add(new Listed(table, line, tag));
                }
            }
        }
        return out;
    }

    /**
     * The first {@code nucleus:...} comment of a rule line (as {@code --comment "?(nucleus:[A-Za-z0-9_.:-]+)}
     * finds it), else null; by hand: a regex compiled cold cost a bridged start some 1.5 ms.
     */
    static String tagOf(String line) {
        for (int at = line.indexOf("--comment "); at >= 0; at = line.indexOf("--comment ", at + 1)) {
            int start = at + "--comment ".length();
            if (start < line.length() && line.charAt(start) == '"') {
                start++;
            }
            if (!line.startsWith(TAG_PREFIX, start)) {
                continue;
            }
            int end = start + TAG_PREFIX.length();
            while (end < line.length() && isTagCharacter(line.charAt(end))) {
                end++;
            }
            if (end > start + TAG_PREFIX.length()) {
                return line.substring(start, end);
            }
        }
        return null;
    }

    private static boolean isTagCharacter(char c) {
        return AsciiText.isLetterOrDigit(c) || c == '_' || c == '.' || c == ':' || c == '-';
    }
}
