package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.CliChoice;

/** How a rootless user namespace maps ids. */
public enum UsernsMode implements CliChoice {
    NOMAP, KEEP_ID, AUTO
}
