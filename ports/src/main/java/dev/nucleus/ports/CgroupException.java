package dev.nucleus.ports;

import java.util.Optional;

/**
 * A cgroup could not be created, configured, joined or removed. The message names the file (or
 * directory) and the kernel's reason, for example
 * {@code write /sys/fs/cgroup/memory/nucleus/web/memory.limit_in_bytes = "1": Device or resource busy}.
 * When a requested limit needs a controller this host does not offer to us, {@link #controller()}
 * names it, so the caller (the mode) can decide between a warning and a failure.
 */
public class CgroupException extends Exception {
    private final String controller;

    public CgroupException(String message) {
        this(message, null, null);
    }

    public CgroupException(String message, Throwable cause) {
        this(message, null, cause);
    }

    private CgroupException(String message, String controller, Throwable cause) {
        super(message, cause);
        this.controller = controller;
    }

    /** A limit was requested whose controller is not mounted or not writable for us. */
    public static CgroupException controllerUnavailable(String controller, String limit, String why) {
        return new CgroupException("cgroup controller '" + controller + "' is not usable (" + why + "), so "
                + limit + " cannot be enforced", controller, null);
    }

    /** The controller a requested limit needed but could not get, if that is what failed. */
    public Optional<String> controller() {
        return Optional.ofNullable(controller);
    }
}
