package dev.nucleus.ports.service;

import dev.nucleus.domain.lifecycle.CgroupParentAnnotation;
import dev.nucleus.domain.lifecycle.CgroupPlacement;
import dev.nucleus.domain.lifecycle.ContainerFacts;
import dev.nucleus.domain.lifecycle.ContainerLookup;
import dev.nucleus.domain.lifecycle.ContainerProcess;
import dev.nucleus.domain.lifecycle.ContainerState;
import dev.nucleus.domain.lifecycle.SupervisorAnnotations;
import dev.nucleus.ports.CgroupException;
import dev.nucleus.ports.ContainerCommandException;
import dev.nucleus.ports.StateStoreException;
import dev.nucleus.ports.in.ManageContainers;
import dev.nucleus.ports.out.CgroupDriver;
import dev.nucleus.ports.out.ProcessControl;
import dev.nucleus.ports.out.StateStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The management commands over the state store. A recorded process that is gone (its runtime was
 * killed before it could record the end) is shown as stopped with an unknown exit code, and can
 * then be removed. Only root or the container's creator may signal, stop or remove it.
 */
public final class ContainerManagement implements ManageContainers {
    static final int SIGKILL = 9;
    static final int SIGTERM = 15;
    static final long KILL_WAIT_MILLIS = 10_000;
    static final long SUPERVISOR_WAIT_MILLIS = 5_000;
    /** As long as systemd gives a supervisor unit to stop (TimeoutStopSec=30). */
    static final long TEARDOWN_WAIT_MILLIS = 30_000;
    static final long SETUP_WAIT_MILLIS = 10_000;

    private final StateStore store;
    private final ProcessControl processes;
    private final CgroupDriver cgroups;
    private final Leftovers leftovers;
    private final SandboxSignals sandboxSignals;

    public ContainerManagement(StateStore store, ProcessControl processes, CgroupDriver cgroups) {
        this(store, processes, cgroups, facts -> { }, (facts, signal) -> Optional.empty());
    }

    /**
     * With what removes what else a container's runtime left when it died: a bridged container's
     * links, rules and leases, a gVisor container's sandbox state and bundle.
     */
    public ContainerManagement(StateStore store, ProcessControl processes, CgroupDriver cgroups,
                               Leftovers leftovers, SandboxSignals sandboxSignals) {
        this.store = store;
        this.processes = processes;
        this.cgroups = cgroups;
        this.leftovers = leftovers;
        this.sandboxSignals = sandboxSignals;
    }

    /**
     * Signals a workload its recorded process does not reach: a sandbox's (gVisor's), whose recorded
     * pid is the runtime's supervisor. Empty for a container it does not handle (the native ones).
     */
    public interface SandboxSignals {
        Optional<Boolean> signal(dev.nucleus.domain.lifecycle.ContainerFacts facts, int signal)
                throws dev.nucleus.ports.LaunchFailedException;
    }

    /** Removes what a container's runtime made beside its state and cgroup; idempotent. */
    public interface Leftovers {
        void release(dev.nucleus.domain.lifecycle.ContainerFacts facts) throws dev.nucleus.ports.LaunchFailedException;
    }

    @Override
    public List<ContainerState> list(boolean all) throws StateStoreException {
        return store.list().stream().map(this::observed).filter(s -> all || s.process().isPresent()).toList();
    }

    @Override
    public ContainerState inspect(String reference) throws ContainerCommandException, StateStoreException {
        return observed(find(reference));
    }

    @Override
    public void kill(String reference, int signal, long callerUid) throws ContainerCommandException, StateStoreException {
        ContainerState s = owned(inspect(reference), callerUid);
        ContainerProcess p = s.process().orElseThrow(() -> notRunning(s));
        Optional<Boolean> bySandbox;
        try {
            bySandbox = sandboxSignals.signal(s.facts(), signal);
        } catch (dev.nucleus.ports.PolicyRejectedException e) {
            throw new ContainerCommandException("container " + s.facts().shortId() + ": " + e.getMessage());
        } catch (dev.nucleus.ports.LaunchFailedException e) {
            throw new StateStoreException("cannot signal " + s.facts().shortId() + ": " + e.getMessage(), e);
        }
        if (!bySandbox.orElseGet(() -> processes.signal(p, signal))) {
            throw notRunning(s);
        }
    }

