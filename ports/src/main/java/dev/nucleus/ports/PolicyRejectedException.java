package dev.nucleus.ports;

/**
 * A security policy the user supplied (a seccomp profile, a capability or Landlock policy file)
 * cannot be used: it does not match its pinned SHA-256, cannot be read, or is malformed
 * (exit 2, an invalid request). The message names the file and, for a malformed file, the place
 * in it.
 */
public class PolicyRejectedException extends LaunchFailedException {
    public PolicyRejectedException(String message) {
        super(message);
    }

    public PolicyRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
