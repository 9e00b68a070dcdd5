package dev.nucleus.domain.rules;

import dev.nucleus.domain.value.ContainerPath;
import dev.nucleus.domain.value.InvalidValueException;
import dev.nucleus.domain.value.Lists;

import java.util.List;

/**
 * Fixed path policy: host paths that may never be bound into a container, and container paths a
 * volume may not cover. The adapter checks the canonical host path again before mounting.
 */
public final class PathPolicy {
    private static final List<String> DENIED_SOURCES =
            List.of("/boot", "/dev", "/etc", "/home", "/proc", "/root", "/run", "/sys", "/var/log", "/var/run");
    private static final List<String> ROOTFS_DENIED = List.of("/boot", "/dev", "/etc", "/proc", "/root", "/sys");
    private static final List<String> PROVIDER_DENIED =
            List.of("/boot", "/dev", "/etc", "/proc", "/run", "/sys", "/var/log", "/var/run");
    private static final List<String> RESERVED_DESTINATIONS = List.of(
            "/bin", "/boot", "/dev", "/etc", "/lib", "/lib64", "/nix", "/proc", "/run/secrets", "/sbin", "/sys", "/usr");

    private PathPolicy() {
    }

    /** True for {@code /} and anything under a denied prefix, judged on the normalised path. */
    public static boolean deniedBindSource(String hostPath) {
        if (!hostPath.startsWith("/")) {
            return false; // relative: judged by the adapter once canonical
        }
        ContainerPath normal;
        try {
            normal = ContainerPath.parse(hostPath);
        } catch (InvalidValueException e) {
            return true; // ".." in a bind source is refused outright
        }
        if (normal.path().equals("/")) {
            return true;
        }
        return Lists.anyMatch(DENIED_SOURCES, d -> new ContainerPath(d).contains(normal));
    }

    /**
     * In /proc or /sys (canonical path): the kernel's views, which hold no file of anyone's. Never
     * a secret's source ({@code /proc/self} is the runtime itself: its environment and memory;
     * anywhere else a readable file is the caller's to hand over, a key under /etc or a host's own
     * /run/secrets included), nor where a pid file can be written.
     */
    public static boolean inKernelView(String canonicalPath) {
        ContainerPath path = new ContainerPath(canonicalPath);
        return Lists.anyMatch(KERNEL_VIEWS, d -> new ContainerPath(d).contains(path));
    }

    private static final List<String> KERNEL_VIEWS = List.of("/proc", "/sys");

    /**
     * A rootfs that is the host's own root or lies in its system state (the whole of /etc, /root,
     * ...), judged on the canonical path: it would show the host's secrets as a container's root.
     */
    public static boolean deniedRootfs(String canonicalPath) {
        ContainerPath root = new ContainerPath(canonicalPath);
        return canonicalPath.equals("/") || Lists.anyMatch(ROOTFS_DENIED, d -> new ContainerPath(d).contains(root));
    }

    /**
     * Provider-config sources (the reference's list): never {@code /}, {@code /home}, {@code /root} or
     * a whole {@code /home/<user>}, nor anything under the system paths; a tool's directory inside a
     * home ({@code ~/.aws}) is what this option is for.
     */
    public static boolean deniedProviderSource(String hostPath) {
        ContainerPath normal;
        try {
            normal = ContainerPath.parse(hostPath);
        } catch (InvalidValueException e) {
            return true;
        }
        String p = normal.path();
        // "/home/[^/]+" without a regex: a start's first costs it the regex engine, cold.
        boolean aHome = p.startsWith("/home/") && p.indexOf('/', "/home/".length()) < 0;
        if (p.equals("/") || p.equals("/home") || p.equals("/root") || aHome) {
            return true;
        }
        return Lists.anyMatch(PROVIDER_DENIED, d -> new ContainerPath(d).contains(normal));
    }

    /** True if the destination is, or lies beneath, a reserved system path, or is {@code /}. */
    public static boolean reservedDestination(ContainerPath dest) {
        return dest.path().equals("/") || Lists.anyMatch(RESERVED_DESTINATIONS, d -> new ContainerPath(d).contains(dest));
    }
}