    @Override
    public ContainerState stop(String reference, long timeoutMillis, long callerUid)
            throws ContainerCommandException, StateStoreException {
        ContainerState found = owned(inspect(reference), callerUid);
        String id = found.facts().id();
        // Recorded whatever the state, first: a supervisor waiting to restart a stopped container
        // reads it, under the same lock, before it writes the restart.
        store.recordStop(id);
        ContainerState s = settled(found);
        Optional<ContainerProcess> p = s.process();
        if (p.isPresent()) {
            processes.signal(p.get(), SIGTERM);
            if (!processes.awaitGone(p.get(), timeoutMillis)) {
                processes.signal(p.get(), SIGKILL);
                processes.awaitGone(p.get(), KILL_WAIT_MILLIS);
            }
        }
        // Stopped already or just now: stop is idempotent, and returns once a supervisor still
        // finishing (or waiting to restart) is done, whichever way it stopped.
        awaitTeardown(s.facts());
        if (p.isEmpty()) {
            return s;
        }
        Optional<ContainerState> after = store.load(id);
        return after.map(this::observed).orElse(s);
    }

    @Override
    public void remove(String reference, boolean force, long callerUid)
            throws ContainerCommandException, StateStoreException {
        ContainerState found;
        try {
            found = inspect(reference);
        } catch (ContainerCommandException e) {
            removeUnreadable(reference, force, e);
            return;
        }
        ContainerState s = owned(found, callerUid);
        if (s.process().isPresent()) {
            if (!force) {
                throw new ContainerCommandException("container " + s.facts().shortId() + " (" + s.facts().name()
                        + ") is " + s.label() + ": stop it first, or use rm --force");
            }
            store.recordStop(s.facts().id()); // first: a supervisor with a restart policy must not start it again
            processes.signal(s.process().get(), SIGKILL);
            if (!processes.awaitGone(s.process().get(), KILL_WAIT_MILLIS)) {
                throw new ContainerCommandException("container " + s.facts().shortId() + " did not die within "
                        + KILL_WAIT_MILLIS / 1000 + " s of SIGKILL; its state is kept");
            }
            awaitSupervisor(s.facts());
        } else if (supervisorAlive(s.facts())) {
            // Ended by itself a moment ago (its supervisor still tearing down) or waiting to be
            // restarted: the stop recorded ends a restart's wait, and its teardown is not raced.
            store.recordStop(s.facts().id());
            awaitSupervisor(s.facts());
        }
        // by id, not the reference again: a killed container's runtime may have removed its state meanwhile
        Optional<ContainerState> recorded = store.load(s.facts().id());
        if (recorded.isPresent()) {
            removeLeftCgroup(recorded.get());
        }
        try {
            leftovers.release(s.facts());
        } catch (dev.nucleus.ports.LaunchFailedException e) {
            throw new StateStoreException("cannot remove what the runtime of " + s.facts().shortId() + " left: "
                    + e.getMessage(), e);
        }
        store.remove(s.facts().id());
    }

    /**
     * A container being set up (a supervisor's restart under way) has no process yet: wait until it
     * has one, or has ended, so the stop recorded meets it rather than passing it by.
     */
    private ContainerState settled(ContainerState s) throws StateStoreException {
        ContainerState[] now = {observed(s)};
        StateStoreException[] failed = {null};
        processes.awaitCondition(() -> {
            if (!(now[0] instanceof ContainerState.Creating)) {
                return true;
            }
            try {
                Optional<ContainerState> again = store.load(now[0].facts().id());
                if (again.isEmpty()) {
                    return true; // removed meanwhile: as it was last seen
                }
                now[0] = observed(again.get());
                return false;
            } catch (StateStoreException e) {
                failed[0] = e;
                return true;
            }
        }, SETUP_WAIT_MILLIS);
        if (failed[0] != null) {
            throw failed[0];
        }
        ContainerState settled = now[0];
        if (s instanceof ContainerState.Creating && settled.process().isPresent()) {
            store.recordStop(settled.facts().id()); // Running now: recorded Stopping too, as ps should show it
        }
        return settled;
    }

