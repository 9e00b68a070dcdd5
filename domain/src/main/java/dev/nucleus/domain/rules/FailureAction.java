package dev.nucleus.domain.rules;

/** What happens when an isolation layer cannot be set up: warn and go on, or stop (exit 125, clean up). */
public enum FailureAction {
    WARN, FATAL;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
