package dev.nucleus.domain.lifecycle;

import dev.nucleus.domain.event.HealthStatus;

/**
 * The health state machine of {@code --health-cmd}, as Docker users know it: a container starts
 * as {@code starting}; a passing check makes it {@code healthy}; {@code retries} consecutive
 * failures make it {@code unhealthy}, except that failures within the start period do not count
 * (a slow service is not punished for starting), while a pass there counts at once.
 */
public final class HealthTracker {
    private final int retries;
    private HealthStatus status = HealthStatus.STARTING;
    private int failingStreak;

    public HealthTracker(int retries) {
        if (retries < 1) {
            throw new IllegalArgumentException("retries must be at least 1, got " + retries);
        }
        this.retries = retries;
    }

    /** Records one check; returns the status after it. Unhealthy is final: the container is stopped. */
    public HealthStatus record(boolean passed, boolean inStartPeriod) {
        if (status == HealthStatus.UNHEALTHY) {
            return status;
        }
        if (passed) {
            failingStreak = 0;
            status = HealthStatus.HEALTHY;
        } else if (!inStartPeriod) {
            failingStreak++;
            if (failingStreak >= retries) {
                status = HealthStatus.UNHEALTHY;
            }
        }
        return status;
    }

    public HealthStatus status() {
        return status;
    }

    public int failingStreak() {
        return failingStreak;
    }
}
