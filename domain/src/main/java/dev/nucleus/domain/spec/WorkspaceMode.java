package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.CliChoice;

/** How the workspace reaches /workspace. */
public enum WorkspaceMode implements CliChoice {
    BIND_RW, BIND_RO, COPY_IN_OUT
}
