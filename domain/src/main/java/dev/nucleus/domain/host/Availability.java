package dev.nucleus.domain.host;

import java.util.Objects;

/** Whether the host can do one thing; {@code reason} says why not (empty when available). */
public record Availability(boolean available, String reason) {
    public Availability {
        Objects.requireNonNull(reason, "reason");
        if (available && !reason.isEmpty()) {
            throw new IllegalArgumentException("an available feature carries no reason");
        }
        if (!available && reason.isBlank()) {
            throw new IllegalArgumentException("an unavailable feature must say why");
        }
    }

    public static Availability yes() {
        return new Availability(true, "");
    }

    public static Availability no(String reason) {
        return new Availability(false, reason);
    }
}
