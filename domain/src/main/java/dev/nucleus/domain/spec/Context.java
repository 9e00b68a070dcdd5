package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.*;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** A host directory populated at {@code /context}. */
public record Context(HostPath source, ContextMode mode, boolean verifyIntegrity) {
}
