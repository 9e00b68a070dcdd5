package dev.nucleus.domain.rules;

import dev.nucleus.domain.spec.LaunchRequest;
import dev.nucleus.domain.spec.NatBackend;
import dev.nucleus.domain.spec.NetworkMode;
import dev.nucleus.domain.value.IpAddress;
import dev.nucleus.domain.value.PortMapping;

import java.util.ArrayList;
import java.util.List;

/**
 * -p values of one request that take the same host port (protocol, port, address): the second
 * forward could never be reached; and UDP on a loopback address through slirp4netns, which
 * could never answer. Reported naming the values, which a fixed-message {@link Rule} cannot.
 */
final class PublishRules {
    static final String TWICE = "publish-port-twice";
    static final String LOOPBACK_UDP_USERSPACE = "publish-udp-loopback-userspace";

    private PublishRules() {
    }

    static List<Violation> violations(LaunchRequest request) {
        List<Violation> out = new ArrayList<>();
        List<PortMapping> publish = request.network().publish();
        for (int i = 0; i < publish.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (publish.get(i).clashesWith(publish.get(j))) {
                    out.add(new Violation(TWICE, "-p " + publish.get(i) + ": host port " + publish.get(i).hostPort()
                            + "/" + publish.get(i).protocol() + " is published twice in this request (also by -p "
                            + publish.get(j) + ")", "publish each host port once"));
                    break;
                }
            }
        }
        return out;
    }

    /**
     * slirp4netns runs with --disable-host-loopback (the container must not reach the host's
     * 127.0.0.1 through its gateway). A UDP datagram it forwards from a loopback sender reaches the
     * container as if from the gateway, and libslirp refuses the reply to it like any packet to the
     * host's loopback; TCP is unaffected (slirp4netns holds the host's connection itself). A UDP
     * forward on a loopback address has only such senders: it could never answer.
     */
    static List<Violation> violations(LaunchRequest request, NatBackend nat) {
        if (nat != NatBackend.USERSPACE || request.network().mode() != NetworkMode.BRIDGE) {
            return List.of();
        }
        List<Violation> out = new ArrayList<>();
        for (PortMapping p : request.network().publish()) {
            if (p.protocol() == PortMapping.Protocol.UDP && p.hostAddress().map(IpAddress::isLoopback).orElse(false)) {
                out.add(new Violation(LOOPBACK_UDP_USERSPACE, "-p " + p + ": userspace NAT (--nat-backend userspace,"
                        + " auto's choice for a rootless or user-namespaced container) cannot answer UDP on a loopback"
                        + " address: slirp4netns runs with --disable-host-loopback so that the container cannot reach"
                        + " the host's 127.0.0.1, and that drops its replies to a loopback sender too",
                        "publish the UDP port on all addresses or a non-loopback one (answered for senders other than"
                                + " the host's loopback), or, as root, use --nat-backend"
                                + " kernel"));
            }
        }
        return out;
    }
}
