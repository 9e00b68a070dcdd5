package dev.nucleus.ports;

/**
 * Nucleus could not start or run the container (exit 125). The message says which step failed
 * and why; it never carries a secret.
 */
public class LaunchFailedException extends Exception {
    public LaunchFailedException(String message) {
        super(message);
    }

    public LaunchFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
