package dev.nucleus.domain.event;

/** What a container's health check says: still in its start period, passing, or failed too often. */
public enum HealthStatus {
    STARTING, HEALTHY, UNHEALTHY;

    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
