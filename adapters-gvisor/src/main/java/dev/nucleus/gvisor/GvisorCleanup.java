package dev.nucleus.gvisor;

import dev.nucleus.ports.LaunchFailedException;

import java.nio.file.Path;
import java.util.List;

/**
 * What `nucleus rm` removes of a gVisor container whose runtime died: the sandbox (killed and
 * deleted from runsc's state), the process holding a bridged sandbox's network namespace (and with
 * it the namespace), its cgroups, its bundle and its staged secrets.
 */
public final class GvisorCleanup {
    private GvisorCleanup() {
    }

    /** The annotation naming the --cgroup-parent its cgroups are beneath. */
    public static final String CGROUP_PARENT = dev.nucleus.domain.lifecycle.CgroupParentAnnotation.KEY;

    /** @param annotations the container's (its {@link #CGROUP_PARENT}; the default parent when absent) */
    public static void release(Path stateBase, String id, java.util.Map<String, String> annotations,
                               LentServices.RootViews views) throws LaunchFailedException {
        Runsc runsc = Runsc.find();
        Path state = stateBase.resolve("runsc");
        List<String> base = List.of(runsc.binary().toString(), "--root", state.toString());
        GvisorBackend.quietly(concat(base, List.of("kill", "--all", id, "KILL")));
        GvisorBackend.quietly(concat(base, List.of("delete", "--force", id)));
        GvisorBackend.removeLeftIn(state, id);
        try {
            NetnsHolders.end(stateBase, id);
        } catch (java.io.IOException e) {
            throw new LaunchFailedException("the network namespace of gVisor container " + id + ": " + e.getMessage(), e);
        }
        try { // checked again: never a path out of the caller's subtree, whatever the state file says
            SandboxCgroups.removeLeftovers(dev.nucleus.domain.value.CgroupParent.parse(
                    annotations.getOrDefault(CGROUP_PARENT, dev.nucleus.domain.value.CgroupParent.DEFAULT.path()))
                    .path(), id);
        } catch (dev.nucleus.domain.value.InvalidValueException e) {
            // not one Nucleus wrote: its cgroups are left alone
        }
        Bundle.remove(stateBase.resolve("gvisor").resolve("bundles").resolve(id), id, views);
        Path console = GvisorBackend.consoleDirectory(id);
        try {
            java.nio.file.Files.deleteIfExists(console.resolve("console.sock")); // a --terminal relay's
            java.nio.file.Files.deleteIfExists(console);
        } catch (java.io.IOException e) {
            // something else in it: not ours
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
