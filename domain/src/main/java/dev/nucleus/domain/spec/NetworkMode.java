package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.CliChoice;

/** Network namespace setup: none (only lo), the host's, a bridge with NAT, or gVisor's host stack. */
public enum NetworkMode implements CliChoice {
    NONE, HOST, BRIDGE, GVISOR_HOST
}
