package dev.nucleus.cli.common;

/** Bad command-line usage; reported with exit status 2. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message, null, false, false);
    }
}
