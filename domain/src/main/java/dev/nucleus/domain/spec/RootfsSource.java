package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.*;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where the container's root filesystem comes from: read-only binds of the host's system
 * directories (no path), a prebuilt rootfs, or a pinned agent toolchain rootfs; with an overlay
 * root, an image's layer may lie above the rootfs ({@code nucleus image run}).
 */
public record RootfsSource(Kind kind, Optional<HostPath> path, RootfsMode mode, Optional<ImageLayer> layer) {
    public enum Kind { HOST_BINDS, ROOTFS, AGENT_TOOLCHAIN }

    public RootfsSource(Kind kind, Optional<HostPath> path, RootfsMode mode) {
        this(kind, path, mode, Optional.empty());
    }

    public RootfsSource withLayer(Optional<ImageLayer> imageLayer) {
        return new RootfsSource(kind, path, mode, imageLayer);
    }

    public static RootfsSource hostBinds() {
        return new RootfsSource(Kind.HOST_BINDS, Optional.empty(), RootfsMode.BIND);
    }
}
