package dev.nucleus.domain.mode;

import dev.nucleus.domain.value.CliChoice;
import dev.nucleus.domain.value.Lists;

import java.util.List;
import java.util.Optional;

/** The three service modes. Agent is the default; strict-agent has the alias {@code mitos-agent}. */
public enum ServiceMode implements CliChoice {
    AGENT, STRICT_AGENT, PRODUCTION;

    @Override
    public List<String> aliases() {
        return this == STRICT_AGENT ? List.of("mitos-agent") : List.of();
    }

    /** Looks a mode up by its name or an alias, case-insensitively. */
    public static Optional<ServiceMode> byName(String name) {
        for (ServiceMode m : values()) {
            if (m.cliName().equalsIgnoreCase(name) || Lists.anyMatch(m.aliases(), a -> a.equalsIgnoreCase(name))) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** True for the modes whose isolation setup must fail closed. */
    public boolean failsClosed() {
        return this != AGENT;
    }
}
