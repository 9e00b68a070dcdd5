package dev.nucleus.domain.lifecycle;

import java.util.List;

/**
 * Finds the container a user means: an exact id, else a unique name, else a unique id prefix.
 * Anything else (no match, or several) is refused with what matched.
 */
public final class ContainerLookup {
    /** The reference matched no container, or more than one. */
    public static final class NotFound extends Exception {
        public NotFound(String message) {
            super(message);
        }
    }

    private ContainerLookup() {
    }

    public static ContainerState find(List<ContainerState> states, String reference) throws NotFound {
        for (ContainerState s : states) {
            if (s.facts().id().equals(reference)) {
                return s;
            }
        }
        List<ContainerState> named = states.stream().filter(s -> s.facts().name().equals(reference)).toList();
        if (named.size() == 1) {
            return named.getFirst();
        }
        if (named.size() > 1) {
            throw ambiguous(reference, named);
        }
        List<ContainerState> prefixed = states.stream().filter(s -> s.facts().id().startsWith(reference)).toList();
        if (prefixed.size() == 1) {
            return prefixed.getFirst();
        }
        if (prefixed.size() > 1) {
            throw ambiguous(reference, prefixed);
        }
        throw new NotFound("no container '" + reference + "' (an id, a unique id prefix or a name)");
    }

    private static NotFound ambiguous(String reference, List<ContainerState> matches) {
        return new NotFound("'" + reference + "' matches " + matches.size() + " containers ("
                + String.join(", ", matches.stream().map(s -> s.facts().shortId()).toList())
                + "); give more of the id");
    }
}
