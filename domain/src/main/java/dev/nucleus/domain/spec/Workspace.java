package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.*;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** A host directory at {@code /workspace}; executing from it needs {@code --workspace-exec}. */
public record Workspace(HostPath source, WorkspaceMode mode, boolean exec) {
    public boolean writable() {
        return mode != WorkspaceMode.BIND_RO;
    }
}
