package dev.nucleus.ports.out;

import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.domain.rules.SubordinateIds;

import java.util.Optional;

/**
 * Where a caller's subordinate id ranges come from ({@code /etc/subuid} and {@code /etc/subgid} on
 * Linux). Asked only for a launch with {@code --userns keep-id} or {@code auto}.
 */
@FunctionalInterface
public interface SubordinateIdSource {
    /** None: such launches are refused, naming the files to fix. */
    SubordinateIdSource NONE = invoker -> Optional.empty();

    /** The invoker's first uid and gid ranges, when both files give it one. */
    Optional<SubordinateIds> of(Invoker invoker);
}
