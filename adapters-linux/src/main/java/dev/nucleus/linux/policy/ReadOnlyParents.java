package dev.nucleus.linux.policy;

import dev.nucleus.domain.spec.Filesystem;
import dev.nucleus.domain.spec.ProviderConfig;
import dev.nucleus.domain.spec.RootfsSource;
import dev.nucleus.domain.spec.Secret;
import dev.nucleus.domain.spec.SystemdCredential;
import dev.nucleus.domain.spec.WorkspaceMode;
import dev.nucleus.domain.value.ContainerPath;
import dev.nucleus.domain.value.HostPath;
import dev.nucleus.domain.value.TmpfsMount;
import dev.nucleus.domain.value.VolumeMount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A mount beneath a read-only one (a --tmpfs in a read-only volume, a volume or secret in
 * /context, anything in a bind-ro workspace, or in a directory of a --rootfs bound read-only)
 * needs its mount point to be there already: the read-only mount cannot take a new directory or
 * file, so the launch stopped at that mkdir with EROFS (exit 125). Judged on the host tree the
 * read-only mount shows, before anything is made. Plain loops: this runs on the launch path.
 */
final class ReadOnlyParents {
    /**
     * A read-only directory mount: where it is, the host tree it shows, the flag that asked for it,
     * and whether that tree is the user's to add to (a rootfs is not: it may be attested, or in the Nix store).
     */
    private record Parent(ContainerPath at, HostPath source, String by, boolean usersTree) {
    }

    private ReadOnlyParents() {
    }

    /**
     * The mounts with no mount point to go on.
     *
     * @param rootfsReadOnly whether the rootfs's own top-level entries are bound read-only
     *                       ({@link dev.nucleus.domain.spec.RootfsSource#boundReadOnly})
     */
    static List<String> problems(Filesystem fs, boolean rootfsReadOnly) {
        List<Parent> parents = new ArrayList<>();
        List<String> out = new ArrayList<>();
        if (rootfsReadOnly) {
            rootfsEntries(fs, parents, out);
        }
        // in the order they are mounted: provider configs, the context, secrets, the workspace, volumes, tmpfs mounts
        for (ProviderConfig c : fs.providerConfigs()) {
            missingMountPoint(parents, c.destination(), providerConfig(c), out);
        }
        if (fs.context().isPresent()) {
            parents.add(new Parent(new ContainerPath("/context"), fs.context().get().source(), "--context", true));
        }
        for (Secret s : fs.secrets()) {
            missingMountPoint(parents, s.destination(), "--secret " + s.destination(), out);
        }
        for (SystemdCredential c : fs.credentials()) {
            missingMountPoint(parents, c.destination(), credential(c), out);
        }
        if (fs.workspace().isPresent() && fs.workspace().get().mode() == WorkspaceMode.BIND_RO) {
            parents.add(new Parent(new ContainerPath("/workspace"), fs.workspace().get().source(),
                    "--workspace-mode bind-ro", true));
        }
        for (VolumeMount v : fs.volumes()) {
            missingMountPoint(parents, v.destination(), volume(v), out);
            if (v.readOnly()) {
                parents.add(new Parent(v.destination(), v.source(), volume(v) + ":ro", true));
            }
        }
        for (TmpfsMount t : fs.tmpfs()) {
            missingMountPoint(parents, t.destination(), "--tmpfs " + t.destination(), out);
        }
        return out;
    }

    /**
     * The rootfs's own directories a mount goes beneath, each bound read-only at its name (those
     * the runtime provides are not); a mount at or beneath one of its symbolic links, which bind
     * mode shows as links, is refused here (it met the link at its mkdir: EEXIST, 125).
     */
    private static void rootfsEntries(Filesystem fs, List<Parent> parents, List<String> out) {
        String rootfs = fs.rootfs().path().orElseThrow().path();
        for (Mount m : mounts(fs)) {
            String p = m.at().path();
            int slash = p.indexOf('/', 1);
            String top = slash < 0 ? p.substring(1) : p.substring(1, slash);
            Path entry = Path.of(rootfs, top);
            if (RootfsSource.PROVIDED_ENTRIES.contains(top)) {
                continue;
            }
            if (Files.isSymbolicLink(entry)) {
                out.add(m.by() + ": the rootfs's /" + top + " is a symbolic link (to " + linkText(entry)
                        + "), where a bind-mode root mounts nothing; mount it elsewhere, or give --rootfs-mode overlay");
                continue;
            }
            boolean known = false;
            for (Parent q : parents) {
                known |= q.at().path().equals("/" + top); // not the record's equals: no bootstrap on the launch path
            }
            if (!known && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                parents.add(new Parent(new ContainerPath("/" + top), new HostPath(entry.toString()), "--rootfs " + rootfs,
                        false));
            }
        }
    }

    /** A mount the request asks for: where, and the flag that asks. */
    private record Mount(ContainerPath at, String by) {
    }

    private static List<Mount> mounts(Filesystem fs) {
        List<Mount> out = new ArrayList<>();
        for (ProviderConfig c : fs.providerConfigs()) {
            out.add(new Mount(c.destination(), providerConfig(c)));
        }
        for (Secret s : fs.secrets()) {
            out.add(new Mount(s.destination(), "--secret " + s.destination()));
        }
        for (SystemdCredential c : fs.credentials()) {
            out.add(new Mount(c.destination(), credential(c)));
        }
        for (VolumeMount v : fs.volumes()) {
            out.add(new Mount(v.destination(), volume(v)));
        }
        for (TmpfsMount t : fs.tmpfs()) {
            out.add(new Mount(t.destination(), "--tmpfs " + t.destination()));
        }
        return out;
    }

    private static String providerConfig(ProviderConfig c) {
        return "--provider-config-" + (c.readOnly() ? "ro " : "rw ") + c.source() + ":" + c.destination();
    }

    private static String credential(SystemdCredential c) {
        return "--systemd-credential " + c.name() + ":" + c.destination();
    }

    private static String volume(VolumeMount v) {
        return "--volume " + v.source() + ":" + v.destination();
    }

    private static String linkText(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "?";
        }
    }

    private static void missingMountPoint(List<Parent> parents, ContainerPath target, String by, List<String> out) {
        for (Parent p : parents) {
            if (!p.at().contains(target) || p.at().path().equals(target.path())) { // not the record's equals: no bootstrap
                continue;
            }
            String below = target.path().substring(p.at().path().length() + 1); // no parent is / (reserved)
            Path mountPoint = Path.of(p.source().path()).resolve(below);
            if (!Files.exists(mountPoint)) {
                out.add(by + ": " + p.at() + " is read-only (" + p.by() + ") and has no " + below + " to mount on; "
                        + (p.usersTree() ? "create " + mountPoint + " on the host, or mount it elsewhere"
                        : "mount it elsewhere, or give --rootfs-mode overlay (a writable layer above the rootfs)"));
            }
        }
    }
}
