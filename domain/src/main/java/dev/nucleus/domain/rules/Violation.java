package dev.nucleus.domain.rules;

import dev.nucleus.domain.launch.Problem;

/** A broken rule: its id, what is wrong, and what to do about it. */
public record Violation(String rule, String message, String fix) {
    public Problem toProblem() {
        return new Problem("rule " + rule, message + " (fix: " + fix + ")");
    }
}
