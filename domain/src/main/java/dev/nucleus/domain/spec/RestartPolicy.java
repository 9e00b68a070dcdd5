package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.InvalidValueException;

/**
 * {@code --restart}: whether a detached container's supervisor starts the workload again when it
 * fails (exits non-zero, or is stopped for being unhealthy), and how often at most (0: no limit).
 * A container stopped by {@code nucleus stop} or {@code kill} is never restarted.
 */
public record RestartPolicy(boolean onFailure, int maxRetries) {
    public static final RestartPolicy NO = new RestartPolicy(false, 0);

    public static RestartPolicy parse(String text) throws InvalidValueException {
        if (text.equals("no")) {
            return NO;
        }
        if (text.equals("on-failure")) {
            return new RestartPolicy(true, 0);
        }
        if (text.startsWith("on-failure:")) {
            String n = text.substring("on-failure:".length());
            if (n.matches("[0-9]{1,6}") && Integer.parseInt(n) > 0) {
                return new RestartPolicy(true, Integer.parseInt(n));
            }
            throw new InvalidValueException("the retry limit must be a number from 1 to 999999");
        }
        throw new InvalidValueException("expected no, on-failure or on-failure:MAX");
    }

    /** Whether a workload that ended with {@code exitCode} after {@code restarts} restarts goes again. */
    public boolean restartsAfter(int exitCode, int restarts) {
        return restartsAfter(exitCode, false, restarts);
    }

    /**
     * As above, for a workload that may have been stopped for being unhealthy: that is a failure
     * whatever it exits with (one that handles SIGTERM may well exit 0).
     */
    public boolean restartsAfter(int exitCode, boolean stoppedUnhealthy, int restarts) {
        return onFailure && (exitCode != 0 || stoppedUnhealthy) && (maxRetries == 0 || restarts < maxRetries);
    }

    public String cliName() {
        return !onFailure ? "no" : maxRetries == 0 ? "on-failure" : "on-failure:" + maxRetries;
    }
}
