package dev.nucleus.linux.backend;

import dev.nucleus.linux.state.FileStateStore;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.StateStoreException;
import dev.nucleus.ports.out.ContainerNames;

import java.io.IOException;
import java.nio.file.Path;

/**
 * --name uniqueness for every backend of one state directory: a stopped container kept with --keep
 * still owns its name (its state says so), a running one holds its {@link NameClaim} (taken
 * atomically, so of two launches racing for a name exactly one wins).
 */
public final class HostContainerNames implements ContainerNames {
    private final Path base;
    private final FileStateStore store;

    public HostContainerNames(Path stateBase, FileStateStore store) {
        this.base = stateBase;
        this.store = store;
    }

    @Override
    public Claim claim(String name, boolean restart) throws LaunchFailedException {
        // Claimed first, then checked: a launch keeping a stopped state of this name (--keep) writes
        // it while still holding the claim, so no such state can appear between the two.
        NameClaim claim = NameClaim.take(base, name);
        Claim held = () -> {
            try {
                claim.close();
            } catch (IOException e) {
                // left behind, it is taken over: its owner (this runtime) is gone by then
            }
        };
        if (!restart) {
            try {
                refuseStopped(name);
            } catch (LaunchFailedException | RuntimeException e) {
                held.close();
                throw e;
            }
        }
        return held;
    }

    private void refuseStopped(String name) throws LaunchFailedException {
        try {
            for (var s : store.scan().named(name)) {
                if (s.process().isEmpty()) {
                    throw new LaunchFailedException("a container named '" + name + "' exists (" + s.label()
                            + ", " + s.facts().shortId() + "); remove it with 'nucleus rm " + name + "' or choose"
                            + " another --name");
                }
            }
        } catch (StateStoreException e) {
            throw new LaunchFailedException("state: " + e.getMessage(), e);
        }
    }
}
