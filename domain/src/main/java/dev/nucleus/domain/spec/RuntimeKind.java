package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.CliChoice;

/** Which backend runs the workload: the kernel directly, or gVisor's application kernel. */
public enum RuntimeKind implements CliChoice {
    NATIVE("native"),
    GVISOR("gvisor");

    private final String cliName;

    RuntimeKind(String cliName) {
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
