package dev.nucleus.domain.host;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/** Whether seccomp BPF filters can be installed, and which return actions the kernel knows. */
public record SeccompSupport(boolean filtersAvailable, Set<SeccompAction> actions, String reason) {
    public SeccompSupport {
        Objects.requireNonNull(reason, "reason");
        actions = Set.copyOf(actions);
        if (!filtersAvailable && reason.isBlank()) {
            throw new IllegalArgumentException("unavailable seccomp filters must say why");
        }
    }

    public static SeccompSupport available(Set<SeccompAction> actions) {
        return new SeccompSupport(true, actions, "");
    }

    public static SeccompSupport unavailable(String reason) {
        return new SeccompSupport(false, Set.of(), reason);
    }

    /** Actions in declaration order, for stable output. */
    public Set<SeccompAction> orderedActions() {
        return actions.isEmpty() ? Set.of() : EnumSet.copyOf(actions);
    }
}
