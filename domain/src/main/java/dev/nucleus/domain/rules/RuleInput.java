package dev.nucleus.domain.rules;

import dev.nucleus.domain.spec.LaunchRequest;

/** What a rule looks at: the request and who makes it. */
public record RuleInput(LaunchRequest request, Invoker invoker) {
}
