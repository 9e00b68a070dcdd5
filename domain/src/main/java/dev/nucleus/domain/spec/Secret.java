package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.*;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** A secret copied into the in-memory {@code /run/secrets} and bound at its destination. */
public record Secret(HostPath source, ContainerPath destination) {
    /**
     * What a container's secrets and systemd credentials may hold in all: they are staged in
     * memory, and 16 MiB is the size of the in-memory /run/secrets they are shown beside.
     */
    public static final long MAX_TOTAL_BYTES = 16L << 20;
}
