package dev.nucleus.gvisor;

import dev.nucleus.domain.value.AsciiText;
import dev.nucleus.domain.value.Lists;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cgroup directories runsc makes for a sandbox ({@link CallerCgroup#configPath}):
 * {@code <parent>/<id>} ({@code nucleus/} unless --cgroup-parent) beneath this process's cgroup, in every v1 hierarchy runsc uses or, on
 * cgroup v2 alone, in the unified one. runsc removes them when it deletes its container, but not
 * when the sandbox fails to start ("cannot create sandbox: ... waiting for sandbox to start: EOF",
 * seen with runsc traced by strace), so every gVisor launch removes what is left when it ends.
 */
final class SandboxCgroups {
    private SandboxCgroups() {
    }

    /**
     * Removes the sandbox's cgroup directories that are still there. Only empty cgroups can be
     * removed (rmdir), so one whose sandbox still runs stays; nothing else is touched.
     */
    static void removeLeftovers(String parent, String id) {
        List<Path> dirs;
        try {
            dirs = directories(Files.readString(Path.of("/proc/self/cgroup")),
                    Files.readString(Path.of("/proc/self/mountinfo")), parent, id);
        } catch (IOException e) {
            return; // no cgroup view: runsc had none to make either
        }
        for (Path dir : dirs) {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // not empty (a sandbox still runs in it) or not ours to remove: left as it is
            }
        }
    }

    /**
     * How often the kernel's OOM killer killed in sandbox {@code id}'s memory cgroup, read while
     * it is still there: runsc leaves it when the sandbox is killed (its memory limit reached, the
     * sentry's own memory counted), and removes it when the container ends normally (empty then).
     */
    static Optional<Long> oomKills(String parent, String id) {
        Map<String, String> dirs = observed(parent, id);
        for (Map.Entry<String, String> e : dirs.entrySet()) {
            boolean unified = e.getKey().equals(UNIFIED);
            if (!unified && !List.of(e.getKey().split(",")).contains("memory")) {
                continue;
            }
            Path file = Path.of(e.getValue(), unified ? "memory.events" : "memory.oom_control");
            try {
                for (String line : Files.readString(file).split("\n")) {
                    if (line.startsWith("oom_kill ")) {
                        return Optional.of(Long.parseLong(line.substring("oom_kill ".length()).strip()));
                    }
                }
            } catch (IOException | NumberFormatException gone) {
                return Optional.empty(); // removed by runsc: it ended normally
            }
        }
        return Optional.empty();
    }

    /**
     * Where runsc puts sandbox {@code id} beneath {@code parent} (a --cgroup-parent, relative), from
     * the texts of /proc/self/cgroup and /proc/self/mountinfo.
     */
    static List<Path> directories(String procSelfCgroup, String mountinfo, String parent, String id) {
        return new ArrayList<>(byHierarchy(procSelfCgroup, mountinfo, parent, id).values());
    }

    /**
     * The directories runsc's cgroup code uses, by hierarchy ({@code cgroup2}, else the v1
     * controllers as /proc/self/cgroup names them, e.g. {@code memory}, {@code cpu,cpuacct}): for
     * {@code stats}, which reads them and leaves them to runsc. Where a v1 hierarchy is mounted
     * runsc runs its v1 code and leaves the unified hierarchy alone ({@link CallerCgroup#configPath});
     * seen on a hybrid host: every v1 hierarchy, none in cgroup2.
     */
    static Map<String, String> observed(String parent, String id) {
        try {
            return observed(Files.readString(Path.of("/proc/self/cgroup")), Files.readString(Path.of("/proc/self/mountinfo")),
                    parent, id);
        } catch (IOException e) {
            return Map.of(); // no cgroup view: runsc had none to make either
        }
    }

    static Map<String, String> observed(String procSelfCgroup, String mountinfo, String parent, String id) {
        Map<String, Path> all = byHierarchy(procSelfCgroup, mountinfo, parent, id);
        boolean v1 = Lists.anyMatch(all.keySet(), label -> !label.equals(UNIFIED));
        Map<String, String> out = new LinkedHashMap<>();
        all.forEach((label, dir) -> {
            if (label.equals(UNIFIED) != v1) {
                out.put(label, dir.toString());
            }
        });
        return out;
    }

    /** The label of the unified hierarchy, as the native cgroup's state records it. */
    static final String UNIFIED = "cgroup2";

    /** The last answer of {@link #byHierarchy}, with what it was worked out from. */
    private record Resolved(String procSelfCgroup, String mountinfo, String parent, String id, Map<String, Path> dirs) {
    }

    private static volatile Resolved last;

    /**
     * Each hierarchy's directory of sandbox {@code id}. A launch asks twice (once it runs, and at
     * its end): the same texts are answered from the last parse, a changed mount table anew.
     */
    private static Map<String, Path> byHierarchy(String procSelfCgroup, String mountinfo, String parent, String id) {
        Resolved r = last;
        if (r != null && r.id().equals(id) && r.parent().equals(parent) && r.procSelfCgroup().equals(procSelfCgroup)
                && r.mountinfo().equals(mountinfo)) {
            return r.dirs();
        }
        Map<String, Path> dirs = Collections.unmodifiableMap(parse(procSelfCgroup, mountinfo, parent, id));
        last = new Resolved(procSelfCgroup, mountinfo, parent, id, dirs);
        return dirs;
    }

    private static Map<String, Path> parse(String procSelfCgroup, String mountinfo, String parent, String id) {
        if (!AsciiText.lowerHex(id, 32)) {
            throw new IllegalArgumentException("not a container id: " + id);
        }
        List<CgroupMount> mounts = cgroupMounts(mountinfo); // once, not once per hierarchy line
        Map<String, Path> dirs = new LinkedHashMap<>();
        for (String line : procSelfCgroup.split("\n")) {
            String[] f = line.split(":", 3);
            if (f.length != 3 || !f[2].startsWith("/")) {
                continue;
            }
            boolean unified = f[0].equals("0") && f[1].isEmpty();
            mountOf(mounts, unified, List.of(f[1].split(",")), f[2])
                    .ifPresent(dir -> dirs.put(unified ? UNIFIED : f[1], dir.resolve(parent).resolve(id)));
        }
        return dirs;
    }

    /** A cgroup or cgroup2 mount: the subtree {@code root} at {@code mountPoint}, its super options. */
    private record CgroupMount(String root, String mountPoint, boolean v2, List<String> superOptions) {
    }

    private static List<CgroupMount> cgroupMounts(String mountinfo) {
        List<CgroupMount> mounts = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String[] fs = line.substring(dash + 3).split(" ");
            if (fs.length < 3 || !fs[0].equals("cgroup") && !fs[0].equals("cgroup2")) {
                continue;
            }
            String[] mount = line.substring(0, dash).split(" ");
            if (mount.length >= 5) {
                mounts.add(new CgroupMount(mount[3], unescape(mount[4]), fs[0].equals("cgroup2"),
                        Arrays.asList(fs[2].split(","))));
            }
        }
        return mounts;
    }

    /** This process's directory in a hierarchy: the mount of it whose root holds {@code path}. */
    private static Optional<Path> mountOf(List<CgroupMount> mounts, boolean unified, List<String> controllers,
                                          String path) {
        for (CgroupMount m : mounts) {
            String root = m.root();
            boolean matches = unified ? m.v2() : !m.v2() && m.superOptions().containsAll(controllers);
            if (!matches || !(root.equals("/") || path.equals(root) || path.startsWith(root + "/"))) {
                continue;
            }
            String relative = root.equals("/") ? path : path.substring(root.length());
            return Optional.of(Path.of(m.mountPoint() + relative).normalize());
        }
        return Optional.empty();
    }

    /** mountinfo's octal escapes (a space is \040). */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
