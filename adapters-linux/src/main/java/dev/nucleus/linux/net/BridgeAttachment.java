package dev.nucleus.linux.net;

import dev.nucleus.domain.net.EgressRules;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.spec.BridgeSettings;
import dev.nucleus.domain.value.InvalidValueException;
import dev.nucleus.domain.value.IpAddress;
import dev.nucleus.domain.value.PortMapping;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.out.NetworkDriver;

import java.util.ArrayList;
import java.util.List;

/** One container on a kernel bridge: its lease, then its veth, routes, port forwards and egress rules. */
final class BridgeAttachment implements NetworkDriver.Attachment {
    private final KernelBridge driver;
    private final NetworkState state;
    private final String id;
    private final BridgeSettings bridge;
    private final long host;
    private final ContainerSpec spec;
    private final List<IpAddress> domains;
    private final List<String> installed = new ArrayList<>();
    private boolean closed;

    BridgeAttachment(KernelBridge driver, NetworkState state, String id, BridgeSettings bridge, long host,
                     ContainerSpec spec, List<IpAddress> domains) {
        this.driver = driver;
        this.state = state;
        this.id = id;
        this.bridge = bridge;
        this.host = host;
        this.spec = spec;
        this.domains = List.copyOf(domains);
    }

    @Override
    public List<IpAddress> addresses() {
        try {
            return List.of(bridge.host(host), IpAddress.parse(bridge.ipv6Host(host)));
        } catch (InvalidValueException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String describe() {
        return "kernel bridge " + bridge.name() + " " + bridge.subnet() + ", address " + bridge.host(host);
    }

    @Override
    public void connect(long pid) throws LaunchFailedException {
        try (NetworkState.Held held = state.lock()) {
            KernelBridge.ensureShared(state, bridge);
        }
        String hostEnd = KernelBridge.hostLink(id);
        String peer = "nc" + id.substring(0, 12);
        String pidText = Long.toString(pid);
        new IpBatch()
                .add("link", "add", hostEnd, "type", "veth", "peer", "name", peer, "netns", pidText)
                .add("link", "set", hostEnd, "master", bridge.name(), "up")
                .run(state.dir(), id);
        int prefix = bridge.subnet().prefixLength();
        new IpBatch()
                .add("link", "set", peer, "name", "eth0")
                .add("addr", "add", bridge.host(host) + "/" + prefix, "dev", "eth0")
                .add("addr", "add", bridge.ipv6Host(host) + "/64", "dev", "eth0", "nodad") // the family from the address
                .add("link", "set", "eth0", "up")
                .add("route", "add", "default", "via", bridge.gateway().toString())
                .add("route", "add", "default", "via", bridge.ipv6Host(1))
                .runIn(pid, state.dir(), id);
        List<HostRules.Rule> forwards = new ArrayList<>();
        spec.request().network().publish().forEach(p -> forwards.addAll(forward(p)));
        if (!forwards.isEmpty()) {
            HostRules.add(forwards, HostRules.containerTag(id), state.dir(), id);
        }
        EgressRules rules = KernelBridge.egress(spec, domains);
        installed.addAll(EgressInstaller.install(pid, rules, state.dir(), id));
    }

    /** DNAT for traffic from outside (PREROUTING) and from the host itself (OUTPUT), and a FORWARD accept. */
    private List<HostRules.Rule> forward(PortMapping p) {
        String proto = p.protocol().toString();
        String to = bridge.host(host) + ":" + p.containerPort();
        List<String> match = new ArrayList<>(List.of("-p", proto));
        p.hostAddress().ifPresent(a -> match.addAll(List.of("-d", a.toString())));
        match.addAll(List.of("--dport", Integer.toString(p.hostPort()), "-j", "DNAT", "--to-destination", to));
        List<String> local = new ArrayList<>(List.of("-m", "addrtype", "--dst-type", "LOCAL"));
        local.addAll(match);
        return List.of(new HostRules.Rule("nat", "PREROUTING", false, match),
                new HostRules.Rule("nat", "OUTPUT", false, local),
                new HostRules.Rule("filter", "FORWARD", true, List.of("-o", bridge.name(), "-d",
                        bridge.host(host).toString(), "-p", proto, "--dport", Integer.toString(p.containerPort()),
                        "-j", "ACCEPT")));
    }

    @Override
    public List<String> egressRules() {
        return List.copyOf(installed);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            driver.release(id);
        } catch (LaunchFailedException e) {
            // left for `nucleus rm` or the next start's sweep, which find it by name and tag
        }
    }
}
