package dev.nucleus.domain.mode;

import dev.nucleus.domain.value.CliChoice;

import java.util.List;
import java.util.Optional;

/** The three service modes. Agent is the default; strict-agent has the alias {@code mitos-agent}. */
public enum ServiceMode implements CliChoice {
    AGENT("agent"),
    STRICT_AGENT("strict-agent", "mitos-agent"),
    PRODUCTION("production");

    private final String cliName;
    private final List<String> aliases;

    ServiceMode(String cliName, String... aliases) {
        this.cliName = cliName;
        this.aliases = List.of(aliases);
    }

    @Override
    public String cliName() {
        return cliName;
    }

    @Override
    public List<String> aliases() {
        return aliases;
    }

    /** Looks a mode up by its name or an alias, case-insensitively. */
    public static Optional<ServiceMode> byName(String name) {
        for (ServiceMode m : values()) {
            if (m.cliName.equalsIgnoreCase(name) || m.aliases.stream().anyMatch(a -> a.equalsIgnoreCase(name))) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** True for the modes whose isolation setup must fail closed. */
    public boolean failsClosed() {
        return this != AGENT;
    }

    @Override
    public String toString() {
        return cliName;
    }
}
