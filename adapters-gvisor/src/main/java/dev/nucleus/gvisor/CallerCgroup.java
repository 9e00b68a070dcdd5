package dev.nucleus.gvisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The cgroup runsc creates the sandbox in: {@code <parent>/<id>} beneath the cgroup this process
 * is in ({@code nucleus/} unless --cgroup-parent, a relative path checked by the domain), so that a
 * container never lands outside its caller's subtree.
 */
final class CallerCgroup {
    private CallerCgroup() {
    }

    /** The sandbox's cgroup in the memory hierarchy (cgroup v1) or the unified one (v2): where its usage is. */
    static String path(String parent, String id) throws IOException {
        return of(Files.readString(Path.of("/proc/self/cgroup"))) + parent + "/" + id;
    }

    /** The {@code cgroupsPath} to give runsc for the sandbox; see {@link #configPath(String, String, String)}. */
    static String ofSandbox(String parent, String id) throws IOException {
        return configPath(Files.readString(Path.of("/proc/self/cgroup")), parent, id);
    }

    /**
     * On cgroup v1, the relative {@code <parent>/<id>}: runsc resolves it beneath its own cgroup in
     * each hierarchy, which is ours (it is our child). An absolute path would be made as given in
     * every hierarchy, so the memory hierarchy's parents would be created in all the others (and
     * left there). On cgroup v2 alone runsc puts a relative path beside its cgroup, not beneath it,
     * so there the absolute path beneath ours is given.
     */
    static String configPath(String procSelfCgroup, String parent, String id) {
        for (String line : procSelfCgroup.split("\n")) {
            String[] f = line.split(":", 3);
            if (f.length == 3 && !f[1].isEmpty()) {
                return parent + "/" + id; // a v1 hierarchy is mounted: runsc runs its v1 code
            }
        }
        return of(procSelfCgroup) + parent + "/" + id;
    }

    /** The caller's cgroup, with a trailing slash, from the text of /proc/self/cgroup. */
    static String of(String procSelfCgroup) {
        String unified = null;
        for (String line : procSelfCgroup.split("\n")) {
            String[] f = line.split(":", 3);
            if (f.length == 3 && java.util.Arrays.asList(f[1].split(",")).contains("memory")) {
                return withSlash(f[2]);
            }
            if (f.length == 3 && f[0].equals("0") && f[1].isEmpty()) {
                unified = f[2];
            }
        }
        return withSlash(unified == null ? "/" : unified);
    }

    private static String withSlash(String p) {
        return p.endsWith("/") ? p : p + "/";
    }
}
