package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.*;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Where the container's root filesystem comes from: read-only binds of the host's system
 * directories (no path), a prebuilt rootfs, or a pinned agent toolchain rootfs; with an overlay
 * root, an image's layer may lie above the rootfs ({@code nucleus image run}).
 */
public record RootfsSource(Kind kind, Optional<HostPath> path, RootfsMode mode, Optional<ImageLayer> layer) {
    public enum Kind { HOST_BINDS, ROOTFS, AGENT_TOOLCHAIN }

    /**
     * What the host-binds root shows of the host's /etc, read-only: Debian's alternatives
     * symlinks, TLS roots, the time zone (nothing else of it).
     */
    public static final List<String> HOST_ETC_ENTRIES = List.of("/etc/alternatives", "/etc/ssl",
            "/etc/ca-certificates", "/etc/localtime");

    /** A rootfs's top-level entries the runtime provides itself, never shown from the rootfs. */
    public static final Set<String> PROVIDED_ENTRIES = Set.of("dev", "proc", "sys", "tmp", "run", "home", "workspace",
            "context");

    public RootfsSource(Kind kind, Optional<HostPath> path, RootfsMode mode) {
        this(kind, path, mode, Optional.empty());
    }

    public RootfsSource withLayer(Optional<ImageLayer> imageLayer) {
        return new RootfsSource(kind, path, mode, imageLayer);
    }

    /**
     * Whether the rootfs's own directories are bound read-only into a native container (bind
     * mode): a mount point beneath one must be in the rootfs already. An overlay root takes new
     * ones in its layer, and gVisor makes them in its own overlay view of the tree.
     */
    public boolean boundReadOnly(RuntimeKind runtime) {
        return kind != Kind.HOST_BINDS && path.isPresent() && mode == RootfsMode.BIND && runtime == RuntimeKind.NATIVE;
    }

    public static RootfsSource hostBinds() {
        return new RootfsSource(Kind.HOST_BINDS, Optional.empty(), RootfsMode.BIND);
    }
}
