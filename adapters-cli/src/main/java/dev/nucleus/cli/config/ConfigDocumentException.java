package dev.nucleus.cli.config;

import dev.nucleus.domain.launch.Problem;

import java.util.List;

/** A config document that cannot be read or has bad keys or values; every problem is listed. */
public final class ConfigDocumentException extends Exception {
    private final List<Problem> problems;

    public ConfigDocumentException(List<Problem> problems) {
        super(problems.isEmpty() ? "invalid config document" : problems.getFirst().toString(), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
