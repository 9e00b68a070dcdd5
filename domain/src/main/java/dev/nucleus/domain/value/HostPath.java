package dev.nucleus.domain.value;

/**
 * A path on the host as the user wrote it. It may be relative; the adapter canonicalises it before
 * use, and policy checks run again on the canonical form. Here it is only checked to be well formed.
 */
public record HostPath(String path) {
    public static HostPath parse(String text) throws InvalidValueException {
        if (text.isBlank()) {
            throw new InvalidValueException("expected a path");
        }
        if (text.indexOf('\0') >= 0) {
            throw new InvalidValueException("path contains a NUL byte");
        }
        return new HostPath(text);
    }

    public boolean isAbsolute() {
        return path.startsWith("/");
    }

    @Override
    public String toString() {
        return path;
    }
}
