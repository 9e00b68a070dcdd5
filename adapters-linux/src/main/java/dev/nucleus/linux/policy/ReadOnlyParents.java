package dev.nucleus.linux.policy;

import dev.nucleus.domain.spec.Filesystem;
import dev.nucleus.domain.spec.WorkspaceMode;
import dev.nucleus.domain.value.ContainerPath;
import dev.nucleus.domain.value.HostPath;
import dev.nucleus.domain.value.TmpfsMount;
import dev.nucleus.domain.value.VolumeMount;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A mount beneath a read-only one (a --tmpfs in a read-only volume, a volume or secret in
 * /context, anything in a bind-ro workspace) needs its mount point to be there already: the
 * read-only mount cannot take a new directory or file, so the launch stopped at that mkdir with
 * EROFS (exit 125). Judged on the host tree the read-only mount shows, before anything is made.
 * Plain loops: this runs on the launch path.
 */
final class ReadOnlyParents {
    /** A read-only directory mount: where it is, the host tree it shows, the flag that asked for it. */
    private record Parent(ContainerPath at, HostPath source, String by) {
    }

    private ReadOnlyParents() {
    }

    static List<String> problems(Filesystem fs) {
        List<Parent> parents = new ArrayList<>();
        if (fs.context().isPresent()) {
            parents.add(new Parent(new ContainerPath("/context"), fs.context().get().source(), "--context"));
        }
        if (fs.workspace().isPresent() && fs.workspace().get().mode() == WorkspaceMode.BIND_RO) {
            parents.add(new Parent(new ContainerPath("/workspace"), fs.workspace().get().source(),
                    "--workspace-mode bind-ro"));
        }
        List<String> out = new ArrayList<>();
        // in the order they are mounted: the context, secrets, the workspace, volumes, tmpfs mounts
        for (var s : fs.secrets()) {
            missingMountPoint(parents, s.destination(), "--secret " + s.destination(), out);
        }
        for (VolumeMount v : fs.volumes()) {
            missingMountPoint(parents, v.destination(), "--volume " + v.source() + ":" + v.destination(), out);
            if (v.readOnly()) {
                parents.add(new Parent(v.destination(), v.source(), "--volume " + v.source() + ":" + v.destination()
                        + ":ro"));
            }
        }
        for (TmpfsMount t : fs.tmpfs()) {
            missingMountPoint(parents, t.destination(), "--tmpfs " + t.destination(), out);
        }
        return out;
    }

    private static void missingMountPoint(List<Parent> parents, ContainerPath target, String by, List<String> out) {
        for (Parent p : parents) {
            if (!p.at().contains(target) || p.at().path().equals(target.path())) { // not the record's equals: no bootstrap
                continue;
            }
            String below = target.path().substring(p.at().path().length() + 1); // no parent is / (reserved)
            Path mountPoint = Path.of(p.source().path()).resolve(below);
            if (!Files.exists(mountPoint)) {
                out.add(by + ": " + p.at() + " is read-only (" + p.by() + ") and has no " + below + " to mount on;"
                        + " create " + mountPoint + " on the host, or mount it elsewhere");
            }
        }
    }
}
