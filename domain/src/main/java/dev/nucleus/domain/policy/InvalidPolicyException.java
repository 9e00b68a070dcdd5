package dev.nucleus.domain.policy;

import java.util.List;

/** A policy document is not valid: every problem found, not just the first. */
public final class InvalidPolicyException extends Exception {
    private final List<String> problems;

    public InvalidPolicyException(String what, List<String> problems) {
        super(what + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
