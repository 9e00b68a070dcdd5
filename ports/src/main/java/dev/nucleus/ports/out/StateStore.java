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
     * Records that {@code nucleus stop} (or {@code rm --force}) was asked for, whatever the state:
     * a Running container becomes Stopping, and the request stays with the container for good, so
     * that a supervisor never restarts it, even when the stop came while it waited to restart it.
     * Under the container's lock; a no-op when the state is gone.
     */
    void recordStop(String id) throws StateStoreException;

    /**
     * Whether a stop was recorded ({@link #recordStop}): what its runtime asks when the workload
     * ends, and its supervisor while it waits to restart it. A store may answer without reading
     * the whole state.
     */
    boolean stopping(String id) throws StateStoreException;

    /**
     * A supervisor's restart of the container: writes {@code creating} over its last state unless
     * a stop was recorded, under the container's lock, so that a stop is either seen here or finds
     * the restarted container. Returns whether it was written; fails when the state is gone.
     */
    boolean restart(ContainerState creating) throws StateStoreException;

    /**
     * A kept foreground run's teardown is done: its state stops naming that run's process, which
     * {@code stop} and {@code rm} would otherwise wait for. Best effort: a state removed meanwhile
     * ({@code rm --force}) or unwritable leaves stop and rm to find the process gone.
     */
    default void forgetForegroundRuntime(dev.nucleus.domain.lifecycle.ContainerFacts facts) {
        if (!facts.annotations().containsKey(dev.nucleus.domain.lifecycle.SupervisorAnnotations.RUNTIME_PID)) {
            return;
        }
        try {
            update(facts.id(), dev.nucleus.domain.lifecycle.SupervisorAnnotations::withoutForegroundRuntime);
        } catch (StateStoreException | RuntimeException e) {
            // removed meanwhile, or unwritable: nothing more to do
        }
    }

    /** Every container's state, in creation order. */
    List<ContainerState> list() throws StateStoreException;

    /**
     * The states a reference a user gave may mean, in creation order: at least every one whose id
     * is it or starts with it, and every one it names ({@code ContainerLookup} picks among them).
     * A store may give more; this one gives them all.
     */
    default List<ContainerState> candidates(String reference) throws StateStoreException {
        return list();
    }

    /**
     * A container directory whose state cannot be read (empty or torn after a crash, or written by
     * another version) while no runtime is writing it: {@link #list()} cannot show it, so it is
     * reported apart, for an operator to remove.
     *
     * @param settling no state file yet or any more, in a directory changed a moment ago: most
     *                 likely a runtime making it or {@code rm} removing it, so a listing need not
     *                 call for its removal (a removal may still take it)
     */
    record Unreadable(String id, String reason, boolean settling) {
        public Unreadable(String id, String reason) {
            this(id, reason, false);
        }
    }

    /** The container directories {@link #list()} leaves out because their state cannot be read. */
    default List<Unreadable> unreadable() throws StateStoreException {
        return List.of();
    }

    /** Deletes the state; a no-op when it is gone already. */
    void remove(String id) throws StateStoreException;
}
