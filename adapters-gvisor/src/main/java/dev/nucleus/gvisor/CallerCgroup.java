package dev.nucleus.gvisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The cgroup path runsc creates the sandbox in: {@code nucleus/<id>} beneath the cgroup this
 * process is in (the memory hierarchy's on cgroup v1, the unified one's on v2), so that a
 * container never lands outside its caller's subtree.
 */
final class CallerCgroup {
    private CallerCgroup() {
    }

    static String path(String id) throws IOException {
        return of(Files.readString(Path.of("/proc/self/cgroup"))) + "nucleus/" + id;
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
