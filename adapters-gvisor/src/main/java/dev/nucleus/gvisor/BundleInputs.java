package dev.nucleus.gvisor;

import dev.nucleus.domain.spec.Resources;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a bundle's config.json is made of, once the launch is resolved: the process, the root
 * view, the mounts in order, limits and annotations. Host paths are absolute and canonical.
 */
public record BundleInputs(List<String> args, List<String> env, String cwd, long uid, long gid,
                           List<Long> additionalGids, String hostname, String rootPath, List<Mount> mounts,
                           Optional<Long> memoryBytes, Optional<Long> cpuQuotaMicros, long pids,
                           String cgroupsPath, Map<String, String> annotations, boolean ownNetworkNamespace,
                           Optional<dev.nucleus.domain.policy.CapabilityPolicy> capabilities,
                           Optional<String> seccompJson, Optional<Console> console, Resources limits) {
    /** CPU quota period (100 ms), the kernel's default. */
    public static final long CPU_PERIOD_MICROS = 100_000;

    /** --terminal: the process gets a pty of this size, which runsc sends to a console socket. */
    public record Console(int rows, int columns) {
    }

    /** Without a terminal. */
    public BundleInputs(List<String> args, List<String> env, String cwd, long uid, long gid, List<Long> additionalGids,
                        String hostname, String rootPath, List<Mount> mounts, Optional<Long> memoryBytes,
                        Optional<Long> cpuQuotaMicros, long pids, String cgroupsPath, Map<String, String> annotations,
                        boolean ownNetworkNamespace, Optional<dev.nucleus.domain.policy.CapabilityPolicy> capabilities,
                        Optional<String> seccompJson) {
        this(args, env, cwd, uid, gid, additionalGids, hostname, rootPath, mounts, memoryBytes, cpuQuotaMicros, pids,
                cgroupsPath, annotations, ownNetworkNamespace, capabilities, seccompJson, Optional.empty(),
                new Resources(Optional.empty(), false, Optional.empty(), java.util.OptionalInt.empty(), pids, List.of(),
                        Resources.DEFAULT_MEMLOCK));
    }

    /** The same inputs with a terminal of this size. */
    public BundleInputs withConsole(Optional<Console> size) {
        return new BundleInputs(args, env, cwd, uid, gid, additionalGids, hostname, rootPath, mounts, memoryBytes,
                cpuQuotaMicros, pids, cgroupsPath, annotations, ownNetworkNamespace, capabilities, seccompJson, size,
                limits);
    }

    /**
     * The same inputs with the request's other limits: swap (none unless --swap, as native),
     * --cpu-weight, --io-limit and --memlock.
     */
    public BundleInputs withLimits(Resources resources) {
        return new BundleInputs(args, env, cwd, uid, gid, additionalGids, hostname, rootPath, mounts, memoryBytes,
                cpuQuotaMicros, pids, cgroupsPath, annotations, ownNetworkNamespace, capabilities, seccompJson, console,
                resources);
    }

    public BundleInputs {
        args = List.copyOf(args);
        env = List.copyOf(env);
        additionalGids = List.copyOf(additionalGids);
        mounts = List.copyOf(mounts);
        annotations = Map.copyOf(annotations);
    }

    /** One OCI mount: destination inside, type, source, options. */
    public record Mount(String destination, String type, String source, List<String> options) {
        public Mount {
            options = List.copyOf(options);
            if (!destination.startsWith("/")) {
                throw new IllegalArgumentException("a mount destination is absolute: " + destination);
            }
        }

        /** The same mount, its programs not executable. */
        Mount noexec() {
            List<String> more = new java.util.ArrayList<>(options);
            more.add("noexec");
            return new Mount(destination, type, source, more);
        }

        static Mount bind(String source, String destination, boolean readOnly) {
            return new Mount(destination, "bind", source, readOnly
                    ? List.of("rbind", "ro", "nosuid", "nodev") : List.of("rbind", "rw", "nosuid", "nodev"));
        }
    }
}
