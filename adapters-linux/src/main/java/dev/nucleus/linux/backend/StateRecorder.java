package dev.nucleus.linux.backend;

import dev.nucleus.domain.event.SecurityStatus;
import dev.nucleus.domain.lifecycle.CgroupPlacement;
import dev.nucleus.domain.lifecycle.ContainerFacts;
import dev.nucleus.domain.lifecycle.ContainerProcess;
import dev.nucleus.domain.lifecycle.ContainerState;
import dev.nucleus.linux.state.ProcStart;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.StateStoreException;
import dev.nucleus.ports.out.StateStore;

/**
 * Writes one foreground container's lifecycle to the state store as it happens, so {@code ps},
 * {@code state}, {@code kill} and {@code stop} see it. An ephemeral container's state goes when it
 * ends; with {@code --keep} its final state stays until {@code nucleus rm}.
 */
final class StateRecorder implements AutoCloseable {
    private final StateStore store;
    private final ContainerFacts facts;

    private StateRecorder(StateStore store, ContainerFacts facts) {
        this.store = store;
        this.facts = facts;
    }

    static StateRecorder create(StateStore store, ContainerFacts facts) throws LaunchFailedException {
        try {
            store.create(ContainerState.creating(facts));
        } catch (StateStoreException e) {
            throw new LaunchFailedException("state: " + e.getMessage(), e);
        }
        return new StateRecorder(store, facts);
    }

    void created(long pid, CgroupPlacement cgroup) throws LaunchFailedException {
        ContainerProcess process = new ContainerProcess(pid, ProcStart.of(pid).orElse(0));
        change("created", s -> switch (s) {
            case ContainerState.Creating c -> c.created(process, cgroup);
            default -> throw illegal(s, "created");
        });
    }

    void running(SecurityStatus security) throws LaunchFailedException {
        long now = System.currentTimeMillis();
        change("running", s -> switch (s) {
            case ContainerState.Created c -> c.started(security, now);
            default -> throw illegal(s, "running");
        });
    }

    void exited(int code, boolean oomKilled) throws LaunchFailedException {
        ContainerState.Exit exit = new ContainerState.Exit(code, System.currentTimeMillis(), oomKilled);
        change("stopped", s -> switch (s) {
            case ContainerState.Running r -> r.exited(exit);
            case ContainerState.Stopping st -> st.exited(exit);
            default -> throw illegal(s, "stopped");
        });
    }

    /** Setup failed: recorded (for --keep), never thrown over the original failure. */
    void failed(String reason) {
        try {
            store.update(facts.id(), s -> switch (s) {
                case ContainerState.Creating c -> c.failed(reason);
                case ContainerState.Created c -> c.failed(reason);
                default -> s;
            });
        } catch (StateStoreException | RuntimeException e) {
            // the launch is failing already; its own error is the one to report
        }
    }

    private void change(String to, java.util.function.UnaryOperator<ContainerState> step)
            throws LaunchFailedException {
        try {
            store.update(facts.id(), step);
        } catch (StateStoreException e) {
            if (removedMeanwhile()) {
                return; // `nucleus rm --force` took the container away while it ran: nothing left to record
            }
            throw new LaunchFailedException("state (" + to + "): " + e.getMessage(), e);
        }
    }

    private boolean removedMeanwhile() {
        try {
            return store.load(facts.id()).isEmpty();
        } catch (StateStoreException e) {
            return false;
        }
    }

    private static IllegalStateException illegal(ContainerState s, String to) {
        return new IllegalStateException("container " + s.facts().shortId() + " is " + s.label() + ", not ready for "
                + to);
    }

    @Override
    public void close() throws LaunchFailedException {
        if (!facts.ephemeral()) {
            return;
        }
        try {
            store.remove(facts.id());
        } catch (StateStoreException e) {
            throw new LaunchFailedException("state cleanup: " + e.getMessage(), e);
        }
    }
}
