package dev.nucleus.ports;

import java.util.List;

/** The request is valid but needs something a later issue builds (exit 125, "not implemented yet"). */
public final class NotSupportedYetException extends LaunchFailedException {
    private final List<String> missing;

    public NotSupportedYetException(List<String> missing) {
        super("not implemented yet: " + String.join("; ", missing));
        this.missing = List.copyOf(missing);
    }

    public List<String> missing() {
        return missing;
    }
}
