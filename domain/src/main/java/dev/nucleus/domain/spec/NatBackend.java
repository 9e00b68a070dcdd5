package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.CliChoice;

/** How bridge traffic is NATed: kernel bridge and iptables, or slirp4netns in user space. */
public enum NatBackend implements CliChoice {
    AUTO("auto"),
    KERNEL("kernel"),
    USERSPACE("userspace");

    private final String cliName;

    NatBackend(String cliName) {
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
