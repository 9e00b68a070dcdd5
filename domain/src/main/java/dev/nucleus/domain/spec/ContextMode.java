package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.CliChoice;

/** How the context directory reaches /context: a filtered copy or a read-only bind. */
public enum ContextMode implements CliChoice {
    COPY("copy"),
    BIND("bind");

    private final String cliName;

    ContextMode(String cliName) {
        this.cliName = cliName;
    }

    @Override
    public String cliName() {
        return cliName;
    }

    @Override
    public String toString() {
        return cliName;
    }
}
