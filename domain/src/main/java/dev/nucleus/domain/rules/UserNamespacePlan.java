package dev.nucleus.domain.rules;

import dev.nucleus.domain.spec.UsernsMode;
import dev.nucleus.domain.value.IdMapping;

import java.util.List;
import java.util.Optional;

/**
 * The resolved user namespace and its maps (empty only without one; keep-id's and auto's come from
 * the caller's subordinate ids); {@code source} says why a namespace exists at all.
 */
public record UserNamespacePlan(boolean enabled, Source source, UsernsMode mode, List<IdMapping> uidMap,
                                List<IdMapping> gidMap) {
    public enum Source {
        /** No user namespace: host root stays root (agent mode only). */
        NONE,
        /** The caller asked: --rootless, --userns, --uidmap/--gidmap. */
        REQUESTED,
        /** Strict-agent or production started as host root: container root is host uid 100000. */
        STRICT_REMAP,
        /** Not started as root: a user namespace is the only way to get namespaces at all. */
        UNPRIVILEGED
    }

    public static final IdMapping STRICT_REMAP_RANGE = new IdMapping(0, 100_000, 65_536);

    public UserNamespacePlan {
        uidMap = List.copyOf(uidMap);
        gidMap = List.copyOf(gidMap);
    }

    /**
     * With keep-id, the caller's own uid and gid (mapped to themselves): the workload runs as
     * them unless --user says otherwise. Empty in every other mode.
     */
    public Optional<KeptIds> keptIds() {
        if (mode != UsernsMode.KEEP_ID || uidMap.size() != 2 || gidMap.size() != 2) {
            return Optional.empty();
        }
        return Optional.of(new KeptIds(uidMap.get(1).containerId(), gidMap.get(1).containerId()));
    }

    /** The caller's uid and gid, the same inside the container as outside (keep-id). */
    public record KeptIds(long uid, long gid) {
    }
}
