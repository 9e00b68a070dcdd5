package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.*;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** A secret copied into the in-memory {@code /run/secrets} and bound at its destination. */
public record Secret(HostPath source, ContainerPath destination) {
}
