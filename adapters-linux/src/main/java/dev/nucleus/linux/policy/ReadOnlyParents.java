package dev.nucleus.linux.policy;

import dev.nucleus.domain.spec.Filesystem;
import dev.nucleus.domain.spec.ProviderConfig;
import dev.nucleus.domain.spec.RootfsSource;
import dev.nucleus.domain.spec.RuntimeKind;
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
 * /context, anything in a bind-ro workspace, in a directory of a --rootfs bound read-only, or in
 * the host's /etc/ssl shown without a rootfs) needs its mount point there already, of its kind: the
 * read-only tree can take no new directory or file (EROFS at the mkdir), and the native runtime
 * follows no symbolic link and mounts no file on a directory or directory on a file (EEXIST): each
 * stopped the launch half-made (exit 125). Judged on the host tree the read-only mount shows, on
 * the native runtime (gVisor makes its mount points in an overlay view), before anything is made.
 * Plain loops: this runs on the launch path.
 */
final class ReadOnlyParents {
    /**
     * A read-only directory mount: where it is, the host tree it shows, the flag that asked for it,
     * and whether that tree is the user's to add to (a rootfs is not: it may be attested, or in the
     * Nix store; nor is the host's /etc).
     */
    private record Parent(ContainerPath at, HostPath source, String by, boolean usersTree) {
    }

    /**
     * A mount the request asks for: where, the flag that asks, whether it mounts a directory, and
     * the read-only tree it lays there for the mounts after it (null when writable).
     */
    private record Mount(ContainerPath at, String by, boolean directory, Parent opens) {
    }

    private ReadOnlyParents() {
    }

    /** The mounts with no mount point of their kind to go on, as {@code runtime} would mount them. */
    static List<String> problems(Filesystem fs, RuntimeKind runtime) {
        List<Parent> parents = new ArrayList<>();
        List<String> out = new ArrayList<>();
        List<Mount> mounts = mounts(fs);
        // the root's own read-only trees: gVisor makes its mount points in an overlay view of them
        if (fs.rootfs().boundReadOnly(runtime)) {
            rootfsEntries(fs, mounts, parents, out);
        } else if (runtime == RuntimeKind.NATIVE && fs.rootfs().kind() == RootfsSource.Kind.HOST_BINDS) {
            hostEtc(mounts, parents);
        }
        // then the user's, in the order they are mounted, each read-only tree for those after it
        for (Mount m : mounts) {
            check(parents, m, out);
            if (m.opens() != null) {
                parents.add(m.opens());
            }
        }
        return out;
    }

