package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.CliChoice;

/** The kernel lockdown level the host must be at (integrity is also met by confidentiality). */
public enum LockdownLevel implements CliChoice {
    INTEGRITY, CONFIDENTIALITY
}
