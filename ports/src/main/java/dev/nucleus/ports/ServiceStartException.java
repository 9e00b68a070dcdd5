package dev.nucleus.ports;

/**
 * A service of a topology did not start: its launch was refused (status 2) or failed (125). The
 * launch's own messages have been reported already; this one names the service.
 */
public class ServiceStartException extends Exception {
    private final int status;

    public ServiceStartException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The exit status of the launch that failed. */
    public int status() {
        return status;
    }
}