    /**
     * The rootfs's own directories a mount goes beneath, each bound read-only at its name (those
     * the runtime provides are not); a mount at or beneath one of its symbolic links, which bind
     * mode shows as links, or beneath one of its files (a directory mount on one too), is refused here.
     */
    private static void rootfsEntries(Filesystem fs, List<Mount> mounts, List<Parent> parents, List<String> out) {
        String rootfs = fs.rootfs().path().orElseThrow().path();
        for (Mount m : mounts) {
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
            if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS) && (slash >= 0 || m.directory())) {
                out.add(m.by() + ": the rootfs's /" + top + " is a file, bound read-only, where " + (slash >= 0
                        ? "nothing can be mounted beneath it" : "no directory can be mounted")
                        + "; mount it elsewhere, or give --rootfs-mode overlay");
                continue;
            }
            if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                addOnce(parents, new Parent(new ContainerPath("/" + top), new HostPath(entry.toString()),
                        "--rootfs " + rootfs, false));
            }
        }
    }

    /**
     * Without a rootfs, the host's /etc directories the layout shows read-only (TLS roots,
     * alternatives) that a mount goes into.
     */
    private static void hostEtc(List<Mount> mounts, List<Parent> parents) {
        for (String entry : RootfsSource.HOST_ETC_ENTRIES) {
            Path host = Path.of(entry);
            boolean mountedInto = false;
            for (Mount m : mounts) {
                mountedInto |= new ContainerPath(entry).contains(m.at());
            }
            if (mountedInto && Files.isDirectory(host)) {
                try {
                    parents.add(new Parent(new ContainerPath(entry), new HostPath(host.toRealPath().toString()),
                            "the host's " + entry + ", shown without a rootfs", false));
                } catch (IOException e) {
                    // gone meanwhile: the layout will not show it either
                }
            }
        }
    }

    private static void addOnce(List<Parent> parents, Parent parent) {
        for (Parent q : parents) {
            if (q.at().path().equals(parent.at().path())) { // not the record's equals: no bootstrap on the launch path
                return;
            }
        }
        parents.add(parent);
    }

    /**
     * The request's mounts in the order they are mounted: the home, provider configs, the context,
     * secrets, the workspace, volumes, tmpfs mounts. (The context's and workspace's own mount points
     * are the runtime's, which no read-only tree holds.)
     */
    private static List<Mount> mounts(Filesystem fs) {
        List<Mount> out = new ArrayList<>();
        out.add(new Mount(fs.home(), "--home " + fs.home(), true, null));
        for (ProviderConfig c : fs.providerConfigs()) {
            out.add(new Mount(c.destination(), providerConfig(c), Files.isDirectory(Path.of(c.source().path())), null));
        }
        if (fs.context().isPresent()) {
            ContainerPath at = new ContainerPath("/context");
            out.add(new Mount(at, "--context", true, new Parent(at, fs.context().get().source(), "--context", true)));
        }
        for (Secret s : fs.secrets()) {
            out.add(new Mount(s.destination(), "--secret " + s.destination(), false, null));
        }
        for (SystemdCredential c : fs.credentials()) {
            out.add(new Mount(c.destination(), "--systemd-credential " + c.name() + ":" + c.destination(), false,
                    null));
        }
        if (fs.workspace().isPresent()) {
            ContainerPath at = new ContainerPath("/workspace");
            out.add(new Mount(at, "--workspace", true, fs.workspace().get().mode() != WorkspaceMode.BIND_RO ? null
                    : new Parent(at, fs.workspace().get().source(), "--workspace-mode bind-ro", true)));
        }
        for (VolumeMount v : fs.volumes()) {
            out.add(new Mount(v.destination(), volume(v), Files.isDirectory(Path.of(v.source().path())),
                    v.readOnly() ? new Parent(v.destination(), v.source(), volume(v) + ":ro", true) : null));
        }
        for (TmpfsMount t : fs.tmpfs()) {
            out.add(new Mount(t.destination(), "--tmpfs " + t.destination(), true, null));
        }
        return out;
    }

    /** {@code m}'s mount point in each read-only tree it lies in: every step there, and of its kind. */
    private static void check(List<Parent> parents, Mount m, List<String> out) {
        String target = m.at().path();
        for (Parent p : parents) {
            if (!p.at().contains(m.at())) {
                continue;
            }
            if (p.at().path().equals(target)) { // not the record's equals: no bootstrap
                if (!m.directory()) {
                    out.add(m.by() + ": " + target + " is a read-only directory (" + p.by() + "), where no file can be"
                            + " mounted; mount it elsewhere");
                }
                continue;
            }
            String below = target.substring(p.at().path().length() + 1); // no parent is / (reserved)
            Path at = Path.of(p.source().path());
            int start = 0;
            while (start <= below.length()) {
                int slash = below.indexOf('/', start);
                int end = slash < 0 ? below.length() : slash;
                at = at.resolve(below.substring(start, end));
                boolean last = slash < 0;
                String where = p.at() + "/" + below.substring(0, end);
                if (Files.isSymbolicLink(at)) {
                    out.add(m.by() + ": " + where + " is a symbolic link in a read-only tree (" + p.by() + "), where"
                            + " Nucleus follows no link to mount; " + remedy(p, "make " + at + " a " + (last
                            && !m.directory() ? "file" : "directory")));
                    break;
                }
                if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                    Path mountPoint = Path.of(p.source().path()).resolve(below);
                    out.add(m.by() + ": " + p.at() + " is read-only (" + p.by() + ") and has no " + below
                            + " to mount on; " + remedy(p, "create " + mountPoint));
                    break;
                }
                boolean directory = Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS);
                if (!last && !directory || last && directory != m.directory()) {
                    String wanted = last && !m.directory() ? "file" : "directory";
                    out.add(m.by() + ": " + where + " is " + (directory ? "a directory" : "not a directory")
                            + " in a read-only tree (" + p.by() + "), where a " + wanted + " is mounted; "
                            + remedy(p, "make " + at + " a " + wanted));
                    break;
                }
                start = end + 1;
            }
        }
    }

    /** The way out: {@code onTheHost} (the user's tree), or elsewhere. */
    private static String remedy(Parent p, String onTheHost) {
        if (p.usersTree()) {
            return onTheHost + " on the host, or mount it elsewhere";
        }
        return p.by().startsWith("--rootfs ")
                ? "mount it elsewhere, or give --rootfs-mode overlay (a writable layer above the rootfs)"
                : "mount it elsewhere";
    }

    private static String providerConfig(ProviderConfig c) {
        return "--provider-config-" + (c.readOnly() ? "ro " : "rw ") + c.source() + ":" + c.destination();
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
}
