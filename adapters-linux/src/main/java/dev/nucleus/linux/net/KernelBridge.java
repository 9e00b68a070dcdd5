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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
    private final NetworkState state;
    private final LiveContainers otherRoots;

    /**
     * {@code stateBase}: the state root of the containers this process launches or removes;
     * {@code otherRoots}: how to ask another state root which of its containers are alive (a
     * host-wide bridge may hold their leases).
     */
    public KernelBridge(Path stateBase, LiveContainers otherRoots) {
        this(NetworkState.of(stateBase), otherRoots);
    }

    KernelBridge(NetworkState state, LiveContainers otherRoots) {
        this.state = state;
        this.otherRoots = otherRoots;
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
            List<PortMapping> publish = spec.request().network().publish();
            PublishedPorts.refuseConflicts(state.dir(), containerId, publish, LeaseTable.read(state.dir()));
            HostPorts.refuseUnusable(publish);
            host = new AddressLeases(state.leases(bridge.name()), bridge, Optional.of(state.owner()))
                    .allocate(containerId);
            PublishedPorts.record(state.dir(), containerId, publish);
        }
        return new BridgeAttachment(this, state, containerId, bridge, host, spec, domains);
    }

    @Override
    public void release(String containerId) throws LaunchFailedException {
        try (NetworkState.Held held = state.lock()) {
            remove(Set.of(containerId), HostRules.listed());
        }
    }

    /**
     * Frees what the leases of provably dead containers hold: a lease's owner (its state root)
     * is asked whether the container is alive, this launch's own root through {@code liveIds}.
     * A rule or link no lease names is never touched: it is not known to be a dead container's.
     */
    @Override
    public Set<String> sweep(java.util.function.Supplier<Set<String>> liveIds) throws LaunchFailedException {
        Set<String> orphans = new HashSet<>();
        try (NetworkState.Held held = state.lock()) {
            List<LeaseTable.Held> leases = LeaseTable.read(state.dir());
            if (leases.isEmpty()) {
                return orphans; // nothing anyone could have left: no container's state is read
            }
            Map<Path, Set<String>> live = new HashMap<>();
            for (LeaseTable.Held h : leases) {
                Path owner = h.lease().owner().map(o -> o.toAbsolutePath().normalize()).orElse(state.owner());
                Set<String> alive = live.get(owner);
                if (alive == null) {
                    // after the listing: see NetworkDriver#sweep (every root records a state before it leases)
                    alive = owner.equals(state.owner()) ? liveIds.get() : otherRoots.in(owner);
                    live.put(owner, alive);
                }
                if (!alive.contains(h.lease().id())) {
                    orphans.add(h.lease().id());
                }
            }
            if (!orphans.isEmpty()) {
                remove(orphans, HostRules.listed());
            }
        }
        return orphans;
    }

    /**
     * Removes what {@code ids} hold (network lock held): their veths, their rules, every bridge
     * left with no lease and no link attached (with its shared rules, in the same transaction),
     * and last their leases, so that a removal cut short is found again. With no lease left
     * anywhere, ip_forward is restored. {@code listing}: the host's tagged rules, read under this lock.
     */
    private void remove(Set<String> ids, List<HostRules.Listed> listing) throws LaunchFailedException {
        List<String> veths = new ArrayList<>();
        for (String id : ids) {
            veths.add(hostLink(id));
        }
        List<LeaseTable.Held> leases = LeaseTable.read(state.dir());
        Set<String> kept = new HashSet<>();
        for (LeaseTable.Held h : leases) {
            if (!ids.contains(h.lease().id())) {
                kept.add(h.bridge());
            }
        }
        List<String> emptied = new ArrayList<>();
        for (String bridge : LeaseTable.bridges(state.dir())) {
            if (!kept.contains(bridge) && !BridgeLink.hasPortsBut(bridge, veths)) {
                emptied.add(bridge);
            }
        }
        Set<String> tags = new HashSet<>();
        ids.forEach(id -> tags.add(HostRules.containerTag(id)));
        emptied.forEach(b -> tags.add(HostRules.bridgeTag(b)));
        // The links and the rules go at once: both wait on the kernel, and neither needs the other gone.
        // A bridge Nucleus did not make (an administrator's, given with --bridge) stays; its rules go.
        List<String> doomedLinks = new ArrayList<>(veths);
        List<String> madeEmptied = new ArrayList<>();
        for (String bridge : emptied) {
            if (BridgeLink.made(state.dir(), bridge)) {
                madeEmptied.add(bridge);
            }
        }
        doomedLinks.addAll(madeEmptied);
        LinkRemoval links = LinkRemoval.start(doomedLinks);
        try {
            HostRules.removeTagged(listing, tags::contains, state.dir(), ids.iterator().next());
        } catch (LaunchFailedException | RuntimeException e) {
            try {
                links.await();
            } catch (LaunchFailedException second) {
                e.addSuppressed(second);
            }
            throw e;
        }
        links.await();
        try {
            for (LeaseTable.Held h : leases) {
                if (ids.contains(h.lease().id())) {
                    Files.deleteIfExists(h.file());
                }
            }
            for (String bridge : emptied) {
                Files.deleteIfExists(state.leases(bridge));
            }
            for (String bridge : madeEmptied) {
                BridgeLink.forgetMade(state.dir(), bridge);
            }
            for (String id : ids) {
                PublishedPorts.forget(state.dir(), id);
            }
        } catch (IOException e) {
            throw new LaunchFailedException("address leases: " + e.getMessage(), e);
        }
        if (kept.isEmpty()) {
            IpForwarding.restore(state.dir());
        }
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
