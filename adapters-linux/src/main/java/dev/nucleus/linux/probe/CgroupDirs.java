package dev.nucleus.linux.probe;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Pure resolution of this process's cgroup directories from mountinfo and /proc/self/cgroup:
 * a membership path is relative to the hierarchy root, and a mount shows the subtree
 * {@code root} of it at {@code mountPoint}.
 */
public final class CgroupDirs {
    /** cgroup v1 controllers; anything else in the super options is a mount option or name=. */
    public static final Set<String> V1_CONTROLLERS = Set.of("blkio", "cpu", "cpuacct", "cpuset", "devices",
            "freezer", "hugetlb", "memory", "misc", "net_cls", "net_prio", "perf_event", "pids", "rdma");

    private CgroupDirs() {
    }

    /** Controller name → this process's directory in the v1 hierarchy that carries it. */
    public static Map<String, Path> v1(List<MountInfo.Mount> mounts, List<ProcCgroup.Entry> membership) {
        Map<String, Path> dirs = new TreeMap<>();
        for (ProcCgroup.Entry entry : membership) {
            List<String> controllers = entry.controllers().stream().filter(V1_CONTROLLERS::contains).toList();
            if (controllers.isEmpty()) {
                continue;
            }
            for (MountInfo.Mount m : mounts) {
                if (!m.fsType().equals("cgroup")
                        || !Set.copyOf(controllers).equals(Set.copyOf(m.superOptions().stream().filter(V1_CONTROLLERS::contains).toList()))) {
                    continue;
                }
                Optional<Path> dir = resolve(m, entry.path());
                if (dir.isPresent()) {
                    controllers.forEach(c -> dirs.put(c, dir.get()));
                    break;
                }
            }
        }
        return dirs;
    }

    /** This process's directory in a mounted cgroup2 hierarchy, if one shows it. */
    public static Optional<Path> v2(List<MountInfo.Mount> mounts, List<ProcCgroup.Entry> membership) {
        for (ProcCgroup.Entry entry : membership) {
            if (!entry.unified()) {
                continue;
            }
            for (MountInfo.Mount m : mounts) {
                if (m.fsType().equals("cgroup2")) {
                    Optional<Path> dir = resolve(m, entry.path());
                    if (dir.isPresent()) {
                        return dir;
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Where {@code path} (hierarchy-relative) appears under the mount, if inside its subtree. */
    public static Optional<Path> resolve(MountInfo.Mount mount, String path) {
        String root = mount.root();
        String rel;
        if (root.equals("/")) {
            rel = path;
        } else if (path.equals(root)) {
            rel = "/";
        } else if (path.startsWith(root + "/")) {
            rel = path.substring(root.length());
        } else {
            return Optional.empty();
        }
        Path dir = Path.of(mount.mountPoint(), rel.substring(1)).normalize();
        return dir.startsWith(mount.mountPoint()) ? Optional.of(dir) : Optional.empty();
    }
}
