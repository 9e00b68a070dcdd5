package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.CliChoice;

/** Network namespace setup: none (only lo), the host's, a bridge with NAT, or gVisor's host stack. */
public enum NetworkMode implements CliChoice {
    NONE("none"),
    HOST("host"),
    BRIDGE("bridge"),
    GVISOR_HOST("gvisor-host");

    private final String cliName;

    NetworkMode(String cliName) {
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
