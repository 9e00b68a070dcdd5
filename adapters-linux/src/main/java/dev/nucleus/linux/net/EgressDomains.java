package dev.nucleus.linux.net;

import dev.nucleus.domain.value.InvalidValueException;
import dev.nucleus.domain.value.IpAddress;
import dev.nucleus.ports.PolicyRejectedException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * --egress-domain: each name resolved with the host's resolver once, at start, to all its IPv4
 * and IPv6 addresses. A name without any address refuses the launch (exit 2) before anything is
 * created: an allowlist entry that allows nothing is a mistake to report, not to ignore.
 */
final class EgressDomains {
    private EgressDomains() {
    }

    static List<IpAddress> resolve(List<String> names) throws PolicyRejectedException {
        List<IpAddress> out = new ArrayList<>();
        for (String name : names) {
            InetAddress[] found;
            try {
                found = InetAddress.getAllByName(name);
            } catch (UnknownHostException e) {
                throw new PolicyRejectedException("--egress-domain " + name + ": the name has no address (it does not"
                        + " resolve on this host)");
            }
            for (InetAddress a : found) {
                try {
                    out.add(IpAddress.parse(a.getHostAddress().replaceAll("%.*$", "")));
                } catch (InvalidValueException e) {
                    throw new PolicyRejectedException("--egress-domain " + name + ": unusable address "
                            + a.getHostAddress());
                }
            }
        }
        return out;
    }
}
