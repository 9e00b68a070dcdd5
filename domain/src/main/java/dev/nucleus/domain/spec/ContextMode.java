package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.CliChoice;

/** How the context directory reaches /context: a filtered copy or a read-only bind. */
public enum ContextMode implements CliChoice {
    COPY, BIND
}
