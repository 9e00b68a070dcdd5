package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.CliChoice;

/** Which backend runs the workload: the kernel directly, or gVisor's application kernel. */
public enum RuntimeKind implements CliChoice {
    NATIVE, GVISOR
}
