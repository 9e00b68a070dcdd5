package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.CliChoice;

/** Enforce the seccomp filter, or only log every syscall for profile generation. */
public enum SeccompMode implements CliChoice {
    ENFORCE("enforce"),
    TRACE("trace");

    private final String cliName;

    SeccompMode(String cliName) {
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
