package dev.nucleus.domain.rules;

import static dev.nucleus.domain.rules.Rule.ALL_MODES;
import static dev.nucleus.domain.value.Lists.anyMatch;

import dev.nucleus.domain.net.BrokerEnvironment;
import dev.nucleus.domain.spec.Health;
import dev.nucleus.domain.spec.Identity;
import dev.nucleus.domain.spec.LaunchRequest;
import dev.nucleus.domain.spec.NetworkMode;
import dev.nucleus.domain.spec.Readiness;
import dev.nucleus.domain.spec.RootfsMode;
import dev.nucleus.domain.spec.RuntimeKind;
import dev.nucleus.domain.spec.Secret;
import dev.nucleus.domain.spec.SeccompMode;
import dev.nucleus.domain.spec.UsernsMode;
import dev.nucleus.domain.spec.Workload;
import dev.nucleus.domain.value.ContainerPath;
import dev.nucleus.domain.value.Endpoint;
import dev.nucleus.domain.value.EnvVar;
import dev.nucleus.domain.value.IdMapping;

import java.util.List;

/** Rules that hold in every mode: options that contradict each other or a fixed path policy. */
public final class ConsistencyRules {
    /** Supplementary groups the isolation plan carries (the kernel takes 65536). */
    static final int MAX_GROUPS = 4096;
    static final int MAX_MAP_EXTENTS = 340;

    private ConsistencyRules() {
    }

