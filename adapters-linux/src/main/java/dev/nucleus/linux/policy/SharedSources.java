package dev.nucleus.linux.policy;

import dev.nucleus.domain.spec.Filesystem;
import dev.nucleus.domain.spec.WorkspaceMode;
import dev.nucleus.domain.value.HostPath;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One host tree bound both where the container may write and where it may run programs: a file
 * written through the writable bind is the same inode the read-only volume shows, so it would run
 * there (a read-only volume reads and executes; a writable bind never executes). Compared by real
 * path, so a symbolic link to the same tree, or one tree inside the other, is the same tree.
 */
final class SharedSources {
    /** A bind's host source and the flag that asked for it. */
    private record Bind(Path source, String by) {
    }

    private SharedSources() {
    }

    /** One problem per pair of an executable bind and a writable one over the same host tree. */
    static List<String> problems(Filesystem fs) {
        List<Bind> executable = new ArrayList<>();
        List<Bind> writable = new ArrayList<>();
        fs.volumes().forEach(v -> real(v.source()).ifPresent(p -> (v.readOnly() ? executable : writable)
                .add(new Bind(p, "--volume " + v.source() + ":" + v.destination() + (v.readOnly() ? ":ro" : "")))));
        fs.providerConfigs().stream().filter(c -> !c.readOnly()).forEach(c -> real(c.source()).ifPresent(p ->
                writable.add(new Bind(p, "--provider-config-rw " + c.source() + ":" + c.destination()))));
        // bind-rw shares the tree live; copy-in-out writes to a copy until the workload has ended
        fs.workspace().filter(w -> w.mode() == WorkspaceMode.BIND_RW).ifPresent(w -> real(w.source()).ifPresent(p ->
                writable.add(new Bind(p, "--workspace " + w.source()))));
        List<String> out = new ArrayList<>();
        for (Bind runs : executable) {
            for (Bind writes : writable) {
                if (runs.source().startsWith(writes.source()) || writes.source().startsWith(runs.source())) {
                    out.add(runs.by() + " and " + writes.by() + " bind the same host tree (" + runs.source()
                            + (runs.source().equals(writes.source()) ? "" : ", " + writes.source())
                            + "), read-only where programs run and writable: a file written through the one would"
                            + " run from the other; bind it once, or both read-only");
                }
            }
        }
        return out;
    }

    /** The resolved path; empty where it does not exist (reported on its own). */
    private static Optional<Path> real(HostPath p) {
        try {
            return Optional.of(Path.of(p.path()).toRealPath());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
