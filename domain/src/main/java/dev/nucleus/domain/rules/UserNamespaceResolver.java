package dev.nucleus.domain.rules;

import dev.nucleus.domain.mode.ServiceMode;
import dev.nucleus.domain.spec.LaunchRequest;
import dev.nucleus.domain.spec.UserNamespaceRequest;
import dev.nucleus.domain.spec.UsernsMode;
import dev.nucleus.domain.value.IdMapping;
import dev.nucleus.domain.value.Lists;

import java.util.List;

/** Decides whether a user namespace exists and how ids map (the mode table's user-namespace row). */
final class UserNamespaceResolver {
    static final String STRICT_ROOT_MAPPING = "strict-agent-root-mapping";
    static final String SUBORDINATE_IDS = "userns-subordinate-ids";
    static final String KEEP_ID_AS_ROOT = "userns-keep-id-as-root";

    private UserNamespaceResolver() {
    }

    static UserNamespacePlan resolve(LaunchRequest request, Invoker invoker) {
        UserNamespaceRequest asked = request.userNamespace();
        if (asked.requested()) {
            if (!asked.uidMap().isEmpty()) {
                return new UserNamespacePlan(true, UserNamespacePlan.Source.REQUESTED, asked.mode(), asked.uidMap(),
                        asked.gidMap());
            }
            if (asked.mode() == UsernsMode.NOMAP) {
                return selfMap(UserNamespacePlan.Source.REQUESTED, invoker);
            }
            return subordinateMaps(asked.mode(), invoker);
        }
        if (!invoker.isRoot()) {
            return selfMap(UserNamespacePlan.Source.UNPRIVILEGED, invoker);
        }
        if (remapsRoot(request)) {
            // Strict-agent and production, as the reference: root of the container is never host root.
            List<IdMapping> range = List.of(UserNamespacePlan.STRICT_REMAP_RANGE);
            return new UserNamespacePlan(true, UserNamespacePlan.Source.STRICT_REMAP, UsernsMode.NOMAP, range, range);
        }
        return new UserNamespacePlan(false, UserNamespacePlan.Source.NONE, UsernsMode.NOMAP, List.of(), List.of());
    }

    /**
     * Strict-agent, and production on the native runtime: gVisor's sandbox runs the workload on a
     * kernel of its own (runsc takes no user namespace from us; the modes' remaining rules hold).
     */
    private static boolean remapsRoot(LaunchRequest request) {
        return request.serviceMode() == ServiceMode.STRICT_AGENT || request.serviceMode() == ServiceMode.PRODUCTION
                && request.runtime().kind() == dev.nucleus.domain.spec.RuntimeKind.NATIVE;
    }

    /**
     * keep-id and auto need the caller's subordinate ids, and keep-id a caller other than root (it
     * keeps the caller's own id in the container, which as root is host root); strict-agent started
     * as root must not map container ids onto host root.
     */
    static List<Violation> violations(LaunchRequest request, Invoker invoker) {
        UserNamespaceRequest asked = request.userNamespace();
        if (asked.mapsSubordinateIds()) {
            String flag = "--userns " + asked.mode().cliName();
            if (asked.mode() == UsernsMode.KEEP_ID && invoker.isRoot()) {
                return List.of(new Violation(KEEP_ID_AS_ROOT, flag + " keeps the caller's own uid in the container,"
                        + " and the caller is host root", "use --userns auto, --rootless or --uidmap/--gidmap"));
            }
            if (invoker.subordinate().isEmpty()) {
                return List.of(new Violation(SUBORDINATE_IDS, flag + " maps the container's ids onto the caller's"
                        + " subordinate ids, and /etc/subuid and /etc/subgid give uid " + invoker.uid() + " none",
                        "add a range for this user to /etc/subuid and /etc/subgid (usermod --add-subuids and"
                                + " --add-subgids), or use --rootless or --uidmap/--gidmap"));
            }
        }
        if (!remapsRoot(request) || !invoker.isRoot()) {
            return List.of();
        }
        UserNamespacePlan plan = resolve(request, invoker);
        boolean mapsHostRoot = Lists.anyMatch(plan.uidMap(), m -> m.hostId() == 0)
                || Lists.anyMatch(plan.gidMap(), m -> m.hostId() == 0);
        if (!mapsHostRoot) {
            return List.of();
        }
        return List.of(new Violation(STRICT_ROOT_MAPPING,
                request.serviceMode().cliName() + " mode: started as host root, the user namespace must not map any id"
                        + " to host id 0",
                "drop --rootless/--uidmap/--gidmap (" + request.serviceMode().cliName() + " maps root to 100000 by"
                        + " itself) or map to non-zero host ids"));
    }

    /**
     * keep-id: container root is the first subordinate id, and the caller's uid and gid are
     * themselves in the container. auto: container root is the caller, and ids from 1 on are the
     * subordinate range (at most 65,536 of them), as Podman maps them.
     */
    private static UserNamespacePlan subordinateMaps(UsernsMode mode, Invoker invoker) {
        SubordinateIds sub = invoker.subordinate().orElseThrow(() -> new IllegalStateException(
                "--userns " + mode.cliName() + " without subordinate ids: violations() refuses that"));
        List<IdMapping> uids;
        List<IdMapping> gids;
        if (mode == UsernsMode.KEEP_ID) {
            uids = List.of(new IdMapping(0, sub.uidStart(), 1), new IdMapping(invoker.uid(), invoker.uid(), 1));
            gids = List.of(new IdMapping(0, sub.gidStart(), 1), new IdMapping(invoker.gid(), invoker.gid(), 1));
        } else {
            uids = List.of(new IdMapping(0, invoker.uid(), 1),
                    new IdMapping(1, sub.uidStart(), Math.min(sub.uidCount(), IdMapping.MAX_COUNT)));
            gids = List.of(new IdMapping(0, invoker.gid(), 1),
                    new IdMapping(1, sub.gidStart(), Math.min(sub.gidCount(), IdMapping.MAX_COUNT)));
        }
        return new UserNamespacePlan(true, UserNamespacePlan.Source.REQUESTED, mode, uids, gids);
    }

    private static UserNamespacePlan selfMap(UserNamespacePlan.Source source, Invoker invoker) {
        return new UserNamespacePlan(true, source, UsernsMode.NOMAP, List.of(new IdMapping(0, invoker.uid(), 1)),
                List.of(new IdMapping(0, invoker.gid(), 1)));
    }
}
