package dev.nucleus.domain.value;

/**
 * A value that does not fit its type. The message says what was expected; the caller adds which
 * flag or key the value came from.
 */
public final class InvalidValueException extends Exception {
    public InvalidValueException(String expectation) {
        super(expectation, null, false, false);
    }
}
