package dev.nucleus.linux.jni;

/**
 * A system call behind {@link NativeShim} failed, or the shim closed its control socket. The
 * message says which call failed and the errno text; {@link #errno()} is the raw errno, 0 for
 * an end of file (the shim went away).
 */
public final class NativeShimException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    public NativeShimException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    /** The errno of the failed call; 0 when the control socket reached end of file. */
    public int errno() {
        return errno;
    }
}
