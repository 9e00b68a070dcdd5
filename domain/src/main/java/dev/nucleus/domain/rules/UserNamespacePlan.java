package dev.nucleus.domain.rules;

import dev.nucleus.domain.spec.UsernsMode;
import dev.nucleus.domain.value.IdMapping;

import java.util.List;

/**
 * The resolved user namespace. Maps are empty when the adapter must compute them from
 * /etc/subuid (keep-id, auto); {@code source} says why a namespace exists at all.
 */
public record UserNamespacePlan(boolean enabled, Source source, UsernsMode mode, List<IdMapping> uidMap,
                                List<IdMapping> gidMap) {
    public enum Source {
        /** No user namespace: host root stays root (agent mode only). */
        NONE,
        /** The caller asked: --rootless, --userns, --uidmap/--gidmap. */
        REQUESTED,
        /** Strict-agent started as host root: container root is host uid 100000. */
        STRICT_REMAP,
        /** Not started as root: a user namespace is the only way to get namespaces at all. */
        UNPRIVILEGED
    }

    public static final IdMapping STRICT_REMAP_RANGE = new IdMapping(0, 100_000, 65_536);

    public UserNamespacePlan {
        uidMap = List.copyOf(uidMap);
        gidMap = List.copyOf(gidMap);
    }
}
