package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.CliChoice;

/** The runsc platform; when none is given the best one this host supports is probed. */
public enum GvisorPlatform implements CliChoice {
    SYSTRAP, KVM, PTRACE
}
