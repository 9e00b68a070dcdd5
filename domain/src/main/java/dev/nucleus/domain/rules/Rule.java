package dev.nucleus.domain.rules;

import dev.nucleus.domain.mode.ServiceMode;
import dev.nucleus.domain.spec.LaunchRequest;

import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One rule of the mode table or of request consistency: the modes it applies in, when it is broken,
 * and the message and fix reported then; {@code detail} names what in the request broke it, where
 * the message alone would not (which of several syscalls).
 */
public record Rule(String id, Set<ServiceMode> modes, Predicate<RuleInput> broken, String message, String fix,
                   Function<LaunchRequest, String> detail) {
    // Immutable sets, not EnumSets: an EnumSet's first use reads the enum's constants by
    // reflection, and every launch builds these tables. Set.copyOf returns them as they are.
    public static final Set<ServiceMode> ALL_MODES = Set.of(ServiceMode.values());
    public static final Set<ServiceMode> STRICT_MODES = Set.of(ServiceMode.STRICT_AGENT, ServiceMode.PRODUCTION);
    public static final Set<ServiceMode> PRODUCTION_ONLY = Set.of(ServiceMode.PRODUCTION);
    public static final Set<ServiceMode> AGENT_ONLY = Set.of(ServiceMode.AGENT);

    public Rule {
        modes = Set.copyOf(modes);
    }

    /** A rule that looks at the request alone (most do). */
    public static Rule of(String id, Set<ServiceMode> modes, Predicate<LaunchRequest> broken, String message,
                          String fix) {
        return new Rule(id, modes, in -> broken.test(in.request()), message, fix, r -> "");
    }

    /** This rule, its message followed by what {@code detail} says of the request that broke it. */
    public Rule naming(Function<LaunchRequest, String> what) {
        return new Rule(id, modes, broken, message, fix, what);
    }

    public boolean appliesIn(ServiceMode mode) {
        return modes.contains(mode);
    }

    public Violation violation(ServiceMode mode, LaunchRequest request) {
        String where = modes.equals(ALL_MODES) ? "" : mode.cliName() + " mode: ";
        String named = detail.apply(request);
        return new Violation(id, where + message + (named.isEmpty() ? "" : ": " + named), fix);
    }
}