    public static final List<Rule> RULES = List.of(
            Rule.of("seccomp-trace-native-only", ALL_MODES,
                    r -> r.security().seccomp().mode() == SeccompMode.TRACE && r.runtime().kind() == RuntimeKind.GVISOR,
                    "--seccomp-mode trace works on the native runtime only (gVisor does not use the host's seccomp log)",
                    "remove --seccomp-mode trace, or use --runtime native"),
            Rule.of("seccomp-trace-needs-log", ALL_MODES,
                    r -> r.security().seccomp().mode() == SeccompMode.TRACE && r.security().seccomp().traceLog().isEmpty(),
                    "--seccomp-mode trace needs somewhere to write the syscall log",
                    "add --seccomp-log FILE"),
            Rule.of("seccomp-trace-no-profile", ALL_MODES,
                    r -> r.security().seccomp().mode() == SeccompMode.TRACE
                            && (r.security().seccomp().profile().isPresent()
                            || !r.security().seccomp().extraSyscalls().isEmpty()
                            || r.security().seccomp().logDenied()),
                    "--seccomp-mode trace records every syscall under its own filter, which denies none; a profile,"
                            + " --seccomp-allow or --seccomp-log-denied would do nothing",
                    "remove --seccomp-profile, --seccomp-allow and --seccomp-log-denied while tracing"),
            Rule.of("seccomp-log-needs-trace", ALL_MODES,
                    r -> r.security().seccomp().mode() != SeccompMode.TRACE && r.security().seccomp().traceLog().isPresent(),
                    "--seccomp-log is only written in trace mode",
                    "add --seccomp-mode trace, or remove --seccomp-log"),
            Rule.of("overlay-native-only", ALL_MODES,
                    r -> r.filesystem().rootfs().mode() == RootfsMode.OVERLAY && r.runtime().kind() == RuntimeKind.GVISOR,
                    "--rootfs-mode overlay works on the native runtime only",
                    "remove --rootfs-mode overlay, or use --runtime native"),
            Rule.of("bundle-needs-gvisor", ALL_MODES,
                    r -> r.runtime().bundle().isPresent() && r.runtime().kind() != RuntimeKind.GVISOR,
                    "--bundle is only used by the gVisor runtime",
                    "add --runtime gvisor, or remove --bundle"),
            Rule.of("gvisor-platform-needs-gvisor", ALL_MODES,
                    r -> r.runtime().gvisorPlatform().isPresent() && r.runtime().kind() != RuntimeKind.GVISOR,
                    "--gvisor-platform is only used by the gVisor runtime",
                    "add --runtime gvisor, or remove --gvisor-platform"),
            Rule.of("publish-needs-bridge", ALL_MODES,
                    r -> !r.network().publish().isEmpty() && r.network().mode() != NetworkMode.BRIDGE,
                    "-p/--publish forwards ports into a bridged container only",
                    "add --network bridge"),
            Rule.of("bridge-options-need-bridge", ALL_MODES, ConsistencyRules::bridgeOptionsWithoutBridge,
                    "--bridge, --bridge-subnet and --nat-backend configure a bridged network, and there is none",
                    "add --network bridge, or drop them"),
            Rule.of("health-options-need-health-cmd", ALL_MODES, r -> r.health().command().isEmpty()
                            && (r.health().intervalSeconds() != Health.DEFAULT_INTERVAL
                            || r.health().retries() != Health.DEFAULT_RETRIES
                            || r.health().startPeriodSeconds() != Health.DEFAULT_START_PERIOD
                            || r.health().timeoutSeconds() != Health.DEFAULT_TIMEOUT
                            && r.health().readiness().kind() != Readiness.Kind.EXEC),
                    "--health-interval, --health-retries and --health-start-period pace a health check, and there is"
                            + " none (--health-timeout also bounds a --readiness-exec command, and there is none either)",
                    "add --health-cmd, or drop them"),
            Rule.of("egress-needs-bridge", ALL_MODES,
                    r -> (!r.network().egress().isEmpty() || r.network().credentialBroker().isPresent())
                            && (r.network().mode() == NetworkMode.NONE || r.network().mode() == NetworkMode.HOST),
                    "egress policy applies to a bridged container's network namespace",
                    "add --network bridge"),
            Rule.of("egress-ports-need-destinations", ALL_MODES,
                    r -> !r.network().egress().hasDestinations()
                            && !(r.network().egress().tcpPorts().isEmpty() && r.network().egress().udpPorts().isEmpty()),
                    "--egress-tcp-port/--egress-udp-port restrict allowed destinations, but none are given",
                    "add --egress-allow CIDR or --egress-domain NAME"),
            Rule.of("broker-exclusive", ALL_MODES,
                    r -> r.network().credentialBroker().isPresent() && !r.network().egress().isEmpty(),
                    "--credential-broker means broker-only egress and cannot be combined with --egress-* options",
                    "remove the --egress-* options, or the broker"),
            Rule.of("broker-address", ALL_MODES,
                    r -> r.network().credentialBroker().map(ConsistencyRules::unusableBroker).orElse(false),
                    "the credential broker address must be a unicast address (not loopback, 0.0.0.0 or multicast)",
                    "use the bridge gateway address, e.g. --credential-broker 10.0.42.1:8080"),
            Rule.of("home-overlaps-workspace", ALL_MODES,
                    r -> r.filesystem().home().overlaps(path("/workspace")),
                    "--home must not overlap /workspace",
                    "choose a home such as /home/agent"),
            Rule.of("home-destination-reserved", ALL_MODES, r -> PathPolicy.reservedDestination(r.filesystem().home())
                            || r.filesystem().home().overlaps(path("/tmp")) || r.filesystem().home().overlaps(path("/context")),
                    "--home is a system path the home's tmpfs would hide or fail on (/bin, /boot, /dev, /etc, /lib,"
                            + " /lib64, /nix, /proc, /run/secrets, /sbin, /sys, /usr, or /), or overlaps /tmp or /context",
                    "choose a home such as /home/agent")
                    .naming(r -> r.filesystem().home().path()),
            Rule.of("workload-arguments-too-long", ALL_MODES, ConsistencyRules::argumentsPastTheKernelsBounds,
                    "an argument or environment entry of the workload is longer than the kernel takes ("
                            + Workload.MAX_ARG_BYTES + " bytes, MAX_ARG_STRLEN), or there are more than "
                            + Workload.MAX_ARGS + " of either",
                    "pass the data in a file (--context, --volume or --env-fd for the environment's values)"),
            Rule.of("additional-groups-limit", ALL_MODES, r -> r.identity().additionalGroups().size() > MAX_GROUPS,
                    "more than " + MAX_GROUPS + " --additional-group",
                    "give at most " + MAX_GROUPS),
            Rule.of("readiness-tcp-needs-network", ALL_MODES,
                    r -> r.health().readiness().kind() == Readiness.Kind.TCP
                            && r.network().mode() == NetworkMode.NONE && r.runtime().kind() == RuntimeKind.NATIVE
                            && r.security().seccomp().profile().isEmpty(),
                    "--readiness-tcp with --network none: the default seccomp filter lets the workload open only"
                            + " AF_UNIX sockets there, so nothing can listen on the port it probes",
                    "use --network bridge or host, --readiness-exec, or a --seccomp-profile that allows it"),
            Rule.of("swap-needs-memory", ALL_MODES, r -> r.resources().swap() && r.resources().memory().isEmpty(),
                    "--swap lifts the swap limit that --memory sets, and no --memory is given",
                    "add --memory SIZE, or drop --swap"),
            Rule.of("numeric-user-needs-group", ALL_MODES,
                    r -> r.identity().user().filter(Identity::isNumeric).isPresent() && r.identity().group().isEmpty(),
                    "a numeric --user has no group to take from the user database",
                    "add --group GID"),
            Rule.of("uidmap-needs-gidmap", ALL_MODES,
                    r -> r.userNamespace().uidMap().isEmpty() != r.userNamespace().gidMap().isEmpty(),
                    "--uidmap and --gidmap must be given together",
                    "add the missing --uidmap or --gidmap"),
            Rule.of("userns-mode-with-maps", ALL_MODES,
                    r -> r.userNamespace().mode() != UsernsMode.NOMAP
                            && !(r.userNamespace().uidMap().isEmpty() && r.userNamespace().gidMap().isEmpty()),
                    "--userns keep-id or auto and --uidmap/--gidmap both say how ids map (the explicit maps"
                            + " would silently win)",
                    "give --userns keep-id or auto, or the explicit maps, not both"),
            Rule.of("id-map-too-large", ALL_MODES,
                    r -> tooLargeForTheKernel(r.userNamespace().uidMap()) || tooLargeForTheKernel(r.userNamespace().gidMap()),
                    "a --uidmap or --gidmap has more ranges than the kernel takes: at most " + MAX_MAP_EXTENTS
                            + ", written in one write of less than 4096 bytes (\"C H N\" lines)",
                    "merge adjacent ranges into fewer, larger ones"),
            Rule.of("id-maps-overlap", ALL_MODES,
                    r -> overlap(r.userNamespace().uidMap()) || overlap(r.userNamespace().gidMap()),
                    "two ranges of one --uidmap or --gidmap overlap, inside the container or on the host (the kernel"
                            + " refuses such a map)",
                    "make the ranges disjoint on both sides"),
            Rule.of("additional-groups-single-id-userns", ALL_MODES,
                    r -> !r.identity().additionalGroups().isEmpty() && r.userNamespace().requested()
                            && r.userNamespace().mode() == UsernsMode.NOMAP && r.userNamespace().gidMap().isEmpty(),
                    "supplementary groups cannot exist in a rootless user namespace that maps only container root",
                    "use --userns auto or explicit --uidmap/--gidmap, or drop --additional-group"),
            Rule.of("volume-source-denied", ALL_MODES, r -> anyMatch(r.filesystem().volumes(),
                            v -> PathPolicy.deniedBindSource(v.source().path())),
                    "a volume source is a protected host path (/, /boot, /dev, /etc, /home, /proc, /root, /run, /sys, /var/log, /var/run)",
                    "bind a dedicated directory instead"),
            Rule.of("volume-destination-reserved", ALL_MODES, r -> anyMatch(r.filesystem().volumes(),
                            v -> PathPolicy.reservedDestination(v.destination()))
                            || anyMatch(r.filesystem().tmpfs(), t -> PathPolicy.reservedDestination(t.destination())),
                    "a volume destination is reserved (/bin, /boot, /dev, /etc, /lib, /lib64, /nix, /proc, /run/secrets, /sbin, /sys, /usr)",
                    "mount it somewhere else, e.g. /data"),
            Rule.of("secret-destination-reserved", ALL_MODES, r -> anyMatch(r.filesystem().secrets(),
                            ConsistencyRules::reservedSecretDestination),
                    "a secret destination is a system path the container cannot take a file at (/bin, /boot, /dev, /lib,"
                            + " /lib64, /nix, /proc, /sbin, /sys, /usr, /, or the directories /etc and /run/secrets themselves)",
                    "put it beneath /run/secrets, /etc or a directory of your own")
                    .naming(r -> r.filesystem().secrets().stream().filter(ConsistencyRules::reservedSecretDestination)
                            .map(s -> s.destination().path()).distinct().collect(java.util.stream.Collectors.joining(", "))),
            Rule.of("secret-destination-broker-token", ALL_MODES, r -> r.runtime().kind() == RuntimeKind.GVISOR
                            && r.network().credentialBroker().isPresent() && anyMatch(r.filesystem().secrets(),
                            s -> s.destination().path().equals(BrokerEnvironment.TOKEN_PATH)),
                    "with --runtime gvisor, --credential-broker's token is the file " + BrokerEnvironment.TOKEN_PATH
                            + "; a --secret cannot take its place",
                    "choose another destination for the secret"),
            Rule.of("provider-config-outside-home", ALL_MODES, r -> anyMatch(r.filesystem().providerConfigs(),
                            p -> !r.filesystem().home().contains(p.destination())
                                    || p.destination().equals(r.filesystem().home())),
                    "a provider config must be mounted beneath the home directory",
                    "use a DEST relative to the home, such as .aws"));

