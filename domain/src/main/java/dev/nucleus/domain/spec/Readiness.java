package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.*;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** How readiness is decided: not at all, a command, a TCP port, or the workload's own sd_notify. */
public record Readiness(Kind kind, Optional<String> command, OptionalInt tcpPort) {
    public enum Kind { NONE, EXEC, TCP, SD_NOTIFY }

    public static Readiness none() {
        return new Readiness(Kind.NONE, Optional.empty(), OptionalInt.empty());
    }
}
