package dev.nucleus.domain.rules;

import dev.nucleus.domain.mode.ServiceMode;
import dev.nucleus.domain.spec.LaunchRequest;

import java.util.Collections;
import java.util.EnumSet;
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
    public static final Set<ServiceMode> ALL_MODES = EnumSet.allOf(ServiceMode.class);
    public static final Set<ServiceMode> STRICT_MODES = EnumSet.of(ServiceMode.STRICT_AGENT, ServiceMode.PRODUCTION);
    public static final Set<ServiceMode> PRODUCTION_ONLY = EnumSet.of(ServiceMode.PRODUCTION);
    public static final Set<ServiceMode> AGENT_ONLY = EnumSet.of(ServiceMode.AGENT);

    public Rule {
        // An EnumSet (what the tables pass) is copied as one: Set.copyOf hashed each mode into a new
        // set, for each of some fifty rules built at every launch's first validation.
        modes = modes instanceof EnumSet<ServiceMode> e ? Collections.unmodifiableSet(e.clone()) : Set.copyOf(modes);
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
