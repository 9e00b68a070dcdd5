package dev.nucleus.linux.net;

import dev.nucleus.domain.net.EgressRules;
import dev.nucleus.ports.LaunchFailedException;

import java.util.ArrayList;
import java.util.List;

/** Installs egress rules in the network namespace of a container's process; returns them as run. */
final class EgressInstaller {
    private EgressInstaller() {
    }

    static List<String> install(long pid, EgressRules rules) throws LaunchFailedException {
        List<String> installed = new ArrayList<>();
        for (List<String> r : rules.ipv4()) {
            HostTools.runIn(pid, "iptables", r);
            installed.add("iptables " + String.join(" ", r));
        }
        for (List<String> r : rules.ipv6()) {
            HostTools.runIn(pid, "ip6tables", r);
            installed.add("ip6tables " + String.join(" ", r));
        }
        return installed;
    }
}
