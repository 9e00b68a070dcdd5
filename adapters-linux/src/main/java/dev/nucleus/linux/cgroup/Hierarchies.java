package dev.nucleus.linux.cgroup;

import dev.nucleus.domain.value.Lists;
import dev.nucleus.linux.probe.CgroupDirs;
import dev.nucleus.linux.probe.MountInfo;
import dev.nucleus.linux.probe.ProcCgroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Pure: the hierarchies this process belongs to and can see mounted, from the texts of
 * {@code /proc/self/mountinfo} and {@code /proc/self/cgroup}. Works for cgroup v2 only, hybrid
 * (v1 controllers plus an empty cgroup2 at {@code /sys/fs/cgroup/unified}) and v1 only.
 * Named v1 hierarchies ({@code name=systemd}) carry no controller and are left out.
 */
public final class Hierarchies {
    private static final Set<String> CGROUP_TYPES = Set.of("cgroup", "cgroup2");

    private Hierarchies() {
    }

    /** The last texts resolved and what they gave: a launch resolves the same texts twice (see {@link #resolve}). */
    private record Resolved(String mountinfo, String procSelfCgroup, List<Hierarchy> hierarchies) {
    }

    private static volatile Resolved last;

    /**
     * The hierarchies these texts describe. The last answer is kept and given again for the same
     * texts, so that a launch can have them resolved on another thread while it parses its request
     * ({@link LinuxCgroupDriver#resolveAhead}) and its own resolving finds them done. One resolves
     * at a time: a launch that gets here while that thread is still at it waits for its answer
     * rather than working the same texts out beside it on the host's other core.
     */
    public static synchronized List<Hierarchy> resolve(String mountinfo, String procSelfCgroup) {
        Resolved r = last;
        if (r != null && r.mountinfo().equals(mountinfo) && r.procSelfCgroup().equals(procSelfCgroup)) {
            return r.hierarchies();
        }
        List<Hierarchy> resolved = parse(mountinfo, procSelfCgroup);
        last = new Resolved(mountinfo, procSelfCgroup, resolved);
        return resolved;
    }

    private static List<Hierarchy> parse(String mountinfo, String procSelfCgroup) {
        List<MountInfo.Mount> mounts = MountInfo.parse(mountinfo, CGROUP_TYPES);
        List<ProcCgroup.Entry> membership = ProcCgroup.parse(procSelfCgroup);
        List<Hierarchy> result = new ArrayList<>();
        Map<Path, Set<String>> byDir = new LinkedHashMap<>();
        CgroupDirs.v1(mounts, membership).forEach((controller, dir) ->
                byDir.computeIfAbsent(dir, d -> new TreeSet<>()).add(controller));
        byDir.forEach((dir, controllers) -> Lists.first(membership,
                        e -> e.controllers().contains(controllers.iterator().next()))
                .ifPresent(e -> result.add(new Hierarchy(false, controllers, dir, e.path()))));
        Optional<Path> v2 = CgroupDirs.v2(mounts, membership);
        if (v2.isPresent()) {
            Lists.first(membership, ProcCgroup.Entry::unified)
                    .ifPresent(e -> result.add(new Hierarchy(true, Set.of(), v2.get(), e.path())));
        }
        return List.copyOf(result);
    }

    /**
     * The hierarchy-relative path of a directory inside a mounted cgroup2 file system, for an
     * operator-given root such as {@code /sys/fs/cgroup/nucleus.slice}; empty when no cgroup2
     * mount holds it.
     */
    public static Optional<String> v2PathOf(String mountinfo, Path dir) {
        Path d = dir.normalize();
        MountInfo.Mount best = null;
        for (MountInfo.Mount m : MountInfo.parse(mountinfo)) {
            Path mp = Path.of(m.mountPoint());
            if (d.startsWith(mp) && (best == null || mp.getNameCount() >= Path.of(best.mountPoint()).getNameCount())) {
                best = m;
            }
        }
        if (best == null || !best.fsType().equals("cgroup2")) {
            return Optional.empty();
        }
        String rel = Path.of(best.mountPoint()).relativize(d).toString();
        String root = best.root().equals("/") ? "" : best.root();
        return Optional.of(rel.isEmpty() ? (root.isEmpty() ? "/" : root) : root + "/" + rel);
    }
}
