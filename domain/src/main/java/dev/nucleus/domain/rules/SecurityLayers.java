package dev.nucleus.domain.rules;

import dev.nucleus.domain.host.HostCapabilities;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides, from what the host offers and what the mode demands, which confinement layers are
 * applied: both, or the mode allows going on without one (with a warning), or the launch stops.
 *
 * @param seccomp     install the seccomp filter
 * @param landlockAbi the Landlock ABI to use; 0 = none
 * @param warnings    what is weaker than asked, for the event stream and stderr
 * @param fatal       why the launch must not start; empty = it may
 */
public record SecurityLayers(boolean seccomp, int landlockAbi, List<String> warnings, List<String> fatal) {
    public SecurityLayers {
        warnings = List.copyOf(warnings);
        fatal = List.copyOf(fatal);
    }

    public static SecurityLayers decide(Enforcement enforcement, HostCapabilities host) {
        List<String> missing = new ArrayList<>();
        boolean seccomp = host.seccomp().filtersAvailable();
        if (!seccomp) {
            missing.add("seccomp filters are unavailable (" + host.seccomp().reason() + ")");
        }
        int abi = host.landlock().available() ? host.landlock().abi() : 0;
        LandlockRequirement need = enforcement.landlock();
        if (!need.satisfiedBy(abi)) {
            missing.add(abi == 0 ? "Landlock is unavailable (" + host.landlock().reason() + ")"
                    : "Landlock ABI " + abi + " is below the " + need.minimumAbi() + " this mode requires");
        }
        if (missing.isEmpty()) {
            return new SecurityLayers(true, abi, List.of(), List.of());
        }
        if (enforcement.securityLayerFailure() == FailureAction.WARN) {
            List<String> warnings = missing.stream()
                    .map(m -> m + "; running without it because of --allow-degraded-security").toList();
            return new SecurityLayers(seccomp, abi, warnings, List.of());
        }
        return new SecurityLayers(seccomp, abi, List.of(), missing);
    }
}
