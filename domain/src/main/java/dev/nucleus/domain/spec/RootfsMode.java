package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.CliChoice;

/** How a prebuilt rootfs is mounted: read-only bind, or an overlay with a private upper layer. */
public enum RootfsMode implements CliChoice {
    BIND("bind"),
    OVERLAY("overlay");

    private final String cliName;

    RootfsMode(String cliName) {
        this.cliName = cliName;
    }

    @Override
    public String cliName() {
        return cliName;
    }

    @Override
    public String toString() {
        return cliName;
    }
}
