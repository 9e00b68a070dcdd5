package dev.nucleus.domain.rules;

import dev.nucleus.domain.mode.ServiceMode;
import dev.nucleus.domain.spec.LaunchRequest;

import java.util.Set;

/** The run-time half of the mode table: what each mode makes fatal and how strictly it confines. */
public final class ModeEnforcement {
    /**
     * Capabilities a production caps policy may not keep: the mode table's list plus the rest of the
     * reference's production deny list (identity changes, DAC and immutability overrides).
     */
    public static final Set<String> PRODUCTION_FORBIDDEN_CAPABILITIES = Set.of(
            "SYS_ADMIN", "SYS_MODULE", "SYS_RAWIO", "SYS_PTRACE", "DAC_READ_SEARCH", "SYS_BOOT", "BPF", "PERFMON",
            "NET_RAW", "MAC_ADMIN", "MAC_OVERRIDE", "DAC_OVERRIDE", "SYS_PACCT", "LINUX_IMMUTABLE", "SETUID",
            "SETGID", "FOWNER");

    private ModeEnforcement() {
    }

    public static Enforcement of(ServiceMode mode, LaunchRequest request) {
        boolean procReadOnly = !request.filesystem().procWritable();
        return switch (mode) {
            case AGENT -> new Enforcement(
                    request.security().allowDegradedSecurity() ? FailureAction.WARN : FailureAction.FATAL,
                    FailureAction.WARN, FailureAction.WARN,
                    new LandlockRequirement(LandlockRequirement.Kind.BEST_AVAILABLE, 1),
                    Pid1.WORKLOAD, false, procReadOnly, false, Set.of(), false);
            case STRICT_AGENT -> new Enforcement(FailureAction.FATAL, FailureAction.FATAL, FailureAction.FATAL,
                    new LandlockRequirement(LandlockRequirement.Kind.FULL_DEFAULT_RULES,
                            LandlockRequirement.FULL_DEFAULT_RULES_ABI),
                    Pid1.WORKLOAD, false, procReadOnly, false, Set.of(), false);
            case PRODUCTION -> new Enforcement(FailureAction.FATAL, FailureAction.FATAL, FailureAction.FATAL,
                    new LandlockRequirement(LandlockRequirement.Kind.MINIMUM_ABI,
                            LandlockRequirement.PRODUCTION_MINIMUM_ABI),
                    Pid1.MINI_INIT, true, procReadOnly, true, PRODUCTION_FORBIDDEN_CAPABILITIES, true);
        };
    }
}
