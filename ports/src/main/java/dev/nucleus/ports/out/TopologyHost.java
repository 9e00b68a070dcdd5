package dev.nucleus.ports.out;

import dev.nucleus.domain.event.HealthStatus;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.topology.Reconciliation;
import dev.nucleus.domain.topology.ServiceLaunch;
import dev.nucleus.domain.topology.TopologyVolume;
import dev.nucleus.ports.ContainerCommandException;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.ServiceStartException;
import dev.nucleus.ports.StateStoreException;

import java.util.List;
import java.util.Optional;

/** What {@code compose} needs of the host: its containers, detached starts, removal, health, time. */
public interface TopologyHost {
    /**
     * Holds the topology for this caller until closed: a second {@code up} or {@code down} of it
     * waits for the first, then reconciles against what the first made.
     */
    Held exclusive(String topology) throws StateStoreException;

    /** A held topology; closing releases it. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** The containers labelled as members of {@code topology}, running or not. */
    List<Reconciliation.Existing> members(String topology) throws StateStoreException;

    /**
     * What the host would refuse of a resolved launch before making anything (host paths, the
     * rootfs's attestation, kernel lockdown, policy files): empty when it may start.
     */
    Optional<String> refusal(ServiceLaunch launch, ContainerSpec spec);

    /** Makes a persistent volume's directory when it is missing, and gives it to its owner. */
    void makeVolume(TopologyVolume volume) throws LaunchFailedException;

    /** Starts the service detached and returns its container id once it runs. */
    String start(ServiceLaunch launch) throws ServiceStartException;

    /** Stops the container (SIGTERM, then SIGKILL after the timeout) and removes it. */
    void remove(String id, long stopTimeoutMillis) throws ContainerCommandException, StateStoreException;

    /** The IPv4 address the container holds on {@code bridge} (of {@code subnet}), if any. */
    Optional<String> address(String id, String bridge, String subnet);

    /** Whether the container's process runs now, and its last health verdict. */
    Condition condition(String id) throws StateStoreException;

    record Condition(boolean running, Optional<HealthStatus> health) {
    }

    long nowMillis();

    void pause(long millis);
}