    /** The kernel's bounds on /proc/PID/uid_map: UID_GID_MAP_MAX_EXTENTS lines, in under a page. */
    private static boolean tooLargeForTheKernel(List<IdMapping> map) {
        if (map.size() > MAX_MAP_EXTENTS) {
            return true;
        }
        long bytes = 0;
        for (IdMapping m : map) {
            bytes += Long.toString(m.containerId()).length() + Long.toString(m.hostId()).length()
                    + Long.toString(m.count()).length() + 3;
        }
        return bytes >= 4096;
    }

    /**
     * Each argument and each KEY=VALUE at most MAX_ARG_STRLEN bytes (UTF-8), and at most MAX_ARGS of
     * each: past those execve fails with E2BIG (and the isolation plan cannot carry them).
     */
    private static boolean argumentsPastTheKernelsBounds(LaunchRequest r) {
        Workload w = r.workload();
        if (w.command().size() > Workload.MAX_ARGS || w.env().size() > Workload.MAX_ARGS) {
            return true;
        }
        for (String arg : w.command()) {
            if (utf8Longer(arg, Workload.MAX_ARG_BYTES)) {
                return true;
            }
        }
        for (EnvVar e : w.env()) { // KEY=VALUE, its key ASCII: no string built for it on every launch
            if (utf8Longer(e.value(), Workload.MAX_ARG_BYTES - e.key().length() - 1)) {
                return true;
            }
        }
        return false;
    }

