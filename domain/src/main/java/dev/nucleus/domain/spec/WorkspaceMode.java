package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.CliChoice;

/** How the workspace reaches /workspace. */
public enum WorkspaceMode implements CliChoice {
    BIND_RW("bind-rw"),
    BIND_RO("bind-ro"),
    COPY_IN_OUT("copy-in-out");

    private final String cliName;

    WorkspaceMode(String cliName) {
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
