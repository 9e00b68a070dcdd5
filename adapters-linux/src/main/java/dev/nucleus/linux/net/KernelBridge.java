package dev.nucleus.linux.net;

import dev.nucleus.domain.net.EgressRules;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.spec.BridgeSettings;
import dev.nucleus.domain.value.IpAddress;
import dev.nucleus.domain.value.PortMapping;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.PolicyRejectedException;
import dev.nucleus.ports.out.NetworkDriver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * --network bridge through the kernel: a bridge with a gateway address, a veth pair per
 * container (the container's end renamed eth0, with its IPv4 and IPv6 addresses and default
 * routes), one shared MASQUERADE rule per bridge and FORWARD rules that let its traffic pass a
 * host whose policy is DROP, DNAT port forwards for traffic from outside and from the host
 * itself, and the egress policy inside the container's namespace. Uses {@code ip} and the save
 * and restore tools of {@code iptables} and {@code ip6tables} from trusted paths ({@link HostTools});
 * everything it adds is named or tagged after the container, so that {@link #release} finds it
 * after a crash.
 */
public final class KernelBridge implements NetworkDriver {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    private final NetworkState state;

    public KernelBridge(Path stateBase) {
        this.state = new NetworkState(stateBase);
    }

    @Override
    public String kind() {
        return "kernel";
    }

    /** The host end of a container's veth pair: "nv" and the id's first 12 hex digits (15 bytes at most). */
    static String hostLink(String id) {
        return "nv" + id.substring(0, 12);
    }

    @Override
    public Attachment reserve(String containerId, ContainerSpec spec) throws LaunchFailedException {
        BridgeSettings bridge = spec.request().network().bridge();
        for (PortMapping p : spec.request().network().publish()) {
            if (p.hostAddress().isPresent() && p.hostAddress().get().family() != IpAddress.Family.IPV4) {
                throw new PolicyRejectedException("-p " + p + ": the kernel bridge forwards IPv4 host addresses only");
            }
        }
        List<IpAddress> domains = EgressDomains.resolve(spec.request().network().egress().domains());
        long host;
        try (NetworkState.Held held = state.lock()) {
            host = new AddressLeases(state.leases(bridge.name()), bridge).allocate(containerId);
        }
        return new BridgeAttachment(this, state, containerId, bridge, host, spec, domains);
    }

    @Override
    public void release(String containerId) throws LaunchFailedException {
        try (NetworkState.Held held = state.lock()) {
            remove(Set.of(containerId), HostRules.listed());
        }
    }

    @Override
    public Set<String> sweep(java.util.function.Supplier<Set<String>> liveIds) throws LaunchFailedException {
        Set<String> orphans = new HashSet<>();
        try (NetworkState.Held held = state.lock()) {
            Set<String> holders = leaseHolders();
            List<HostRules.Listed> rules = HostRules.listed();
            if (holders.isEmpty() && rules.isEmpty()) {
                return orphans; // nothing anyone could have left: no container's state is read
            }
            Set<String> live = liveIds.get(); // after the listing: see NetworkDriver#sweep
            for (String id : holders) {
                if (!live.contains(id)) {
                    orphans.add(id);
                }
            }
            for (HostRules.Listed rule : rules) {
                String id = rule.tag().substring(HostRules.TAG_PREFIX.length());
                if (ID.matcher(id).matches() && !live.contains(id)) {
                    orphans.add(id);
                }
            }
            if (!orphans.isEmpty()) {
                remove(orphans, rules);
            }
        }
        return orphans;
    }

    /**
     * Removes what {@code ids} hold (network lock held): their rules, veths and leases, and every
     * bridge their going leaves without a lease, with its shared rules — all the rules in one
     * transaction. With no bridge left anywhere, ip_forward is restored. {@code listing}: the
     * host's tagged rules, read under this lock.
     */
    private void remove(Set<String> ids, List<HostRules.Listed> listing) throws LaunchFailedException {
        Leases left = dropLeases(ids);
        Set<String> tags = new HashSet<>();
        ids.forEach(id -> tags.add(HostRules.containerTag(id)));
        left.emptied().forEach(b -> tags.add(HostRules.bridgeTag(b)));
        HostRules.removeTagged(listing, tags::contains, state.dir(), ids.iterator().next());
        for (String id : ids) {
            BridgeLink.remove(hostLink(id));
        }
        try {
            for (String bridge : left.emptied()) {
                BridgeLink.remove(bridge);
                Files.deleteIfExists(state.dir().resolve("leases").resolve(bridge));
            }
        } catch (IOException e) {
            throw new LaunchFailedException("address leases: " + e.getMessage(), e);
        }
        if (!left.anyBridge()) {
            IpForwarding.restore(state.dir());
        }
    }

    /** Every container id holding a lease on any bridge. */
    private Set<String> leaseHolders() throws LaunchFailedException {
        Set<String> ids = new HashSet<>();
        Path leases = state.dir().resolve("leases");
        if (!Files.isDirectory(leases)) {
            return ids;
        }
        try (DirectoryStream<Path> bridges = Files.newDirectoryStream(leases)) {
            for (Path bridge : bridges) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(bridge)) {
                    for (Path f : files) {
                        ids.add(Files.readString(f, StandardCharsets.UTF_8).strip());
                    }
                }
            }
        } catch (IOException e) {
            throw new LaunchFailedException("address leases: " + e.getMessage(), e);
        }
        return ids;
    }

    /** After leases were dropped: the bridges left without one, and whether any bridge keeps one. */
    private record Leases(List<String> emptied, boolean anyBridge) {
    }

    /** Deletes the leases of {@code ids} (network lock held). */
    private Leases dropLeases(Set<String> ids) throws LaunchFailedException {
        Path leases = state.dir().resolve("leases");
        List<String> emptied = new ArrayList<>();
        boolean anyLeft = false;
        if (!Files.isDirectory(leases)) {
            return new Leases(emptied, false);
        }
        try (DirectoryStream<Path> bridges = Files.newDirectoryStream(leases)) {
            for (Path bridge : bridges) {
                List<Path> files = new ArrayList<>();
                try (DirectoryStream<Path> s = Files.newDirectoryStream(bridge)) {
                    s.forEach(files::add);
                }
                int left = 0;
                for (Path f : files) {
                    if (ids.contains(Files.readString(f, StandardCharsets.UTF_8).strip())) {
                        Files.deleteIfExists(f);
                    } else {
                        left++;
                    }
                }
                if (left == 0) {
                    emptied.add(bridge.getFileName().toString());
                } else {
                    anyLeft = true;
                }
            }
        } catch (IOException e) {
            throw new LaunchFailedException("address leases: " + e.getMessage(), e);
        }
        return new Leases(emptied, anyLeft);
    }

    /** Makes the bridge, its shared rules and forwarding ready (network lock held). */
    static void ensureShared(NetworkState state, BridgeSettings b) throws LaunchFailedException {
        BridgeLink.ensure(b, state.dir());
        HostRules.ensure(List.of(
                new HostRules.Rule("nat", "POSTROUTING", false, List.of("-s", b.subnet().toString(), "!", "-o",
                        b.name(), "-j", "MASQUERADE")),
                // The host's own connections to 127.0.0.1:PORT, DNATed to a container, leave with a routable source.
                new HostRules.Rule("nat", "POSTROUTING", false, List.of("-s", "127.0.0.0/8", "-o", b.name(), "-j",
                        "MASQUERADE")),
                new HostRules.Rule("filter", "FORWARD", true, List.of("-o", b.name(), "-m", "conntrack", "--ctstate",
                        "RELATED,ESTABLISHED", "-j", "ACCEPT")),
                new HostRules.Rule("filter", "FORWARD", true, List.of("-i", b.name(), "-j", "ACCEPT"))),
                HostRules.bridgeTag(b.name()), state.dir(), b.name());
        IpForwarding.acquire(state.dir());
    }

    /** The egress rules of {@code spec} as installed commands. */
    static EgressRules egress(ContainerSpec spec, List<IpAddress> domains) {
        return EgressRules.of(spec.network().egress(), spec.network().dns(), domains);
    }
}
