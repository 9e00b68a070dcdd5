package dev.nucleus.domain.value;

/**
 * A {@code SOURCE:DEST} pair where DEST stays as written: secrets and systemd credentials take an
 * absolute destination, provider configs one relative to the home directory.
 */
public record SourceTarget(String source, String target) {
    public static SourceTarget parse(String text) throws InvalidValueException {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new InvalidValueException("expected SOURCE:DEST");
        }
        if (text.indexOf('\0') >= 0) {
            throw new InvalidValueException("contains a NUL byte");
        }
        return new SourceTarget(text.substring(0, colon), text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return source + ":" + target;
    }
}
