package dev.nucleus.domain.plan;

import dev.nucleus.domain.policy.CapabilityPolicy;
import dev.nucleus.domain.policy.LandlockPolicy;
import dev.nucleus.domain.value.NixStorePath;

import java.util.List;
import java.util.Optional;

/**
 * What the adapter found out before planning: the facts of this host and this launch that the
 * domain cannot read itself. Everything is already resolved (canonical paths, numeric ids).
 *
 * @param hostname        the container's host name (--hostname, else the container name)
 * @param rootDir         an empty host directory the container's tmpfs root is mounted on
 * @param systemEntries   the top-level entries to expose read-only: host system dirs, or the rootfs's
 * @param workload        the identity the workload runs as
 * @param execPath        the program, resolved inside the container (no PATH search in the shim)
 * @param environment     the workload's whole environment, constructed (not Nucleus's own)
 * @param seccompProgram  the compiled filter; empty only when degraded security allows it
 * @param landlockAbi     the kernel's Landlock ABI; 0 when unavailable and degraded security allows it
 * @param etcFiles        files written into a tmpfs /etc when there is no rootfs
 * @param etcBinds        host paths under /etc bound read-only into that /etc (alternatives, TLS roots, zone)
 * @param workspaceSource the canonical host path of the workspace, when one is mounted
 * @param contextSource   the host directory shown read-only at /context (a staged copy, or the source)
 * @param secretFiles     staged secret files (0400, owned by the workload) and where each appears
 * @param providerBinds   provider configs with canonical sources, bound beneath the home
 * @param terminalSize    {rows, cols} of the pty, when the run has a terminal
 * @param volumeSources   the canonical host source of each --volume (file or directory), in the request's order
 * @param capsPolicy      the loaded --caps-policy, replacing "drop every capability"
 * @param landlockPolicy  the loaded --landlock-policy, replacing the default Landlock rules
 * @param overlay         with --rootfs-mode overlay: the layers mounted as the root instead of a tmpfs
 * @param gpuDevices      host GPU nodes beneath /dev, bound at their own paths
 * @param closure         the rootfs's Nix closure ({@code .nucleus-rootfs-store-paths}), each object shown
 *                        read-only at its own path under /nix/store
 */
