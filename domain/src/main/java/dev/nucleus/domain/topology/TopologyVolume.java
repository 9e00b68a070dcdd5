package dev.nucleus.domain.topology;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A named volume of a topology. A persistent one is a host directory ({@code path}, made by
 * {@code compose up} when missing and given to {@code owner}); an ephemeral one is a tmpfs of each
 * service that mounts it, of {@code size} (64M by default), gone with the container.
 */
public record TopologyVolume(String name, Optional<String> path, OptionalLong ownerUid, OptionalLong ownerGid,
                             Optional<String> size) {
    public boolean persistent() {
        return path.isPresent();
    }
}
