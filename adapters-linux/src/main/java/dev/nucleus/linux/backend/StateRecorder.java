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
    /** What this runtime last recorded: the next state follows from it, with no read of the file. */
    private ContainerState current;

    private StateRecorder(StateStore store, ContainerFacts facts) {
        this.store = store;
        this.facts = facts;
        this.current = ContainerState.creating(facts);
    }

    static StateRecorder create(StateStore store, ContainerFacts facts) throws LaunchFailedException {
        try {
            store.create(ContainerState.creating(facts));
        } catch (StateStoreException e) {
            throw new LaunchFailedException("state: " + e.getMessage(), e);
        }
        return new StateRecorder(store, facts);
    }

    /**
     * A supervisor's restart of the same container: its stopped state starts over as creating,
     * unless a stop was recorded meanwhile (checked under the state's lock, with the write).
     */
    static StateRecorder restart(StateStore store, ContainerFacts facts) throws LaunchFailedException {
        boolean restarted;
        try {
            restarted = store.restart(ContainerState.creating(facts));
        } catch (StateStoreException e) {
            throw new LaunchFailedException("state: " + e.getMessage(), e);
        }
        if (!restarted) {
            throw new LaunchFailedException("container " + facts.shortId() + " was stopped (nucleus stop) before"
                    + " its restart: not restarted");
        }
        return new StateRecorder(store, facts);
    }

    /** What this runtime last recorded. */
    ContainerState current() {
        return current;
    }

    // instanceof, not a pattern switch, on this hot path: each switch site costs a runtime-spun
    // class (SwitchBootstraps) that the AOT cache does not hold, milliseconds per start.
    void created(long pid, CgroupPlacement cgroup) throws LaunchFailedException {
        ContainerProcess process = new ContainerProcess(pid, ProcStart.of(pid).orElse(0));
        if (!(current instanceof ContainerState.Creating c)) {
            throw illegal(current, "created");
        }
        record("created", c.created(process, cgroup));
    }

    void running(SecurityStatus security) throws LaunchFailedException {
        if (!(current instanceof ContainerState.Created c)) {
            throw illegal(current, "running");
        }
        record("running", c.started(security, System.currentTimeMillis()));
    }

    /**
     * Stopped follows Running (and a Stopping that `nucleus stop` wrote meanwhile leads to the
     * same). With {@code askSupervisor}, returns whether that stop was asked for (read before the
     * stopped state replaces it): a supervisor never restarts such a container. Without, false:
     * only a supervisor asks (the read is a cold start's tenth of a millisecond).
     */
    boolean exited(int code, boolean oomKilled, boolean askSupervisor) throws LaunchFailedException {
        if (!(current instanceof ContainerState.Running r)) {
            throw illegal(current, "stopped");
        }
        boolean stopAsked = askSupervisor && stopAsked();
        record("stopped", r.exited(new ContainerState.Exit(code, System.currentTimeMillis(), oomKilled)));
        return stopAsked;
    }

    private boolean stopAsked() {
        try {
            return store.stopping(facts.id());
        } catch (StateStoreException e) {
            return false;
        }
    }

    /** Setup failed: recorded (for --keep), never thrown over the original failure. */
    void failed(String reason) {
        ContainerState next = current instanceof ContainerState.Creating c ? c.failed(reason)
                : current instanceof ContainerState.Created c ? c.failed(reason) : current;
        if (next == current) {
            return; // it ran: its exit (or its runtime's death) says how it ended
        }
        current = next;
        try {
            store.replace(next);
        } catch (StateStoreException | RuntimeException e) {
            // the launch is failing already; its own error is the one to report
        }
    }

    private void record(String to, ContainerState next) throws LaunchFailedException {
        current = next;
        try {
            store.replace(next);
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
            store.forgetForegroundRuntime(facts);
            return;
        }
        try {
            store.remove(facts.id());
        } catch (StateStoreException e) {
            throw new LaunchFailedException("state cleanup: " + e.getMessage(), e);
        }
    }
}