    /**
     * A detached container's supervisor, or a foreground run's own process, removes its network
     * (links, forwards, lease), cgroup and staged files and records the end (a foreground run
     * without --keep: removes the state and frees the name) after the workload died: stop returns
     * once it has, so a {@code run -p} of the same port or name, or {@code ip link}, right after
     * finds nothing of it. It is not killed (that would leave its teardown half done): one that
     * does not finish is reported.
     */
    private void awaitTeardown(ContainerFacts facts) throws StateStoreException {
        Optional<ContainerProcess> runtime = SupervisorAnnotations.process(facts.annotations());
        if (runtime.isEmpty()) {
            return;
        }
        boolean supervisor = facts.annotations().containsKey(SupervisorAnnotations.KIND);
        if (!awaitDone(facts, runtime.get(), TEARDOWN_WAIT_MILLIS)) {
            String who = supervisor ? "its supervisor" : "its foreground nucleus run";
            throw new StateStoreException("container " + facts.shortId() + ": " + who + " (pid "
                    + runtime.get().pid() + ") has not finished tearing it down (network, cgroup, the recorded"
                    + " end) within " + TEARDOWN_WAIT_MILLIS / 1000 + " s of the stop; nucleus rm --force "
                    + facts.shortId() + " ends it and removes what it left");
        }
    }

    /** Whether the container's state is still there but no longer names {@code runtime}. */
    private boolean keptWithout(String id, ContainerProcess runtime) {
        try {
            return store.load(id).map(s -> !SupervisorAnnotations.process(s.facts().annotations())
                    .equals(Optional.of(runtime))).orElse(false);
        } catch (StateStoreException e) {
            return false;
        }
    }

    /**
     * A detached container's supervisor records the end, removes the cgroup and, in trace mode,
     * writes the log after the container died: rm waits for it, so that nothing of the container
     * is still being written when it returns; one that does not end in time is killed.
     */
    private void awaitSupervisor(ContainerFacts facts) {
        Optional<ContainerProcess> supervisor = SupervisorAnnotations.process(facts.annotations());
        if (supervisor.isPresent() && !awaitDone(facts, supervisor.get(), SUPERVISOR_WAIT_MILLIS)) {
            processes.signal(supervisor.get(), SIGKILL);
            processes.awaitGone(supervisor.get(), KILL_WAIT_MILLIS);
        }
    }

    /**
     * Waits for the teardown by {@code runtime}: a supervisor's ends with it; a foreground run's
     * when it has ended, or has kept the state (--keep) and stopped naming itself in it (the
     * process that ran it may live on: one that ran the launch in-process).
     */
    private boolean awaitDone(ContainerFacts facts, ContainerProcess runtime, long millis) {
        if (facts.annotations().containsKey(SupervisorAnnotations.KIND)) {
            return processes.awaitGone(runtime, millis);
        }
        return processes.awaitCondition(() -> !processes.alive(runtime) || keptWithout(facts.id(), runtime), millis);
    }

    private boolean supervisorAlive(ContainerFacts facts) {
        Optional<ContainerProcess> runtime = SupervisorAnnotations.process(facts.annotations());
        return runtime.isPresent() && processes.alive(runtime.get())
                && (facts.annotations().containsKey(SupervisorAnnotations.KIND) || !keptWithout(facts.id(), runtime.get()));
    }

    @Override
    public List<StateStore.Unreadable> unreadable() throws StateStoreException {
        return store.unreadable();
    }

    /**
     * A reference no readable state matches may still be the full id of a directory whose state
     * cannot be read: with force it goes, with whatever still runs in its cgroup (no owner to
     * check beyond who may write the state directory); without, the error says how.
     */
    private void removeUnreadable(String reference, boolean force, ContainerCommandException notFound)
            throws ContainerCommandException, StateStoreException {
        Optional<StateStore.Unreadable> bad = store.unreadable().stream()
                .filter(u -> u.id().equals(reference)).findFirst();
        if (bad.isEmpty()) {
            throw notFound;
        }
        if (!force) {
            throw new ContainerCommandException("container " + reference + " has no readable state ("
                    + bad.get().reason() + "): remove it with rm --force " + reference);
        }
        // Its processes may still run (a state another version wrote): found by its cgroup, they
        // are killed with it, as --force does for any container; then the state goes.
        java.util.Map<String, String> left;
        try {
            left = cgroups.locate(reference);
        } catch (CgroupException e) {
            throw new ContainerCommandException("container " + reference + ": its cgroup cannot be removed: "
                    + e.getMessage());
        }
        removeCgroup(reference, reference, left);
        store.remove(reference);
    }

