package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.CliChoice;

/** The runsc platform; when none is given the best one this host supports is probed. */
public enum GvisorPlatform implements CliChoice {
    SYSTRAP("systrap"),
    KVM("kvm"),
    PTRACE("ptrace");

    private final String cliName;

    GvisorPlatform(String cliName) {
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
