package dev.nucleus.gvisor;

import dev.nucleus.domain.event.SecurityStatus;
import dev.nucleus.domain.lifecycle.CgroupPlacement;
import dev.nucleus.domain.lifecycle.ContainerFacts;
import dev.nucleus.domain.lifecycle.ContainerProcess;
import dev.nucleus.domain.lifecycle.ContainerState;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.StateStoreException;
import dev.nucleus.ports.out.StateStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A gVisor container's lifecycle in the state store, so that ps, state, stop, kill and rm see it
 * as they see a native one. Its process is the runtime itself (this JVM): signals sent to it reach
 * the workload ({@link SandboxSignals}), and SIGKILL ends the sandbox too (runsc runs with a
 * parent-death signal), which a signal to the sandbox's own processes would not do gracefully.
 */
final class GvisorState implements AutoCloseable {
    private final StateStore store;
    private final ContainerFacts facts;
    private ContainerState current;

    private GvisorState(StateStore store, ContainerFacts facts, ContainerState current) {
        this.store = store;
        this.facts = facts;
        this.current = current;
    }

    /**
     * With {@code restart}, a supervisor's restart: the stopped state starts over as creating,
     * unless a stop was recorded meanwhile (checked under the state's lock, with the write).
     */
    static GvisorState create(StateStore store, ContainerFacts facts, boolean restart) throws LaunchFailedException {
        ContainerState creating = ContainerState.creating(facts);
        boolean written = true;
        try {
            if (restart) {
                written = store.restart(creating);
            } else {
                store.create(creating);
            }
        } catch (StateStoreException e) {
            throw new LaunchFailedException("state: " + e.getMessage(), e);
        }
        if (!written) {
            throw new LaunchFailedException("container " + facts.shortId() + " was stopped (nucleus stop) before"
                    + " its restart: not restarted");
        }
        return new GvisorState(store, facts, creating);
    }

    /**
     * @param observed the sandbox's cgroup directories (runsc makes and removes them): recorded
     *                 for {@code stats} alone, so {@code rm} never empties them (killing runsc's
     *                 processes under it) but stops the sandbox through runsc
     */
    void running(String cgroupsPath, Map<String, String> observed, SecurityStatus security) throws LaunchFailedException {
        if (!(current instanceof ContainerState.Creating c)) {
            throw new IllegalStateException("container " + facts.shortId() + " is " + current.label());
        }
        long pid = ProcessHandle.current().pid();
        ContainerState.Created created = c.created(new ContainerProcess(pid, startTime()),
                CgroupPlacement.observedOnly(cgroupsPath, observed));
        record(created.started(security, System.currentTimeMillis()));
    }

    /** Stopped, also after a `nucleus stop` recorded Stopping meanwhile; {@code oomKilled}: the OOM killer fired in it. */
    void exited(int code, boolean oomKilled) throws LaunchFailedException {
        ContainerState.Exit exit = new ContainerState.Exit(code, System.currentTimeMillis(), oomKilled);
        if (!(current instanceof ContainerState.Running r)) {
            throw new IllegalStateException("container " + facts.shortId() + " is " + current.label() + ", not running");
        }
        // Running and a Stopping that `nucleus stop` wrote meanwhile end the same: no need to read it back.
        record(r.exited(exit));
    }

    void failed(String reason) {
        if (current instanceof ContainerState.Creating c) {
            try {
                store.replace(c.failed(reason));
            } catch (StateStoreException | RuntimeException ignored) {
                // the launch fails already; its own error is the one to report
            }
        }
    }

    private void record(ContainerState next) throws LaunchFailedException {
        current = next;
        try {
            store.replace(next);
        } catch (StateStoreException e) {
            throw new LaunchFailedException("state: " + e.getMessage(), e);
        }
    }

    /** This process's start time in clock ticks since boot (/proc/self/stat field 22), as pids are checked. */
    static long startTime() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[19]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
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
