package dev.nucleus.linux.policy;

import dev.nucleus.domain.spec.Filesystem;
import dev.nucleus.domain.spec.ProviderConfig;
import dev.nucleus.domain.spec.WorkspaceMode;
import dev.nucleus.domain.value.HostPath;
import dev.nucleus.domain.value.VolumeMount;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One host tree bound both where the container may write and where it may run programs: a file
 * written through the writable bind is the same inode the read-only volume shows, so it would run
 * there (a read-only volume reads and executes; a writable bind never executes). Compared by real
 * path, so a symbolic link to the same tree, or one tree inside the other, is the same tree.
 * Plain loops, no lambdas or streams: this runs on the launch path, before the clone.
 */
final class SharedSources {
    private SharedSources() {
    }

    /** One problem per pair of an executable bind and a writable one over the same host tree. */
    static List<String> problems(Filesystem fs) {
        List<String> runsBy = new ArrayList<>();
        List<Path> runs = new ArrayList<>();
        List<String> writesBy = new ArrayList<>();
        List<HostPath> writes = new ArrayList<>();
        for (VolumeMount v : fs.volumes()) {
            String by = "--volume " + v.source() + ":" + v.destination();
            if (v.readOnly()) {
                Path real = real(v.source());
                if (real != null) {
                    runsBy.add(by + ":ro");
                    runs.add(real);
                }
            } else {
                writesBy.add(by);
                writes.add(v.source());
            }
        }
        for (ProviderConfig c : fs.providerConfigs()) {
            if (!c.readOnly()) {
                writesBy.add("--provider-config-rw " + c.source() + ":" + c.destination());
                writes.add(c.source());
            }
        }
        // bind-rw shares the tree live; copy-in-out writes to a copy until the workload has ended
        if (fs.workspace().isPresent() && fs.workspace().get().mode() == WorkspaceMode.BIND_RW) {
            writesBy.add("--workspace " + fs.workspace().get().source());
            writes.add(fs.workspace().get().source());
        }
        List<String> out = new ArrayList<>();
        if (runs.isEmpty()) {
            return out;
        }
        for (int w = 0; w < writes.size(); w++) {
            Path written = real(writes.get(w));
            for (int r = 0; written != null && r < runs.size(); r++) {
                Path run = runs.get(r);
                if (run.startsWith(written) || written.startsWith(run)) {
                    out.add(runsBy.get(r) + " and " + writesBy.get(w) + " bind the same host tree (" + run
                            + (run.equals(written) ? "" : ", " + written) + "), read-only where programs run and"
                            + " writable: a file written through the one would run from the other; bind it once, or"
                            + " both read-only");
                }
            }
        }
        return out;
    }

    /** The resolved path; null where it does not resolve (a missing source is reported on its own). */
    private static Path real(HostPath p) {
        try {
            return Path.of(p.path()).toRealPath();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
