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
 * itself, and the egress policy inside the container's namespace. Uses {@code ip}, {@code iptables}
 * and {@code ip6tables} from trusted paths ({@link HostTools}); everything it adds is named or
 * tagged after the container, so that {@link #release} finds it after a crash.
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
        HostRules.removeTagged(tag -> tag.equals(HostRules.containerTag(containerId)));
        BridgeLink.remove(hostLink(containerId));
        try (NetworkState.Held held = state.lock()) {
            dropLeases(Set.of(containerId));
        }
    }

    @Override
    public Set<String> sweep(java.util.function.Supplier<Set<String>> liveIds) throws LaunchFailedException {
        Set<String> orphans = new HashSet<>();
        try (NetworkState.Held held = state.lock()) {
            Set<String> holders = leaseHolders();
            List<String> tags = HostRules.tags();
            if (holders.isEmpty() && tags.isEmpty()) {
                return orphans; // nothing anyone could have left: no container's state is read
            }
            Set<String> live = liveIds.get(); // after the listing: see NetworkDriver#sweep
            for (String id : holders) {
                if (!live.contains(id)) {
                    orphans.add(id);
                }
            }
            for (String tag : tags) {
                String id = tag.substring(HostRules.TAG_PREFIX.length());
                if (ID.matcher(id).matches() && !live.contains(id)) {
                    orphans.add(id);
                }
            }
            for (String id : orphans) {
                HostRules.removeTagged(tag -> tag.equals(HostRules.containerTag(id)));
                BridgeLink.remove(hostLink(id));
            }
            dropLeases(orphans);
        }
        return orphans;
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

    /**
     * Deletes the leases of {@code ids} (network lock held); a bridge left without leases loses
     * its shared rules and is removed; with none left anywhere, ip_forward is restored.
     */
    void dropLeases(Set<String> ids) throws LaunchFailedException {
        Path leases = state.dir().resolve("leases");
        if (!Files.isDirectory(leases)) {
            return;
        }
        boolean anyLeft = false;
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
                    String name = bridge.getFileName().toString();
                    HostRules.removeTagged(tag -> tag.equals(HostRules.bridgeTag(name)));
                    BridgeLink.remove(name);
                    Files.deleteIfExists(bridge);
                } else {
                    anyLeft = true;
                }
            }
        } catch (IOException e) {
            throw new LaunchFailedException("address leases: " + e.getMessage(), e);
        }
        if (!anyLeft) {
            IpForwarding.restore(state.dir());
        }
    }

    /** Makes the bridge, its shared rules and forwarding ready (network lock held). */
    static void ensureShared(NetworkState state, BridgeSettings b) throws LaunchFailedException {
        BridgeLink.ensure(b, state.dir());
        String tag = HostRules.bridgeTag(b.name());
        addOnce("nat", "POSTROUTING", false, List.of("-s", b.subnet().toString(), "!", "-o", b.name(), "-j",
                "MASQUERADE"), tag);
        // The host's own connections to 127.0.0.1:PORT, DNATed to a container, leave with a routable source.
        addOnce("nat", "POSTROUTING", false, List.of("-s", "127.0.0.0/8", "-o", b.name(), "-j", "MASQUERADE"), tag);
        addOnce("filter", "FORWARD", true, List.of("-o", b.name(), "-m", "conntrack", "--ctstate",
                "RELATED,ESTABLISHED", "-j", "ACCEPT"), tag);
        addOnce("filter", "FORWARD", true, List.of("-i", b.name(), "-j", "ACCEPT"), tag);
        IpForwarding.acquire(state.dir());
    }

    private static void addOnce(String table, String chain, boolean first, List<String> spec, String tag)
            throws LaunchFailedException {
        if (!HostRules.present(table, chain, spec, tag)) {
            HostRules.add(table, chain, first, spec, tag);
        }
    }

    /** The egress rules of {@code spec} as installed commands. */
    static EgressRules egress(ContainerSpec spec, List<IpAddress> domains) {
        return EgressRules.of(spec.network().egress(), spec.network().dns(), domains);
    }
}
