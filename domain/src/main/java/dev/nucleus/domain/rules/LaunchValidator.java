package dev.nucleus.domain.rules;

import dev.nucleus.domain.launch.InvalidRequestException;
import dev.nucleus.domain.mode.ServiceMode;
import dev.nucleus.domain.spec.LaunchRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * The one validator: checks a request against every rule of its service mode and every consistency
 * rule, reporting all violations at once, then resolves the mode's defaults into a
 * {@link ContainerSpec}. Never switches a request to something the caller did not ask for.
 */
public final class LaunchValidator {
    private LaunchValidator() {
    }

    /** Every rule, in report order. */
    public static List<Rule> rules() {
        List<Rule> all = new ArrayList<>(ModeTableRules.RULES.size() + ConsistencyRules.RULES.size());
        all.addAll(ModeTableRules.RULES);
        all.addAll(ConsistencyRules.RULES);
        return List.copyOf(all);
    }

    public static ContainerSpec validate(LaunchRequest request, Invoker invoker) throws InvalidRequestException {
        List<Violation> violations = violations(request, invoker);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations.stream().map(Violation::toProblem).toList());
        }
        ServiceMode mode = request.serviceMode();
        UserNamespacePlan userns = UserNamespaceResolver.resolve(request, invoker);
        return new ContainerSpec(mode, request, userns, NetworkResolver.resolve(request, invoker, userns),
                ModeEnforcement.of(mode, request));
    }

    /** All broken rules, including those found while resolving the user namespace. */
    public static List<Violation> violations(LaunchRequest request, Invoker invoker) {
        ServiceMode mode = request.serviceMode();
        RuleInput input = new RuleInput(request, invoker);
        List<Violation> out = new ArrayList<>();
        for (Rule rule : rules()) {
            if (rule.appliesIn(mode) && rule.broken().test(input)) {
                out.add(rule.violation(mode, request));
            }
        }
        out.addAll(PublishRules.violations(request));
        List<Violation> userns = UserNamespaceResolver.violations(request, invoker);
        out.addAll(userns);
        if (userns.isEmpty()) { // the NAT backend follows from a user namespace that resolves
            out.addAll(PublishRules.violations(request, NetworkResolver.natBackend(request, invoker,
                    UserNamespaceResolver.resolve(request, invoker))));
        }
        return out;
    }
}
