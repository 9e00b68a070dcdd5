package dev.nucleus.ports.out;

import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.value.IpAddress;
import dev.nucleus.ports.LaunchFailedException;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A container's network beyond its own loopback (--network bridge): the kernel bridge with NAT
 * and port forwards, or userspace NAT (slirp4netns), plus the egress policy inside the
 * container's network namespace. The gVisor backend reuses it for the namespace runsc runs in.
 */
public interface NetworkDriver {
    /** "kernel" or "userspace". */
    String kind();

    /**
     * Reserves what the container's network needs before the container exists (its address, so
     * that /etc/hosts can name it). Nothing reserved is left when this throws.
     */
    Attachment reserve(String containerId, ContainerSpec spec) throws LaunchFailedException;

    /**
     * Removes whatever the network of container {@code containerId} left behind (its runtime
     * died): links, rules, leases, helper processes. Idempotent.
     */
    void release(String containerId) throws LaunchFailedException;

    /**
     * Removes what belongs to containers not among {@code liveIds} (a startup sweep); returns their
     * ids. The live ids are asked for after the driver has listed what it holds (and under its lock,
     * where it has one): a container records its state before it reserves, so one that reserved
     * before the listing is among them. A set taken earlier could miss it and free its address.
     * When the listing holds nothing, they are not asked for at all (reading every container's
     * state is the costly part).
     */
    Set<String> sweep(java.util.function.Supplier<Set<String>> liveIds) throws LaunchFailedException;

    /** One container's network, from reservation to removal. */
    interface Attachment extends AutoCloseable {
        /** The container's addresses on the network (IPv4 first), once reserved. */
        List<IpAddress> addresses();

        /** Wires the network into the container's network namespace (the process {@code pid} is in). */
        void connect(long pid) throws LaunchFailedException;

        /** The egress rules installed, as the iptables/ip6tables command lines (for the events stream). */
        List<String> egressRules();

        /** How the container reaches the outside: e.g. "kernel bridge nucleus0 10.0.42.0/24". */
        String describe();

        /** The name server the container should use when the request gives none, if this network has one. */
        default Optional<IpAddress> builtInDns() {
            return Optional.empty();
        }

        /** Removes everything of this container's network; never throws for what is gone already. */
        @Override
        void close();
    }
}
