package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.*;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Seccomp: an optional profile (pinned by digest), the mode, logging and extra opt-in syscalls. */
public record SeccompSettings(Optional<PolicyFile> profile, SeccompMode mode, Optional<HostPath> traceLog,
                              boolean logDenied, List<String> extraSyscalls) {
}
