package dev.nucleus.domain.value;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An enum chosen on the command line by a kebab-case name derived from the constant
 * ({@code GVISOR_HOST} is {@code gvisor-host}), plus optional aliases.
 */
public interface CliChoice {
    /** Implemented by every enum constant. */
    String name();

    default String cliName() {
        return AsciiText.lowerCase(name()).replace('_', '-');
    }

    default List<String> aliases() {
        return List.of();
    }

    /** Case-insensitive lookup by name or alias; the error lists every accepted name. */
    static <E extends Enum<E> & CliChoice> E parse(E[] values, String text) throws InvalidValueException {
        for (E e : values) {
            if (e.cliName().equalsIgnoreCase(text) || Lists.anyMatch(e.aliases(), a -> a.equalsIgnoreCase(text))) {
                return e;
            }
        }
        throw new InvalidValueException("expected one of " + names(values));
    }

    static <E extends Enum<E> & CliChoice> String names(E[] values) {
        return Arrays.stream(values).map(CliChoice::cliName).collect(Collectors.joining(", "));
    }
}
