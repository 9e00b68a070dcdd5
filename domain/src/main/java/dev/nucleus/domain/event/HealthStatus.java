package dev.nucleus.domain.event;

import dev.nucleus.domain.value.AsciiText;

/** What a container's health check says: still in its start period, passing, or failed too often. */
public enum HealthStatus {
    STARTING, HEALTHY, UNHEALTHY;

    public String cliName() {
        return AsciiText.lowerCase(name());
    }
}
