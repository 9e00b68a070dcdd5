package dev.nucleus.domain.rules;

import dev.nucleus.domain.mode.ServiceMode;
import dev.nucleus.domain.spec.LaunchRequest;
import dev.nucleus.domain.spec.UserNamespaceRequest;
import dev.nucleus.domain.spec.UsernsMode;
import dev.nucleus.domain.value.IdMapping;

import java.util.List;

/** Decides whether a user namespace exists and how ids map (the mode table's user-namespace row). */
final class UserNamespaceResolver {
    static final String STRICT_ROOT_MAPPING = "strict-agent-root-mapping";

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
            // keep-id and auto need /etc/subuid; the adapter computes those maps.
            return new UserNamespacePlan(true, UserNamespacePlan.Source.REQUESTED, asked.mode(), List.of(), List.of());
        }
        if (!invoker.isRoot()) {
            return selfMap(UserNamespacePlan.Source.UNPRIVILEGED, invoker);
        }
        if (request.serviceMode() == ServiceMode.STRICT_AGENT) {
            List<IdMapping> range = List.of(UserNamespacePlan.STRICT_REMAP_RANGE);
            return new UserNamespacePlan(true, UserNamespacePlan.Source.STRICT_REMAP, UsernsMode.NOMAP, range, range);
        }
        return new UserNamespacePlan(false, UserNamespacePlan.Source.NONE, UsernsMode.NOMAP, List.of(), List.of());
    }

    /** Strict-agent started as root must not map container ids onto host root. */
    static List<Violation> violations(LaunchRequest request, Invoker invoker) {
        if (request.serviceMode() != ServiceMode.STRICT_AGENT || !invoker.isRoot()) {
            return List.of();
        }
        UserNamespacePlan plan = resolve(request, invoker);
        boolean mapsHostRoot = plan.uidMap().stream().anyMatch(m -> m.hostId() == 0)
                || plan.gidMap().stream().anyMatch(m -> m.hostId() == 0);
        if (!mapsHostRoot) {
            return List.of();
        }
        return List.of(new Violation(STRICT_ROOT_MAPPING,
                "strict-agent mode: started as host root, the user namespace must not map any id to host id 0",
                "drop --rootless/--uidmap/--gidmap (strict-agent maps root to 100000 by itself) or map to non-zero host ids"));
    }

    private static UserNamespacePlan selfMap(UserNamespacePlan.Source source, Invoker invoker) {
        return new UserNamespacePlan(true, source, UsernsMode.NOMAP, List.of(new IdMapping(0, invoker.uid(), 1)),
                List.of(new IdMapping(0, invoker.gid(), 1)));
    }
}
