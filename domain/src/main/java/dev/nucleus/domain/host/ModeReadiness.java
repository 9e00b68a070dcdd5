package dev.nucleus.domain.host;

import dev.nucleus.domain.mode.ServiceMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides, for each service mode, whether the native runtime can enforce it fail-closed on a
 * host, listing every reason it cannot (never just the first).
 */
public final class ModeReadiness {
    /** A Landlock access right a mode's default rules rely on, and the ABI that added it. */
    private record LandlockRight(String name, int abi) {
    }

    private static final LandlockRight FILESYSTEM = new LandlockRight("filesystem access rules", 1);
    private static final LandlockRight REFER = new LandlockRight("refer", 2);
    private static final LandlockRight TRUNCATE = new LandlockRight("truncate", 3);
    private static final LandlockRight IOCTL_DEV = new LandlockRight("ioctl_dev", 5);

    private static final List<LandlockRight> AGENT_RIGHTS = List.of(FILESYSTEM);
    private static final List<LandlockRight> STRICT_AGENT_RIGHTS = List.of(FILESYSTEM, REFER, TRUNCATE, IOCTL_DEV);
    private static final List<LandlockRight> PRODUCTION_RIGHTS = List.of(FILESYSTEM, REFER, TRUNCATE);

    private ModeReadiness() {
    }

    /**
     * Whether {@link #evaluate} reads the host's namespace answers for {@code mode} (strict-agent
     * started as root needs a user namespace): a launch of another mode may leave them unprobed.
     */
    public static boolean readsNamespaces(ServiceMode mode) {
        return mode == ServiceMode.STRICT_AGENT;
    }

    /** Readiness of every mode, in declaration order. */
    public static List<Readiness> evaluateAll(HostCapabilities host) {
        List<Readiness> all = new ArrayList<>();
        for (ServiceMode mode : ServiceMode.values()) {
            all.add(evaluate(mode, host));
        }
        return List.copyOf(all);
    }

    public static Readiness evaluate(ServiceMode mode, HostCapabilities host) {
        List<String> reasons = new ArrayList<>();
        seccomp(host, reasons);
        switch (mode) {
            case AGENT -> {
                landlock(host, AGENT_RIGHTS, "agent", reasons);
                return new Readiness(mode, reasons, reasons.isEmpty() ? Optional.empty()
                        : Optional.of("agent mode can still run with --allow-degraded-security,"
                                + " without the missing isolation layers"));
            }
            case STRICT_AGENT -> {
                landlock(host, STRICT_AGENT_RIGHTS, "strict-agent", reasons);
                if (host.root() && !host.userNamespaces().available()) {
                    reasons.add("user namespaces cannot be created (" + host.userNamespaces().reason()
                            + "); strict-agent started as root remaps uid 0 to 100000:65536 in one");
                }
                controllers(host, "strict-agent", reasons, "memory", "pids");
            }
            case PRODUCTION -> {
                landlock(host, PRODUCTION_RIGHTS, "production", reasons);
                controllers(host, "production", reasons, "memory", "cpu", "pids");
            }
        }
        return new Readiness(mode, reasons, Optional.empty());
    }

    private static void seccomp(HostCapabilities host, List<String> reasons) {
        if (!host.seccomp().filtersAvailable()) {
            reasons.add("seccomp filters are not available (" + host.seccomp().reason() + ")");
        }
    }

    private static void landlock(HostCapabilities host, List<LandlockRight> rights, String mode, List<String> reasons) {
        LandlockSupport landlock = host.landlock();
        int wanted = rights.stream().mapToInt(LandlockRight::abi).max().orElse(0);
        if (landlock.abi() >= wanted) {
            return;
        }
        if (!landlock.available()) {
            reasons.add("Landlock is not available (" + landlock.reason() + "); " + mode
                    + " needs Landlock ABI >= " + wanted);
            return;
        }
        List<String> missing = rights.stream().filter(r -> r.abi() > landlock.abi()).map(LandlockRight::name).toList();
        reasons.add("Landlock ABI " + landlock.abi() + " < " + wanted + ": the kernel cannot enforce "
                + String.join(", ", missing) + " of " + mode + "'s default rules");
    }

    private static void controllers(HostCapabilities host, String mode, List<String> reasons, String... names) {
        for (String name : names) {
            if (!host.cgroups().usable(name)) {
                reasons.add("cgroup controller '" + name + "' is not usable (neither v1 nor v2); "
                        + mode + " treats cgroup failures as fatal");
            }
        }
    }
}
