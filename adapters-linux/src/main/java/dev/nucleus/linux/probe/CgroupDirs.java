package dev.nucleus.linux.probe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
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
        // Each v1 mount's controllers, once (not per membership line: this runs on every launch).
        List<MountInfo.Mount> v1Mounts = new ArrayList<>();
        List<Set<String>> mounted = new ArrayList<>();
        for (MountInfo.Mount m : mounts) {
            if (m.fsType().equals("cgroup")) {
                v1Mounts.add(m);
                mounted.add(v1Controllers(m.superOptions()));
            }
        }
        for (ProcCgroup.Entry entry : membership) {
            Set<String> controllers = v1Controllers(entry.controllers());
            if (controllers.isEmpty()) {
                continue;
            }
            for (int i = 0; i < v1Mounts.size(); i++) {
                if (!controllers.equals(mounted.get(i))) {
                    continue;
                }
                MountInfo.Mount m = v1Mounts.get(i);
                Optional<Path> dir = resolve(m, entry.path());
                if (dir.isPresent()) {
                    controllers.forEach(c -> dirs.put(c, dir.get()));
                    break;
                }
            }
        }
        return dirs;
    }

    private static Set<String> v1Controllers(List<String> words) {
        Set<String> controllers = new HashSet<>();
        for (String w : words) {
            if (V1_CONTROLLERS.contains(w)) {
                controllers.add(w);
            }
        }
        return controllers;
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