    /** Over max UTF-8 bytes; a char is at most 3 of them, so most strings are decided without encoding. */
    private static boolean utf8Longer(String s, int max) {
        return s.length() > max || s.length() * 3L > max
                && s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > max;
    }

    /**
     * Secrets belong in /run/secrets (reserved for them) and may go to /etc; not to other system
     * paths, nor to those two directories themselves (a file where the layout makes a directory).
     */
    private static boolean reservedSecretDestination(Secret s) {
        ContainerPath dest = s.destination();
        return PathPolicy.reservedDestination(dest) && !strictlyBeneath("/run/secrets", dest)
                && !strictlyBeneath("/etc", dest);
    }

    private static boolean strictlyBeneath(String dir, ContainerPath dest) {
        return path(dir).contains(dest) && !dest.path().equals(dir);
    }

    /**
     * Bridge settings with no bridge: --network none or host have no NAT or bridge of their own.
     * (--dns is not one: it writes resolv.conf whatever the network.)
     */
    private static boolean bridgeOptionsWithoutBridge(dev.nucleus.domain.spec.LaunchRequest r) {
        NetworkMode mode = r.network().mode();
        if (mode != NetworkMode.NONE && mode != NetworkMode.HOST) {
            return false;
        }
        // By name and text, not the records' equals: its bootstrap spins classes on every start.
        dev.nucleus.domain.spec.BridgeSettings asked = r.network().bridge();
        dev.nucleus.domain.spec.BridgeSettings unset = dev.nucleus.domain.spec.BridgeSettings.defaults();
        return r.network().natBackend() != dev.nucleus.domain.spec.NatBackend.AUTO
                || !asked.name().equals(unset.name())
                || !asked.subnet().toString().equals(unset.subnet().toString());
    }

    private static boolean overlap(List<IdMapping> maps) {
        for (int i = 0; i < maps.size(); i++) {
            for (int j = i + 1; j < maps.size(); j++) {
                IdMapping a = maps.get(i);
                IdMapping b = maps.get(j);
                if (intersect(a.containerId(), b.containerId(), a.count(), b.count())
                        || intersect(a.hostId(), b.hostId(), a.count(), b.count())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean intersect(long startA, long startB, long countA, long countB) {
        return startA < startB + countB && startB < startA + countA;
    }

    private static boolean unusableBroker(Endpoint e) {
        return e.address().isLoopback() || e.address().isUnspecified() || e.address().isMulticast();
    }

    private static ContainerPath path(String p) {
        return new ContainerPath(p);
    }
}
