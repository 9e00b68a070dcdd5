package dev.nucleus.linux.backend;

import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.spec.Filesystem;
import dev.nucleus.domain.spec.RootfsMode;
import dev.nucleus.domain.spec.RootfsSource;
import dev.nucleus.domain.value.Lists;
import dev.nucleus.ports.PolicyRejectedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * {@code --workdir} names a directory of the container's root as the container will see it, or the
 * launch is refused before anything is made (exit 2): the workload's {@code chdir} would otherwise
 * fail as the last step before it runs (exit 125, naming chdir). The path is resolved in the root
 * the native launch builds: the --rootfs's entries (or the host's system directories) in bind
 * mode, the whole rootfs in overlay mode, with symbolic links followed inside that root (an
 * absolute one starts again at the container's root, {@code ..} stops there), as the kernel will
 * once the root is pivoted. What lies beneath a mount the launch makes itself ({@code /tmp}, the
 * home, volumes, --tmpfs, the workspace, the context, secrets, a generated /etc, the Nix closure) is
 * not judged: its content is made then, or comes from another source. The directories the launch
 * makes on the way to those mounts ({@code /home}, {@code /run}) are there.
 */
final class WorkdirCheck {
    /** The kernel's limit on symbolic links followed in one lookup (ELOOP beyond it). */
    private static final int MAX_LINKS = 40;

    private WorkdirCheck() {
    }

    /**
     * @param closureShown whether the launch shows the rootfs's Nix closure at /nix/store itself
     *                     ({@link Preflight#rootfsClosure} not empty)
     */
    static void check(ContainerSpec spec, boolean closureShown) throws PolicyRejectedException {
        Filesystem fs = spec.request().filesystem();
        String workdir = spec.request().workload().workdir().path();
        if (workdir.equals("/")) {
            return; // the default without a workspace: the root is always there
        }
        if (fs.rootfs().layer().isPresent()) {
            return; // an image's layer lies above the rootfs: what it adds or deletes is not read here
        }
        Optional<Path> rootfs;
        try {
            rootfs = fs.rootfs().path().isPresent()
                    ? Optional.of(Path.of(fs.rootfs().path().get().path()).toRealPath()) : Optional.empty();
        } catch (IOException e) {
            return; // a rootfs that is not there: HostInputs names it
        }
        View view = View.of(spec, rootfs, closureShown);
        Optional<String> why = view.whyNot(workdir);
        if (why.isPresent()) {
            throw new PolicyRejectedException("--workdir " + workdir + ": " + why.get() + " (" + view.where()
                    + "); make the directory there, or mount one at it (--volume, --tmpfs)");
        }
    }

    /** The container's root as the launch builds it, for lookups: what each container path is on the host. */
    record View(Optional<Path> rootfs, boolean overlay, List<String> entries, List<String> made) {
        static View of(ContainerSpec spec, Optional<Path> rootfs, boolean closureShown) {
            Filesystem fs = spec.request().filesystem();
            boolean overlay = fs.rootfs().mode() == RootfsMode.OVERLAY && rootfs.isPresent();
            List<String> made = new ArrayList<>(List.of("/tmp", "/dev", "/proc", "/sys", fs.home().path()));
            fs.workspace().ifPresent(w -> made.add("/workspace"));
            fs.context().ifPresent(c -> made.add("/context"));
            if (!fs.secrets().isEmpty() || !fs.credentials().isEmpty()) {
                made.add("/run/secrets");
            }
            fs.secrets().forEach(s -> made.add(s.destination().path()));
            fs.credentials().forEach(c -> made.add(c.destination().path()));
            fs.providerConfigs().forEach(p -> made.add(p.destination().path()));
            fs.volumes().forEach(v -> made.add(v.destination().path()));
            fs.tmpfs().forEach(t -> made.add(t.destination().path()));
            boolean rootfsEtc = rootfs.isPresent() && fs.rootfs().kind() != RootfsSource.Kind.HOST_BINDS
                    && Files.isDirectory(rootfs.get().resolve("etc"), LinkOption.NOFOLLOW_LINKS);
            if (!rootfsEtc) {
                made.add("/etc"); // generated, with the host's binds in it
            }
            if (closureShown) {
                made.add("/nix");
            }
            List<String> entries = new ArrayList<>();
            // As SystemEntries shows them: directories and symbolic links, a rootfs's but those the launch makes.
            if (rootfs.isEmpty()) {
                SystemEntries.HOST.stream().filter(name -> shown(Path.of("/", name)))
                        .forEach(name -> entries.add("/" + name));
            } else if (!overlay) {
                try (var children = Files.list(rootfs.get())) {
                    children.filter(View::shown).map(p -> p.getFileName().toString())
                            .filter(n -> !RootfsSource.PROVIDED_ENTRIES.contains(n) && !n.startsWith(".nucleus-")
                                    && !(closureShown && n.equals("nix")))
                            .forEach(n -> entries.add("/" + n));
                } catch (IOException e) {
                    // unreadable: every lookup below says the path is missing, which the launch would find too
                }
            }
            return new View(rootfs, overlay, List.copyOf(entries), List.copyOf(made));
        }

        private static boolean shown(Path entry) {
            return Files.isSymbolicLink(entry) || Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS);
        }

        /** Where the container's root comes from, for the message. */
        String where() {
            if (rootfs.isEmpty()) {
                return "the container sees the host's /usr, /bin, /sbin, /lib* and /nix/store, and what the launch"
                        + " mounts";
            }
            return (overlay ? "the container's root is the --rootfs " : "the container sees the top-level entries of"
                    + " the --rootfs ") + rootfs.get() + " and what the launch mounts";
        }

        /** Why {@code workdir} is not a directory of the container, if it is not. */
        Optional<String> whyNot(String workdir) {
            Deque<String> rest = new ArrayDeque<>(components(workdir));
            List<String> at = new ArrayList<>();
            int links = 0;
            while (!rest.isEmpty()) {
                String name = rest.pop();
                if (name.isEmpty() || name.equals(".")) {
                    continue;
                }
                if (name.equals("..")) {
                    if (!at.isEmpty()) {
                        at.removeLast(); // never above the container's root
                    }
                    continue;
                }
                at.add(name);
                String path = "/" + String.join("/", at);
                if (beneathMade(path)) {
                    return Optional.empty(); // made by the launch: not judged
                }
                if (madeOnTheWay(path)) {
                    continue;
                }
                Optional<Path> host = host(path);
                BasicFileAttributes a;
                try {
                    if (host.isEmpty()) {
                        throw new IOException("not in the view");
                    }
                    a = Files.readAttributes(host.get(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    return Optional.of(path.equals(workdir) ? "no such directory in the container"
                            : "no such directory in the container: " + path + " is missing");
                }
                if (a.isSymbolicLink()) {
                    if (++links > MAX_LINKS) {
                        return Optional.of("too many levels of symbolic links at " + path);
                    }
                    String target;
                    try {
                        target = Files.readSymbolicLink(host.get()).toString();
                    } catch (IOException e) {
                        return Optional.of("cannot read the symbolic link " + path + ": " + e.getMessage());
                    }
                    at.removeLast();
                    if (target.startsWith("/")) {
                        at.clear(); // an absolute link starts again at the container's root, not the host's
                    }
                    List<String> parts = components(target);
                    for (int i = parts.size() - 1; i >= 0; i--) {
                        rest.push(parts.get(i));
                    }
                } else if (!a.isDirectory()) {
                    return Optional.of(path + " is not a directory in the container");
                }
            }
            return Optional.empty();
        }

        private boolean beneathMade(String path) {
            return Lists.anyMatch(made, m -> path.equals(m) || path.startsWith(m + "/"));
        }

        /** A directory the launch makes on the way to one of its mounts (or a system entry of the host's). */
        private boolean madeOnTheWay(String path) {
            return Lists.anyMatch(made, m -> m.startsWith(path + "/"))
                    || (rootfs.isEmpty() && Lists.anyMatch(entries, e -> e.startsWith(path + "/")));
        }

        /** Where a container path is on the host: beneath the rootfs (overlay), or beneath an entry bound. */
        private Optional<Path> host(String path) {
            if (overlay) {
                return Optional.of(rootfs.get().resolve(path.substring(1)));
            }
            for (String e : entries) {
                if (path.equals(e) || path.startsWith(e + "/")) {
                    Path base = rootfs.orElse(Path.of("/"));
                    return Optional.of(base.resolve(path.substring(1)));
                }
            }
            return Optional.empty();
        }

        private static List<String> components(String path) {
            return new ArrayList<>(Arrays.asList(path.split("/")));
        }
    }
}
