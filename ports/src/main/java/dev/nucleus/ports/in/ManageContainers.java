package dev.nucleus.ports.in;

import dev.nucleus.domain.event.ResourceStats;
import dev.nucleus.domain.lifecycle.ContainerState;
import dev.nucleus.ports.ContainerCommandException;
import dev.nucleus.ports.StateStoreException;

import java.util.List;

/** The daemonless management commands: list, inspect, signal, stop and remove containers. */
public interface ManageContainers {
    /** Containers as they are now (a recorded process that is gone shows as stopped); live ones only unless all. */
    List<ContainerState> list(boolean all) throws StateStoreException;

    ContainerState inspect(String reference) throws ContainerCommandException, StateStoreException;

    void kill(String reference, int signal, long callerUid) throws ContainerCommandException, StateStoreException;

    /** SIGTERM, then SIGKILL after the timeout; returns the container as it is afterwards. Idempotent. */
    ContainerState stop(String reference, long timeoutMillis, long callerUid)
            throws ContainerCommandException, StateStoreException;

    /** A live container and what it uses now. */
    record Usage(ContainerState container, ResourceStats stats) {
    }

    /** Resource use of one live container, or of every live one (reference empty). */
    List<Usage> stats(java.util.Optional<String> reference) throws ContainerCommandException, StateStoreException;

    /**
     * Removes a container that is not running (with force: stops it first). With force, a full id
     * whose state cannot be read ({@link #unreadable()}) is removed too.
     */
    void remove(String reference, boolean force, long callerUid) throws ContainerCommandException, StateStoreException;

    /** Container directories whose state cannot be read, which {@link #list} cannot show. */
    List<dev.nucleus.ports.out.StateStore.Unreadable> unreadable() throws StateStoreException;
}
