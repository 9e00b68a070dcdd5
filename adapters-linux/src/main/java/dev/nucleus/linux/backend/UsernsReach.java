package dev.nucleus.linux.backend;

import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.UserNamespacePlan;
import dev.nucleus.domain.spec.WorkspaceMode;
import dev.nucleus.domain.value.IdMapping;
import dev.nucleus.domain.value.Lists;
import dev.nucleus.domain.value.VolumeMount;
import dev.nucleus.ports.PolicyRejectedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * In a user namespace the container's root binds its volumes and workspace itself, as the host ids
 * it maps to (100000 for strict-agent and production started as root). A host directory on the way
 * that those ids may not search (a 0700 one of root's) would stop the launch halfway, at the
 * mount, with EACCES: refused before anything is made instead, naming the input and the directory.
 * Root of the namespace keeps its override on directories whose owner and group it maps.
 */
final class UsernsReach {
    private UsernsReach() {
    }

    static void check(ContainerSpec spec) throws PolicyRejectedException {
        Optional<Root> root = Root.of(spec.userNamespace());
        if (root.isEmpty()) {
            return;
        }
        List<String> problems = new ArrayList<>();
        for (VolumeMount v : spec.request().filesystem().volumes()) {
            blocked(Path.of(v.source().path()), root.get()).ifPresent(why ->
                    problems.add("--volume " + v.source() + ":" + v.destination() + ": " + why));
        }
        spec.request().filesystem().workspace().filter(w -> w.mode() != WorkspaceMode.COPY_IN_OUT).ifPresent(w ->
                blocked(Path.of(w.source().path()), root.get()).ifPresent(why ->
                        problems.add("--workspace " + w.source() + ": " + why)));
        if (!problems.isEmpty()) {
            throw new PolicyRejectedException(String.join("; ", problems));
        }
    }

    /**
     * The state directory: the container's root mounts its own root on {@code <base>/.root}, so it
     * must pass through every directory above it (a --root inside a 0700 directory of root's cannot).
     */
    static void stateDirectory(ContainerSpec spec, Path runtimeBase) throws PolicyRejectedException {
        if (spec.request().filesystem().rootfs().mode() == dev.nucleus.domain.spec.RootfsMode.OVERLAY) {
            return; // the overlay root is attached by descriptor, not mounted on <base>/.root by path
        }
        if (spec.userNamespace().source() != UserNamespacePlan.Source.STRICT_REMAP) {
            return; // a caller's own namespace: the runtime directory is given to its root (RuntimeDirectory)
        }
        Optional<Root> root = Root.of(spec.userNamespace());
        if (root.isEmpty()) {
            return;
        }
        Path existing = runtimeBase.toAbsolutePath().normalize();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent(); // made on first use, as the directories above it allow
        }
        if (existing != null) {
            Optional<String> why = blocked(existing.resolve(".root"), root.get());
            if (why.isPresent()) {
                throw new PolicyRejectedException("the state directory " + runtimeBase + " (--root): " + why.get());
            }
        }
    }

    /** The namespace's root as the host sees it: the ids container id 0 maps to (never host root). */
    private record Root(UserNamespacePlan userns, long uid, long gid) {
        static Optional<Root> of(UserNamespacePlan userns) {
            Optional<Long> uid = hostId(userns.uidMap());
            Optional<Long> gid = hostId(userns.gidMap());
            if (!userns.enabled() || uid.isEmpty() || gid.isEmpty() || uid.get() == 0) {
                return Optional.empty();
            }
            return Optional.of(new Root(userns, uid.get(), gid.get()));
        }

        private static Optional<Long> hostId(List<IdMapping> maps) {
            return Lists.first(maps, m -> m.coversContainerId(0)).map(IdMapping::hostId);
        }

        /** Whether the namespace maps this host owner and group, so that its root's overrides apply. */
        boolean maps(long owner, long group) {
            return covers(userns.uidMap(), owner) && covers(userns.gidMap(), group);
        }

        private static boolean covers(List<IdMapping> maps, long hostId) {
            return Lists.anyMatch(maps, m -> hostId >= m.hostId() && hostId < m.hostId() + m.count());
        }
    }

    /** Why the container's root cannot reach {@code source}, if it cannot: the first directory it may not search. */
    private static Optional<String> blocked(Path source, Root root) {
        long uid = root.uid();
        Path real;
        try {
            // A path not made yet (the state directory's mount point) is judged by where it will be.
            real = Files.exists(source) || source.getParent() == null ? source.toRealPath()
                    : source.getParent().toRealPath().resolve(source.getFileName());
        } catch (IOException e) {
            return Optional.empty(); // missing: HostInputs says so
        }
        for (Path dir = real.getParent(); dir != null; dir = dir.getParent()) {
            try {
                int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                int group = (Integer) Files.getAttribute(dir, "unix:gid", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                boolean search = owner == uid ? (mode & 0100) != 0
                        : group == root.gid() ? (mode & 010) != 0 : (mode & 01) != 0;
                if (!root.maps(owner, group) && !search) {
                    return Optional.of("the container's root (host uid " + uid + ") may not pass through " + dir
                            + " (mode " + Integer.toOctalString(mode & 07777) + ", owner " + owner + ":" + group
                            + "); give it search permission (chmod o+x " + dir + ") or choose a directory it can reach");
                }
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
