package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.*;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** What the caller asked for about user namespaces, before the mode resolves it. */
public record UserNamespaceRequest(boolean rootless, UsernsMode mode, List<IdMapping> uidMap, List<IdMapping> gidMap) {
    /** True when any option asks for a user namespace. */
    public boolean requested() {
        return rootless || mode != UsernsMode.NOMAP || !uidMap.isEmpty();
    }

    /** keep-id or auto without explicit maps: the container's ids map onto the caller's subordinate ids. */
    public boolean mapsSubordinateIds() {
        return mode != UsernsMode.NOMAP && uidMap.isEmpty();
    }
}
