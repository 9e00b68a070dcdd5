package dev.nucleus.linux.net;

import dev.nucleus.domain.net.EgressRules;
import dev.nucleus.ports.LaunchFailedException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs egress rules in the network namespace of a container's process, each family in one
 * {@code iptables-restore} transaction: the policy and every rule land together or not at all.
 * Returns them as the commands they are.
 */
final class EgressInstaller {
    private EgressInstaller() {
    }

    /** {@code scratch}: a root-only directory for the batch file; {@code name}: the container's id. */
    static List<String> install(long pid, EgressRules rules, Path scratch, String name) throws LaunchFailedException {
        List<String> installed = new ArrayList<>();
        install(pid, "iptables", rules.ipv4(), installed, scratch, name);
        install(pid, "ip6tables", rules.ipv6(), installed, scratch, name);
        return installed;
    }

    private static void install(long pid, String tool, List<List<String>> rules, List<String> installed, Path scratch,
                                String name) throws LaunchFailedException {
        if (rules.isEmpty()) {
            return;
        }
        RestoreBatch batch = new RestoreBatch(tool);
        for (List<String> r : rules) {
            // "-w" waits for iptables' lock as one command; the batch takes it once, itself.
            batch.add("filter", r.getFirst().equals("-w") ? r.subList(1, r.size()) : r);
            installed.add(tool + " " + String.join(" ", r));
        }
        batch.runIn(pid, scratch, name);
    }
}
