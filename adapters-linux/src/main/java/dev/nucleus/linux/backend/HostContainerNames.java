package dev.nucleus.linux.backend;

import dev.nucleus.domain.lifecycle.ContainerState;
import dev.nucleus.linux.state.FileStateStore;
import dev.nucleus.linux.state.ProcStart;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.PolicyRejectedException;
import dev.nucleus.ports.StateStoreException;
import dev.nucleus.ports.out.ContainerNames;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * --name uniqueness for every backend of one state directory, among all the containers its store
 * knows: a launch holds its {@link NameClaim} (taken atomically, so of two launches racing for a
 * name exactly one wins), and any state of that name is in the way whatever it is: running,
 * stopped and kept, left by a runtime that died ({@code exited (?)}), or an unnamed container's
 * default name (its id's first 12 digits). A clash is an invalid request (exit 2) naming the
 * holder and what to do.
 */
public final class HostContainerNames implements ContainerNames {
    private final Path base;
    private final FileStateStore store;

    public HostContainerNames(Path stateBase, FileStateStore store) {
        this.base = stateBase;
        this.store = store;
    }

    /**
     * For {@code rm} of container {@code name}: its claim goes if the runtime that held it died
     * (killed before it released it); a live runtime's stays.
     */
    public static void releaseOrphanedClaim(Path stateBase, String name) throws IOException {
        NameClaim.releaseOrphaned(stateBase, name);
    }

    @Override
    public Claim claim(String name, boolean restart) throws LaunchFailedException {
        // Claimed first, then checked: a launch keeping a stopped state of this name (--keep) writes
        // it while still holding the claim, so no such state can appear between the two.
        Optional<NameClaim> taken = NameClaim.take(base, name);
        if (taken.isEmpty()) {
            throw new PolicyRejectedException("a container named '" + name + "' is already running; choose another"
                    + " --name, or remove it" + holder(named(name)) + " first with 'nucleus rm --force " + name + "'");
        }
        NameClaim claim = taken.get();
        Claim held = () -> {
            try {
                claim.close();
            } catch (IOException e) {
                // left behind, it is taken over: its owner (this runtime) is gone by then
            }
        };
        if (!restart) { // a restart finds its own state under the name, and nothing else can hold it
            try {
                refuseRecorded(name);
            } catch (LaunchFailedException | RuntimeException e) {
                held.close();
                throw e;
            }
        }
        return held;
    }

    private void refuseRecorded(String name) throws LaunchFailedException {
        List<ContainerState> holders = named(name);
        if (holders.isEmpty()) {
            return;
        }
        ContainerState s = holders.getFirst();
        boolean live = s.process().map(ProcStart::alive).orElse(false);
        throw new PolicyRejectedException("a container named '" + name + "' exists (" + shown(s) + ", "
                + s.facts().shortId() + "); remove it with 'nucleus rm " + (live ? "--force " : "") + name
                + "' or choose another --name");
    }

    private List<ContainerState> named(String name) throws LaunchFailedException {
        try {
            return store.scan().named(name);
        } catch (StateStoreException e) {
            throw new LaunchFailedException("state: " + e.getMessage(), e);
        }
    }

    /** Its status as ps shows it: one whose recorded process is gone ended unrecorded. */
    private static String shown(ContainerState s) {
        boolean gone = s.process().isPresent() && !ProcStart.alive(s.process().get());
        return gone ? "exited (?)" : s.label();
    }

    private static String holder(List<ContainerState> states) {
        return states.isEmpty() ? "" : " (" + states.getFirst().facts().shortId() + ")";
    }
}
