package dev.nucleus.domain.launch;

import java.util.List;
import java.util.stream.Collectors;

/** A request that cannot be parsed or is refused by a rule; carries every problem at once. */
public final class InvalidRequestException extends Exception {
    private final List<Problem> problems;

    public InvalidRequestException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public InvalidRequestException(Problem problem) {
        this(List.of(problem));
    }

    public List<Problem> problems() {
        return problems;
    }
}
