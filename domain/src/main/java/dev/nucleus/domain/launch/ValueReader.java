package dev.nucleus.domain.launch;

import dev.nucleus.domain.value.CliChoice;
import dev.nucleus.domain.value.HostPath;
import dev.nucleus.domain.value.InvalidValueException;
import dev.nucleus.domain.value.Numbers;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads typed values out of a {@link RawLaunchRequest}, collecting a {@link Problem} for each bad
 * value instead of stopping at the first, so the caller can report them all.
 */
final class ValueReader {
    /** Parses one text value; throws with a message describing what was expected. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(String text) throws InvalidValueException;
    }

    private final RawLaunchRequest raw;
    private final List<Problem> problems = new ArrayList<>();

    ValueReader(RawLaunchRequest raw) {
        this.raw = raw;
    }

    List<Problem> problems() {
        return problems;
    }

    void problem(String subject, String message) {
        problems.add(new Problem(subject, message));
    }

    /** A problem with {@code option}, named as the request names it. */
    void problem(LaunchOption option, String message) {
        problem(raw.subject(option), message);
    }

    boolean flag(LaunchOption option) {
        return value(option, Numbers::parseBoolean).orElse(false);
    }

    <T> Optional<T> value(LaunchOption option, Parser<T> parser) {
        List<String> values = raw.get(option);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            problem(raw.subject(option), "given " + values.size() + " times; it takes one value");
            return Optional.empty();
        }
        return parseOne(option, values.getFirst(), parser);
    }

    <T> T value(LaunchOption option, Parser<T> parser, T fallback) {
        return value(option, parser).orElse(fallback);
    }

    /*
     * The common kinds of value, each read through one parser here rather than a lambda at each
     * option: every lambda call site is a class of its own, which the JVM loads from its AOT cache
     * at every start (some 5 µs each, cold).
     */

    /** One of an enum's command-line names ({@link CliChoice}). */
    <E extends Enum<E> & CliChoice> Optional<E> choice(LaunchOption option, E[] choices) {
        return value(option, t -> CliChoice.parse(choices, t));
    }

    <E extends Enum<E> & CliChoice> E choice(LaunchOption option, E[] choices, E fallback) {
        return choice(option, choices).orElse(fallback);
    }

    /** A host path ({@link HostPath}). */
    Optional<HostPath> path(LaunchOption option) {
        return value(option, HostPath::parse);
    }

    /** A whole number in [min, max]. */
    long number(LaunchOption option, long min, long max, long fallback) {
        return value(option, t -> Numbers.parseLong(t, min, max)).orElse(fallback);
    }

    <T> List<T> list(LaunchOption option, Parser<T> parser) {
        List<T> out = new ArrayList<>();
        for (String text : raw.get(option)) {
            parseOne(option, text, parser).ifPresent(out::add);
        }
        return List.copyOf(out);
    }

    private <T> Optional<T> parseOne(LaunchOption option, String text, Parser<T> parser) {
        try {
            return Optional.of(parser.parse(text));
        } catch (InvalidValueException e) {
            problem(raw.subject(option), "invalid value '" + shown(option, text) + "': " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Environment values may be secrets: only the key is ever echoed back. */
    private static String shown(LaunchOption option, String text) {
        if (option == LaunchOption.ENV) {
            int eq = text.indexOf('=');
            return eq < 0 ? "<redacted>" : text.substring(0, eq) + "=<redacted>";
        }
        return text;
    }
}
