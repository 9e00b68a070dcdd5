package dev.nucleus.domain.rules;

import static dev.nucleus.domain.rules.Rule.AGENT_ONLY;
import static dev.nucleus.domain.rules.Rule.ALL_MODES;
import static dev.nucleus.domain.rules.Rule.PRODUCTION_ONLY;
import static dev.nucleus.domain.rules.Rule.STRICT_MODES;
import static dev.nucleus.domain.value.Lists.anyMatch;

import dev.nucleus.domain.seccomp.SeccompOptIn;
import dev.nucleus.domain.spec.LaunchRequest;
import dev.nucleus.domain.spec.NetworkMode;
import dev.nucleus.domain.spec.RootfsMode;
import dev.nucleus.domain.spec.RootfsSource;
import dev.nucleus.domain.spec.RuntimeKind;
import dev.nucleus.domain.spec.SeccompMode;
import dev.nucleus.domain.spec.TrustLevel;
import dev.nucleus.domain.value.EnvVar;

import java.util.List;

/**
 * The forbid/require rows of the service-mode table. Each rule is checked in the modes it names;
 * the table-driven test exercises every rule on both its accepted and refused side in every mode.
 */
public final class ModeTableRules {
    private ModeTableRules() {
    }

    public static final List<Rule> RULES = List.of(
            Rule.of("degraded-security-forbidden", STRICT_MODES, r -> r.security().allowDegradedSecurity(),
                    "--allow-degraded-security is forbidden: this mode fails closed",
                    "remove --allow-degraded-security, or use --service-mode agent"),
            Rule.of("chroot-fallback-forbidden", STRICT_MODES, r -> r.security().allowChrootFallback(),
                    "--allow-chroot-fallback is forbidden: pivot_root is required",
                    "remove --allow-chroot-fallback"),
            Rule.of("host-network-needs-allow", AGENT_ONLY,
                    r -> nativeHost(r) && !r.network().allowHostNetwork(),
                    "--network host shares the host's network namespace",
                    "add --allow-host-network to confirm, or use --network bridge"),
            Rule.of("host-network-forbidden", STRICT_MODES, ModeTableRules::nativeHost,
                    "native --network host is forbidden",
                    "use --network bridge, or --runtime gvisor --network gvisor-host --allow-host-network"),
            Rule.of("gvisor-host-needs-gvisor", ALL_MODES,
                    r -> r.network().mode() == NetworkMode.GVISOR_HOST && r.runtime().kind() != RuntimeKind.GVISOR,
                    "--network gvisor-host needs the gVisor runtime",
                    "add --runtime gvisor"),
            Rule.of("gvisor-host-needs-allow", ALL_MODES,
                    r -> r.network().mode() == NetworkMode.GVISOR_HOST && !r.network().allowHostNetwork(),
                    "--network gvisor-host uses the host's network through gVisor",
                    "add --allow-host-network to confirm"),
            Rule.of("gvisor-host-no-egress", ALL_MODES,
                    r -> r.network().mode() == NetworkMode.GVISOR_HOST
                            && (!r.network().egress().isEmpty() || r.network().credentialBroker().isPresent()),
                    "egress policy cannot be enforced with --network gvisor-host (Nucleus owns no network namespace)",
                    "remove the --egress-* and --credential-broker options, or use --network bridge"),
            Rule.of("allow-host-network-scope", AGENT_ONLY,
                    r -> r.network().allowHostNetwork()
                            && r.network().mode() != NetworkMode.HOST && r.network().mode() != NetworkMode.GVISOR_HOST,
                    "--allow-host-network is only meaningful with --network host or gvisor-host",
                    "remove --allow-host-network"),
            Rule.of("allow-host-network-gvisor-only", STRICT_MODES,
                    r -> r.network().allowHostNetwork() && r.network().mode() != NetworkMode.GVISOR_HOST,
                    "--allow-host-network is only permitted with --network gvisor-host --runtime gvisor",
                    "remove --allow-host-network"),
            Rule.of("seccomp-trace-forbidden", STRICT_MODES, r -> r.security().seccomp().mode() == SeccompMode.TRACE,
                    "--seccomp-mode trace is forbidden: seccomp must be enforced",
                    "remove --seccomp-mode trace; generate profiles in agent mode"),
            Rule.of("memory-required", PRODUCTION_ONLY, r -> r.resources().memory().isEmpty(),
                    "a memory limit is required",
                    "add --memory SIZE, e.g. --memory 1G"),
            Rule.of("cpus-required", PRODUCTION_ONLY, r -> r.resources().cpus().isEmpty(),
                    "a CPU limit is required",
                    "add --cpus N, e.g. --cpus 1"),
            Rule.of("rootfs-required", PRODUCTION_ONLY,
                    r -> r.filesystem().rootfs().kind() != RootfsSource.Kind.ROOTFS,
                    "a prebuilt root filesystem is required (host binds are not allowed)",
                    "add --rootfs DIR (a Nix-built rootfs in /nix/store: nix/rootfs.nix)"),
            Rule.of("rootfs-attestation-required", PRODUCTION_ONLY,
                    r -> !r.security().verifyRootfsAttestation(),
                    "the rootfs must be checked against its attestation before every start",
                    "add --verify-rootfs-attestation (nix/rootfs.nix writes .nucleus-rootfs-sha256;"
                            + " for another tree: nucleus rootfs attest DIR)"),
            Rule.of("agent-toolchain-rootfs-forbidden", PRODUCTION_ONLY,
                    r -> r.filesystem().rootfs().kind() == RootfsSource.Kind.AGENT_TOOLCHAIN,
                    "--agent-toolchain-rootfs is for agent modes",
                    "use --rootfs with an attested rootfs instead"),
            Rule.of("overlay-rootfs-forbidden", PRODUCTION_ONLY,
                    r -> r.filesystem().rootfs().mode() == RootfsMode.OVERLAY,
                    "--rootfs-mode overlay is not allowed: the production rootfs stays immutable",
                    "remove --rootfs-mode overlay"),
            Rule.of("bridge-dns-required", STRICT_MODES,
                    r -> r.network().mode() == NetworkMode.BRIDGE && r.network().dns().isEmpty()
                            && r.network().credentialBroker().isEmpty(),
                    "bridge networking needs explicit name servers (no public resolver defaults)",
                    "add --dns IP"),
            Rule.of("untrusted-native-forbidden", STRICT_MODES,
                    r -> r.runtime().trustLevel() == TrustLevel.UNTRUSTED && r.runtime().kind() == RuntimeKind.NATIVE,
                    "an untrusted workload (--trust-level untrusted is the default) may not run on the native runtime",
                    "add --runtime gvisor, or declare --trust-level trusted"),
            Rule.of("writable-exec-workspace-forbidden", PRODUCTION_ONLY,
                    r -> r.filesystem().workspace().filter(w -> w.writable() && w.exec()).isPresent(),
                    "a writable workspace may not be executable",
                    "use --workspace-mode bind-ro with --workspace-exec, or drop --workspace-exec"),
            Rule.of("gpu-forbidden", PRODUCTION_ONLY, r -> r.gpu().enabled(),
                    "GPU passthrough is not allowed",
                    "remove --gpu/--gpu-device; declare GPU needs through an attested rootfs"),
            Rule.of("policy-pin-required", PRODUCTION_ONLY, ModeTableRules::unpinnedPolicy,
                    "every policy file must be pinned by its SHA-256",
                    "add --seccomp-profile-sha256, --caps-policy-sha256 or --landlock-policy-sha256 for each policy file"),
            Rule.of("seccomp-allow-refused", STRICT_MODES,
                    r -> !SeccompOptIn.refused(r.security().seccomp().extraSyscalls()).isEmpty(),
                    "--seccomp-allow names a syscall that is not on the opt-in list, or one never allowed "
                            + "(namespaces, keyrings, mount, bpf, ptrace, module loading)",
                    "remove it; see dev.nucleus.domain.seccomp.SeccompOptIn for what may be added")
                    .naming(r -> String.join(", ", SeccompOptIn.refused(r.security().seccomp().extraSyscalls()))),
            Rule.of("cgroup-control-required", Rule.STRICT_MODES,
                    r -> r.resources().pids() == 0 && r.resources().memory().isEmpty() && r.resources().cpus().isEmpty()
                            && r.resources().cpuWeight().isEmpty() && r.resources().io().isEmpty(),
                    "at least one cgroup limit is required (--pids 0 disables the only default one)",
                    "set --pids N, --memory or --cpus"),
            Rule.of("pids-room-for-init", PRODUCTION_ONLY, r -> r.resources().pids() == 1,
                    "--pids 1 leaves no task for the workload beside production's init (PID 1)",
                    "set --pids 2 or more"),
            Rule.of("loader-env-forbidden", ALL_MODES,
                    r -> anyMatch(r.workload().env(), EnvVar::isLoaderInjection),
                    "environment keys " + EnvVar.LOADER_PREFIX + "*, " + String.join(", ",
                            new java.util.TreeSet<>(EnvVar.LOADER_KEYS)) + " can inject code into every program and"
                            + " are refused",
                    "remove them; build what you need into the rootfs")
                    .naming(r -> {
                        java.util.TreeSet<String> keys = new java.util.TreeSet<>();
                        for (EnvVar e : r.workload().env()) {
                            if (e.isLoaderInjection()) {
                                keys.add(e.key());
                            }
                        }
                        return String.join(", ", keys);
                    }));

    private static boolean nativeHost(LaunchRequest r) {
        return r.network().mode() == NetworkMode.HOST;
    }

    private static boolean unpinnedPolicy(LaunchRequest r) {
        return anyMatch(List.of(r.security().seccomp().profile(), r.security().capsPolicy(),
                r.security().landlockPolicy()), policy -> policy.isPresent() && policy.get().sha256().isEmpty());
    }
}
