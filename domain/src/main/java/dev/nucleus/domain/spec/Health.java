package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.*;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Health check and readiness; intervals in seconds. */
public record Health(Optional<String> command, long intervalSeconds, int retries, long startPeriodSeconds,
                     long timeoutSeconds, Readiness readiness, boolean sdNotify) {
    public static final long DEFAULT_TIMEOUT = 30;
    public static final long DEFAULT_INTERVAL = 30;
    public static final int DEFAULT_RETRIES = 3;
    public static final long DEFAULT_START_PERIOD = 5;
}
