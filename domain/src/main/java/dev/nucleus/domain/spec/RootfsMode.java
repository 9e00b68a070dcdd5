package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.CliChoice;

/** How a prebuilt rootfs is mounted: read-only bind, or an overlay with a private upper layer. */
public enum RootfsMode implements CliChoice {
    BIND, OVERLAY
}
