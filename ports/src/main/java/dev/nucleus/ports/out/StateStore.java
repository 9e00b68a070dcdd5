package dev.nucleus.ports.out;

import dev.nucleus.domain.lifecycle.ContainerState;
import dev.nucleus.ports.StateStoreException;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where containers' states live between commands (no daemon holds them). Every write is atomic
 * and serialised per container, so concurrent commands never see a half-written state.
 */
public interface StateStore {
    /** Writes a new container's first state; fails if the id exists. */
    void create(ContainerState state) throws StateStoreException;

    /**
     * Replaces the container's state by {@code change} applied to the current one, under the
     * container's lock; returns the new state.
     */
    ContainerState update(String id, UnaryOperator<ContainerState> change) throws StateStoreException;

    /**
     * Writes the container's next state without reading the current one (its own runtime knows it),
     * under the container's lock; fails when the state was removed meanwhile.
     */
    void replace(ContainerState state) throws StateStoreException;

    Optional<ContainerState> load(String id) throws StateStoreException;

    /**
     * Whether {@code nucleus stop} has marked the container Stopping: what its runtime asks when the
     * workload ends. A store may answer without reading the whole state.
     */
    default boolean stopping(String id) throws StateStoreException {
        return load(id).orElse(null) instanceof ContainerState.Stopping;
    }

    /** Every container's state, in creation order. */
    List<ContainerState> list() throws StateStoreException;

    /**
     * A container directory whose state cannot be read (empty or torn after a crash, or written by
     * another version) while no runtime is writing it: {@link #list()} cannot show it, so it is
     * reported apart, for an operator to remove.
     */
    record Unreadable(String id, String reason) {
    }

    /** The container directories {@link #list()} leaves out because their state cannot be read. */
    default List<Unreadable> unreadable() throws StateStoreException {
        return List.of();
    }

    /** Deletes the state; a no-op when it is gone already. */
    void remove(String id) throws StateStoreException;
}
