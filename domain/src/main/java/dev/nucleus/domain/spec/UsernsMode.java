package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.CliChoice;

/** How a rootless user namespace maps ids. */
public enum UsernsMode implements CliChoice {
    NOMAP("nomap"),
    KEEP_ID("keep-id"),
    AUTO("auto");

    private final String cliName;

    UsernsMode(String cliName) {
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
