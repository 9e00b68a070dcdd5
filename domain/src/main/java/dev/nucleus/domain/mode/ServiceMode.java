package dev.nucleus.domain.mode;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The three service modes. Agent is the default; strict-agent has the alias {@code mitos-agent}. */
public enum ServiceMode {
    AGENT("agent"),
    STRICT_AGENT("strict-agent", "mitos-agent"),
    PRODUCTION("production");

    private final String cliName;
    private final List<String> aliases;

    ServiceMode(String cliName, String... aliases) {
        this.cliName = cliName;
        this.aliases = List.of(aliases);
    }

    /** The name used on the command line and in config documents. */
    public String cliName() {
        return cliName;
    }

    public List<String> aliases() {
        return aliases;
    }

    /** Looks a mode up by its name or an alias, case-insensitively. */
    public static Optional<ServiceMode> byName(String name) {
        return Arrays.stream(values())
                .filter(m -> m.cliName.equalsIgnoreCase(name)
                        || m.aliases.stream().anyMatch(a -> a.equalsIgnoreCase(name)))
                .findFirst();
    }

    /** True for the modes whose isolation setup must fail closed. */
    public boolean failsClosed() {
        return this != AGENT;
    }
}
