package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.CliChoice;

/** Enforce the seccomp filter, or only log every syscall for profile generation. */
public enum SeccompMode implements CliChoice {
    ENFORCE, TRACE
}
