package dev.nucleus.linux.backend;

import dev.nucleus.domain.hooks.HookPause;
import dev.nucleus.domain.hooks.HookPoint;
import dev.nucleus.domain.hooks.Hooks;
import dev.nucleus.domain.plan.IsolationPlan;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.linux.hooks.HookFiles;
import dev.nucleus.linux.hooks.HookRunner;
import dev.nucleus.linux.state.FileStateStore;
import dev.nucleus.linux.state.OciState;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.StateStoreException;
import dev.nucleus.ports.out.EventSink;

import java.io.OutputStream;
import java.nio.file.Path;

/** One launch's --hooks, run at their points with the container's OCI state as recorded at that moment. */
final class LaunchHooks {
    private final Hooks hooks;
    private final FileStateStore store;
    private final String id;
    private final EventSink events;
    private final OutputStream output;

    /** {@code output}: what the hooks print; null for this process's stderr. */
    LaunchHooks(Hooks hooks, FileStateStore store, String id, EventSink events, OutputStream output) {
        this.hooks = hooks;
        this.store = store;
        this.id = id;
        this.events = events;
        this.output = output;
    }

    /** Read and checked before anything is created: a bad file is exit 2. */
    static Hooks load(ContainerSpec spec) throws LaunchFailedException {
        if (spec.request().lifecycle().hooks().isEmpty()) {
            return Hooks.NONE;
        }
        return HookFiles.load(Path.of(spec.request().lifecycle().hooks().get().path()));
    }

    /**
     * The plan fitted to the hooks: GO awaited first when createRuntime or createContainer hooks
     * run (between the clone and GO, they see the container before its mounts and pivot_root),
     * and a pause for startContainer hooks when there are any.
     */
    static IsolationPlan fitted(IsolationPlan plan, Hooks hooks) {
        IsolationPlan ordered = hooks.at(HookPoint.CREATE_RUNTIME).isEmpty()
                && hooks.at(HookPoint.CREATE_CONTAINER).isEmpty() ? plan : plan.awaitingGoFirst();
        return hooks.at(HookPoint.START_CONTAINER).isEmpty() ? ordered : HookPause.insert(ordered);
    }

    void run(HookPoint point, long pid) throws LaunchFailedException {
        if (hooks.at(point).isEmpty()) {
            return;
        }
        String state;
        try {
            state = OciState.json(store.load(id).orElseThrow(() -> new StateStoreException("no state for " + id)));
        } catch (StateStoreException e) {
            throw new LaunchFailedException("hooks: " + e.getMessage(), e);
        }
        (output == null ? new HookRunner(events) : new HookRunner(events, output)).run(point, hooks.at(point), state,
                pid);
    }
}
