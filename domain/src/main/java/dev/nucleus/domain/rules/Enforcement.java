package dev.nucleus.domain.rules;

import java.util.Set;

/**
 * How the chosen mode enforces isolation at run time: what is fatal, how much Landlock is needed,
 * who is PID 1, how /proc is mounted, whether mounts are audited, and what policy files may not grant.
 */
public record Enforcement(FailureAction securityLayerFailure, FailureAction cgroupFailure,
                          FailureAction networkSetupFailure, LandlockRequirement landlock, Pid1 pid1,
                          boolean procHidepid, boolean procReadOnly, boolean mountAudit,
                          Set<String> forbiddenCapabilities, boolean forbidLandlockWriteExecute) {
    public Enforcement {
        forbiddenCapabilities = Set.copyOf(forbiddenCapabilities);
    }
}