public record PlanInputs(String hostname, String rootDir, List<TopLevelEntry> systemEntries, Workload workload,
                         String execPath, List<String> environment, Optional<byte[]> seccompProgram,
                         int landlockAbi, List<EtcFile> etcFiles, List<EtcBind> etcBinds,
                         Optional<String> workspaceSource, Optional<String> contextSource,
                         List<SecretFile> secretFiles, List<ProviderBind> providerBinds,
                         Optional<TerminalSize> terminalSize, List<VolumeSource> volumeSources,
                         Optional<CapabilityPolicy> capsPolicy, Optional<LandlockPolicy> landlockPolicy,
                         Optional<RootfsOverlay> overlay, List<String> gpuDevices, List<StoreObject> closure) {
    /**
     * The inputs every launch has: without policy files (every capability dropped, the default
     * Landlock rules), a tmpfs root, no GPU, no Nix closure; the {@code with...} methods add those.
     */
    public PlanInputs(String hostname, String rootDir, List<TopLevelEntry> systemEntries, Workload workload,
                      String execPath, List<String> environment, Optional<byte[]> seccompProgram,
                      int landlockAbi, List<EtcFile> etcFiles, List<EtcBind> etcBinds,
                      Optional<String> workspaceSource, Optional<String> contextSource,
                      List<SecretFile> secretFiles, List<ProviderBind> providerBinds,
                      Optional<TerminalSize> terminalSize, List<VolumeSource> volumeSources) {
        this(hostname, rootDir, systemEntries, workload, execPath, environment, seccompProgram, landlockAbi,
                etcFiles, etcBinds, workspaceSource, contextSource, secretFiles, providerBinds, terminalSize,
                volumeSources, Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of());
    }

    public PlanInputs {
        systemEntries = List.copyOf(systemEntries);
        environment = List.copyOf(environment);
        etcFiles = List.copyOf(etcFiles);
        etcBinds = List.copyOf(etcBinds);
        secretFiles = List.copyOf(secretFiles);
        providerBinds = List.copyOf(providerBinds);
        volumeSources = List.copyOf(volumeSources);
        gpuDevices = List.copyOf(gpuDevices);
        closure = List.copyOf(closure);
        for (String device : gpuDevices) {
            if (!device.startsWith("/dev/") || device.contains("/../") || device.endsWith("/..")) {
                throw new IllegalArgumentException("a GPU device node is a path beneath /dev: " + device);
            }
        }
    }

    /** These inputs with a --caps-policy and a --landlock-policy loaded (either may be absent). */
    public PlanInputs withPolicies(Optional<CapabilityPolicy> caps, Optional<LandlockPolicy> landlock) {
        return new PlanInputs(hostname, rootDir, systemEntries, workload, execPath, environment, seccompProgram,
                landlockAbi, etcFiles, etcBinds, workspaceSource, contextSource, secretFiles, providerBinds,
                terminalSize, volumeSources, caps, landlock, overlay, gpuDevices, closure);
    }

    /** These inputs with the layers of a --rootfs-mode overlay root, when there are any. */
    public PlanInputs withOverlay(Optional<RootfsOverlay> layers) {
        return new PlanInputs(hostname, rootDir, systemEntries, workload, execPath, environment, seccompProgram,
                landlockAbi, etcFiles, etcBinds, workspaceSource, contextSource, secretFiles, providerBinds,
                terminalSize, volumeSources, capsPolicy, landlockPolicy, layers, gpuDevices, closure);
    }

    /** These inputs with the host's GPU nodes {@code devices} passed through. */
    public PlanInputs withGpuDevices(List<String> devices) {
        return new PlanInputs(hostname, rootDir, systemEntries, workload, execPath, environment, seccompProgram,
                landlockAbi, etcFiles, etcBinds, workspaceSource, contextSource, secretFiles, providerBinds,
                terminalSize, volumeSources, capsPolicy, landlockPolicy, overlay, devices, closure);
    }

    /** These inputs with the rootfs's Nix closure {@code objects} shown under /nix/store. */
    public PlanInputs withClosure(List<StoreObject> objects) {
        return new PlanInputs(hostname, rootDir, systemEntries, workload, execPath, environment, seccompProgram,
                landlockAbi, etcFiles, etcBinds, workspaceSource, contextSource, secretFiles, providerBinds,
                terminalSize, volumeSources, capsPolicy, landlockPolicy, overlay, gpuDevices, objects);
    }

    /**
     * One object of a rootfs's Nix closure, {@code /nix/store/<hash>-<name>}, shown at the same path:
     * a directory or a file is bound read-only, a symlink is recreated.
     */
    public record StoreObject(String path, Kind kind, Optional<String> symlinkTarget) {
        /** What the object is on the host. */
        public enum Kind { DIRECTORY, FILE, SYMLINK }

        public StoreObject {
            if (!NixStorePath.isObject(path)) {
                throw new IllegalArgumentException("not an immediate Nix store object: " + path);
            }
            if ((kind == Kind.SYMLINK) != symlinkTarget.isPresent()) {
                throw new IllegalArgumentException("a symlink target is given for symlinks alone: " + path);
            }
        }
    }

    /**
     * The root of a {@code --rootfs-mode overlay} container: the rootfs, read-only, beneath a
     * writable layer kept with the container's state (canonical host paths). The workload's
     * changes land in {@code upper} and outlive a restart; the rootfs itself is never written.
     *
     * @param userXattr the overlay keeps its metadata in user.* xattrs: mounted inside a user
     *                  namespace, it may not write the trusted.* ones
     * @param idmapped  the runtime hands the shim a copy of the rootfs's mount idmapped by the
     *                  container's maps, attached at the root before the overlay covers it: a
     *                  user namespace of root's making then sees the rootfs owned as on the host
     * @param image     an image's verified layer, between the rootfs and {@code upper}
     *                  ({@code nucleus image run}): the runtime's cached copy, or, when idmapped,
     *                  where the shim attaches the runtime's idmapped copy of it
     */
    public record RootfsOverlay(String lower, String upper, String work, boolean userXattr, boolean idmapped,
                                Optional<String> image) {
        /** The characters overlayfs's option syntax gives a meaning (layer and option separators, escapes). */
        public static final String RESERVED = ",:\\";

        public RootfsOverlay(String lower, String upper, String work, boolean userXattr, boolean idmapped) {
            this(lower, upper, work, userXattr, idmapped, Optional.empty());
        }

        public RootfsOverlay {
            requireReservedFree(lower);
            requireReservedFree(upper);
            requireReservedFree(work);
            image.ifPresent(RootfsOverlay::requireReservedFree);
        }

        private static void requireReservedFree(String path) {
            if (!reservedFree(path)) {
                throw new IllegalArgumentException(path + " holds one of " + RESERVED
                        + ", which an overlay mount's options cannot carry");
            }
        }

        /** True when {@code path} can be named in an overlay mount's options as it is. */
        public static boolean reservedFree(String path) {
            for (int i = 0; i < path.length(); i++) {
                if (RESERVED.indexOf(path.charAt(i)) >= 0) {
                    return false;
                }
            }
            return true;
        }

        /**
         * The mount's data: its layers (an image's layer, where it is attached when idmapped; the
         * idmapped rootfs attached at {@code root}, or the rootfs), user xattrs.
         */
        String options(String root) {
            return "lowerdir=" + image.map(layer -> layer + ":").orElse("") + (idmapped ? root : lower)
                    + ",upperdir=" + upper + ",workdir=" + work
                    + (userXattr ? ",userxattr" : "");
        }
    }

    /** A volume's canonical host source; a file is bound onto a file, a directory onto a directory. */
    public record VolumeSource(String path, boolean directory) {
    }

    /** Rows and columns of a pty. */
    public record TerminalSize(int rows, int cols) {
    }

    /** A provider CLI config (a file such as .netrc, or a directory): canonical host source, destination beneath the home. */
    public record ProviderBind(String source, String destination, boolean readOnly, boolean directory) {
    }

    /** A staged secret and its destination inside the container. */
    public record SecretFile(String stagedPath, String destination) {
    }

    /** A host file or directory (canonical {@code source}) exposed read-only at {@code target} under /etc. */
    public record EtcBind(String source, String target, boolean directory) {
    }

    /**
     * A top-level entry of the host or rootfs: a directory to bind, a symlink to recreate, or
     * ({@code file}) a rootfs's regular file to bind, such as its {@code /entrypoint.sh}.
     */
    public record TopLevelEntry(String name, String hostPath, Optional<String> symlinkTarget, boolean file) {
        /** A directory, or a symlink with its target. */
        public TopLevelEntry(String name, String hostPath, Optional<String> symlinkTarget) {
            this(name, hostPath, symlinkTarget, false);
        }
    }

    /** The numeric identity of the workload inside the container. */
    public record Workload(long uid, long gid, List<Long> groups) {
        public Workload {
            groups = List.copyOf(groups);
        }
    }

    /** A generated /etc file; content may include names but never secrets. */
    public record EtcFile(String name, String content) {
    }
}