    @Override
    public List<Usage> stats(Optional<String> reference) throws ContainerCommandException, StateStoreException {
        List<ContainerState> live = reference.isPresent() ? List.of(inspect(reference.get())) : list(false);
        List<Usage> out = new ArrayList<>();
        for (ContainerState s : live) {
            Optional<CgroupPlacement> where = placement(s);
            // readable(): a gVisor sandbox's cgroup is runsc's, recorded apart from the ones rm removes
            if (s.process().isEmpty() || where.isEmpty() || where.get().readable().isEmpty()) {
                if (reference.isPresent()) {
                    throw new ContainerCommandException("container " + s.facts().shortId() + " is " + s.label()
                            + (s.process().isPresent() ? " without a cgroup" : "") + ": no statistics");
                }
                continue;
            }
            try {
                out.add(new Usage(s, cgroups.reopen(s.facts().id(), where.get().readable()).stats()));
            } catch (CgroupException e) {
                throw new ContainerCommandException("container " + s.facts().shortId() + ": " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * A runtime that died could not remove the cgroup: empty it and remove it now. One that died
     * while creating, after it made the cgroups and before its state named them, left them
     * unrecorded: they are found by the container's id beneath its cgroup parent.
     */
    private void removeLeftCgroup(ContainerState recorded) throws ContainerCommandException {
        Optional<CgroupPlacement> where = placement(recorded);
        if (where.isPresent()) {
            removeCgroup(recorded.facts().id(), recorded.facts().shortId(), where.get().directories());
        } else if (recorded instanceof ContainerState.Creating && !runtimeAlive(recorded.facts())) {
            String id = recorded.facts().id();
            java.util.Map<String, String> left;
            try {
                left = cgroups.locate(id, CgroupParentAnnotation.of(recorded.facts()));
            } catch (CgroupException e) {
                throw new ContainerCommandException("container " + recorded.facts().shortId()
                        + ": its cgroup cannot be found: " + e.getMessage());
            }
            removeCgroup(id, recorded.facts().shortId(), left);
        }
    }

    private boolean runtimeAlive(ContainerFacts facts) {
        Optional<ContainerProcess> runtime = SupervisorAnnotations.process(facts.annotations());
        return runtime.isPresent() && processes.alive(runtime.get());
    }

    /** Closing a reopened cgroup kills what is left in it and removes it; one already gone is fine. */
    private void removeCgroup(String id, String shown, java.util.Map<String, String> directories)
            throws ContainerCommandException {
        if (directories.isEmpty()) {
            return;
        }
        try (var cgroup = cgroups.reopen(id, directories)) {
            // closed here
        } catch (CgroupException e) {
            throw new ContainerCommandException("container " + shown + ": its cgroup cannot be removed: "
                    + e.getMessage());
        }
    }

    // instanceof, not pattern switches, in this class: every management command runs them, and each
    // switch site costs a class spun at run time (SwitchBootstraps) that the AOT cache does not hold.
    private static Optional<CgroupPlacement> placement(ContainerState s) {
        if (s instanceof ContainerState.Created c) {
            return Optional.of(c.cgroup());
        }
        if (s instanceof ContainerState.Running r) {
            return Optional.of(r.cgroup());
        }
        if (s instanceof ContainerState.Stopping st) {
            return Optional.of(st.running().cgroup());
        }
        return Optional.empty();
    }

    private ContainerState find(String reference) throws ContainerCommandException, StateStoreException {
        try {
            return ContainerLookup.find(store.candidates(reference), reference);
        } catch (ContainerLookup.NotFound e) {
            throw new ContainerCommandException(e.getMessage());
        }
    }

    /** The state as it is now: a recorded process that is gone means the container stopped. */
    ContainerState observed(ContainerState s) {
        if (s instanceof ContainerState.Created c && !processes.alive(c.pid())) {
            return c.failed("its runtime ended before the workload started");
        }
        if (s instanceof ContainerState.Running r && !processes.alive(r.pid())) {
            return r.exited(lost());
        }
        if (s instanceof ContainerState.Stopping st && !processes.alive(st.running().pid())) {
            return st.exited(lost());
        }
        return s;
    }

    private static ContainerState.Exit lost() {
        return new ContainerState.Exit(ContainerState.Exit.UNKNOWN, 0, false);
    }

    private static ContainerState owned(ContainerState s, long callerUid) throws ContainerCommandException {
        if (callerUid != 0 && callerUid != s.facts().ownerUid()) {
            throw new ContainerCommandException("container " + s.facts().shortId() + " belongs to uid "
                    + s.facts().ownerUid() + ": only that user or root may act on it");
        }
        return s;
    }

    private static ContainerCommandException notRunning(ContainerState s) {
        return new ContainerCommandException("container " + s.facts().shortId() + " (" + s.facts().name()
                + ") is not running (" + s.label() + ")");
    }
}
