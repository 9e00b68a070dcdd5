package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.*;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where the container's root filesystem comes from: read-only binds of the host's system
 * directories (no path), a prebuilt rootfs, or a pinned agent toolchain rootfs.
 */
public record RootfsSource(Kind kind, Optional<HostPath> path, RootfsMode mode) {
    public enum Kind { HOST_BINDS, ROOTFS, AGENT_TOOLCHAIN }

    public static RootfsSource hostBinds() {
        return new RootfsSource(Kind.HOST_BINDS, Optional.empty(), RootfsMode.BIND);
    }
}
